"""The in-app inbox (each item also sent by email)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Notification(models.Model):
    """An in-app inbox item, also sent by email. Unique per (recipient, event key) so a retried
    task or a sweep run twice never tells anyone twice."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event_key = models.CharField(max_length=200)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True, help_text="A path inside the portal.")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "event_key"], name="notification_unique_event")]
        # The resend sweep's "emails not yet sent" read, which would otherwise scan every notification.
        indexes = [
            models.Index(
                fields=["created_at"], condition=models.Q(email_sent_at__isnull=True), name="notification_unsent"
            )
        ]

    def __str__(self) -> str:
        return self.subject
