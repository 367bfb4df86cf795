"""Saving with django-simple-history's change reason and acting user: every service writes
through this, so each version in a record's history says why it changed and who changed it."""

from django.db import models


def save(instance: models.Model, *, reason: str, by=None) -> None:
    instance._change_reason = reason[:100]
    if by is not None:
        # Requests set the user through HistoryRequestMiddleware; services and tasks say it here.
        instance._history_user = by
    instance.save()
