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
    # The email's delivery, for the administrators' list of failed email. Sent, failed (with the
    # mail server's reason: a permanent refusal, or temporary ones until the attempts ran out), or
    # still owed. `email_chain_at` is when a send was last queued or tried: the resend sweep leaves
    # a notification alone while its chain of retries is alive.
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_chain_at = models.DateTimeField(null=True, blank=True)
    email_failed_at = models.DateTimeField(null=True, blank=True)
    email_failure = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["email_chain_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "event_key"], name="notification_unique_event")]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="notification_email_owed",
                condition=models.Q(email_sent_at__isnull=True, email_failed_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def email_status(self) -> str:
        if self.email_sent_at is not None:
            return "Sent"
        if self.email_failed_at is not None:
            return "Failed"
        return "Not sent yet"
