"""Each registered sweep's record of its runs: its lock (so the same sweep never runs twice at once)
and when it last succeeded (so `/readyz` fails when one has stopped)."""

from django.db import models


class SweepRun(models.Model):
    """One row per sweep, updated by every run (no history: it changes every minute and says
    nothing about a person; each run is in the logs as `sweep.finished` or `sweep.failed`)."""

    name = models.CharField(max_length=100, unique=True)
    # The lock: set while a run holds it. A run that died holding it is taken over once it is older
    # than portal.sweeps.LOCK_TIMEOUT.
    running_since = models.DateTimeField(null=True, blank=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_succeeded_at = models.DateTimeField(null=True, blank=True)
    last_failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=100, blank=True, help_text="The exception's class, never its message.")
    last_counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
