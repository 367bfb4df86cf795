"""Disposal at the end of a retention period (issue 17), for the apps' `register_retention_type`
hooks: a record's personal data is overwritten and every earlier version of it in its history is
deleted, so nothing identifying is left in the record or its history. One version stays, recording
the disposal and holding only the anonymised values."""

from django.db import models
from simple_history.utils import bulk_update_with_history


def anonymise_with_history(model: type[models.Model], ids: list[int], *, values: dict, reason: str) -> int:
    """Overwrite `values` on the `model` rows `ids` and delete their earlier history. Run inside the
    caller's transaction (the retention service holds one for the whole batch)."""
    if not ids:
        return 0
    records = list(model._default_manager.filter(pk__in=ids).order_by("pk"))
    model.history.model.objects.filter(id__in=[record.pk for record in records]).delete()  # type: ignore[attr-defined]
    for record in records:
        for field, value in values.items():
            setattr(record, field, value)
    bulk_update_with_history(records, model, list(values), default_change_reason=reason[:100])
    return len(records)
