"""The sign-in audit: who signed in, failed to, was refused or signed out, when and from where."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class SignInEvent(models.Model):
    """One event in someone's sign-in history. Never the password: only the name that was typed."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        FAILED = "failed", "Wrong name or password"
        LOCKED_OUT = "locked_out", "Refused: sign-in paused after too many attempts"
        CODE_ACCEPTED = "code_accepted", "Two-factor code accepted"
        CODE_REFUSED = "code_refused", "Wrong two-factor code"
        SIGNED_OUT = "signed_out", "Signed out"
        TIMED_OUT = "timed_out", "Signed out by the portal (no activity, or the day's limit)"
        TWO_FACTOR_ENROLLED = "two_factor_enrolled", "Set up two-factor sign-in"
        BACKUP_CODES_ISSUED = "backup_codes_issued", "Made new backup codes"
        TWO_FACTOR_RESET = "two_factor_reset", "Two-factor sign-in reset by an administrator"
        PASSWORD_CHANGED = "password_changed", "Changed their password"
        PASSWORD_RESET = "password_reset", "Reset their password by email"

    FAILURES = (Kind.FAILED, Kind.LOCKED_OUT, Kind.CODE_REFUSED)

    kind = models.CharField(max_length=32, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sign_in_events",
        help_text="Empty when the name typed belongs to nobody.",
    )
    username = models.CharField(max_length=150, blank=True, help_text="The name that was typed, or the user's.")
    at = models.DateTimeField(default=timezone.now)
    address = models.GenericIPAddressField(null=True, blank=True, help_text="Where the request came from.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For an administrator's action: who did it.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "-at"]), models.Index(fields=["-at"])]

    def __str__(self) -> str:
        return f"{self.username or 'unknown'} — {self.get_kind_display()} — {self.at:%Y-%m-%d %H:%M}"
