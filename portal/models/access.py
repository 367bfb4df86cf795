"""Access to children's records: the access log (who opened which record, and emergency access)
and the ledger of grants that says which recorded basis each guardian permission rests on."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from portal.models.children import Child
from portal.models.organisations import Team


class AccessEvent(models.Model):
    """Who opened which child's record, when and, for emergency access, why."""

    class Kind(models.TextChoices):
        VIEW = "view", "Viewed the record"
        EMERGENCY = "emergency", "Emergency (break-glass) access"
        EMERGENCY_SEARCH = "emergency_search", "Emergency access search"
        # Someone recording a child matched this record, which they may not see (they were told only
        # that a record exists; the holder's MAST was told).
        DUPLICATE_MATCH = "duplicate_match", "Matched by the duplicate check"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_events")
    # Empty only for an emergency-access search that matched no record (the search is still logged).
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="access_events")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.VIEW)
    at = models.DateTimeField(default=timezone.now)
    access_basis = models.CharField(max_length=200, blank=True, help_text="Why the user could see the record.")
    what = models.CharField(max_length=100, blank=True, help_text="What was read: a page, an export, a document.")
    reason = models.TextField(blank=True, help_text="For emergency access: why it was needed.")
    expires_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["child", "at"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()} — {self.at:%Y-%m-%d %H:%M}"

    def escalation_summary(self) -> list[tuple[str, str]]:
        """What a reviewer needs to see about this access, without opening the child's record."""
        local = timezone.localtime
        rows = [
            ("Who", f"{self.user}, {self.user.job_title}, {self.user.organisation or 'no organisation'}"),
            ("When", f"{local(self.at):%-d %B %Y, %H:%M}"),
            ("Access", self.get_kind_display()),
            ("Reason given", self.reason or "None"),
        ]
        if self.expires_at:
            rows.append(("Access until", f"{local(self.expires_at):%-d %B %Y, %H:%M}"))
        return rows


class ChildAccessGrant(models.Model):
    """Why someone may see or edit a child's record.

    Guardian rows are the effective permissions that every query uses; this ledger says which
    recorded basis each of them rests on. A guardian row exists exactly while at least one active
    grant needs it, so revoking one basis (a consent withdrawn, a transfer accepted, emergency access
    expired) never takes away access that another basis still covers. Maintained only by
    `portal.services.child_access_grant` / `child_access_revoke`.
    """

    class Basis(models.TextChoices):
        ALLOCATED_WORKER = "allocated_worker", "Allocated worker"
        ALLOCATED_TEAM = "allocated_team", "Allocated team"
        CONSENT = "consent", "Consent to share"
        SHARING_DECISION = "sharing_decision", "Recorded decision to share"
        REFERRAL = "referral", "Referral"
        TRANSFER = "transfer", "Transfer between authorities"
        EARLY_INTERVENTION = "early_intervention", "Agency on an Early Intervention plan"
        EMERGENCY = "emergency", "Emergency (break-glass) access"
        # --- meetings (issue 16 part 2) ---
        PROFESSIONALS_MEETING = "professionals_meeting", "Invited to a professionals meeting"

    class Level(models.TextChoices):
        VIEW = "view", "Can view"
        EDIT = "edit", "Can view and edit"
        # A recipient of a share: what was shared with them (the disclosure), not the child's record.
        SHARED = "shared", "Can see what was shared with them"

    # The ledger is never cascaded away: a grant outlives nothing it names (accounts are deactivated,
    # not deleted).
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="access_grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="child_grants"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="child_grants")
    basis = models.CharField(max_length=32, choices=Basis.choices)
    level = models.CharField(max_length=8, choices=Level.choices, default=Level.VIEW)
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["granted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(user__isnull=False, team__isnull=True) | models.Q(user__isnull=True, team__isnull=False)
                ),
                name="child_grant_one_principal",
            )
        ]
        indexes = [models.Index(fields=["child", "revoked_at"]), models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"{self.user or self.team}: {self.get_level_display()} ({self.get_basis_display()})"

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()
