"""Saving with django-simple-history's change reason and acting user: every service writes
through this, so each version in a record's history says why it changed and who changed it."""

from django.db import models


def save(instance: models.Model, *, reason: str, by=None) -> None:
    # django-simple-history (untyped) reads these two attributes off the instance as it writes the
    # version; no model declares them.
    instance._change_reason = reason[:100]  # type: ignore[attr-defined]
    if by is not None:
        # Requests set the user through HistoryRequestMiddleware; services and tasks say it here.
        instance._history_user = by  # type: ignore[attr-defined]
    instance.save()
