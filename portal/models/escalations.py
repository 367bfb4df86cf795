"""Escalations: every one in the portal, pointing at its subject, and who is assigned to it."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from portal.models.children import Child
from portal.models.organisations import Organisation


class Escalation(models.Model):
    """Every escalation in the portal, pointing at its subject. Raising is idempotent per
    (subject, kind, level): see `portal.services.escalation_raise`."""

    class Kind(models.TextChoices):
        TRANSFER_DECISION_OVERDUE = "transfer_decision_overdue", "Transfer decision overdue"
        TRANSFER_DISPUTED = "transfer_disputed", "Transfer disputed"
        SCREENING_OVERDUE = "screening_overdue", "Screening overdue"
        PRIVACY_NOTICE_OVERDUE = "privacy_notice_overdue", "Privacy notice overdue"
        SHARING_ADVICE_REQUESTED = "sharing_advice_requested", "Advice on sharing requested"
        CONSENT_OVERRIDDEN = "consent_overridden", "Consent overridden"
        EMERGENCY_ACCESS = "emergency_access", "Emergency access"
        EARLY_INTERVENTION_ACTION_OVERDUE = "ei_action_overdue", "Early Intervention action overdue"
        WHEREABOUTS_UNKNOWN = "whereabouts_unknown", "Whereabouts unknown: decide whether to issue an alert"
        TRANSFER_NOT_REFERRED = "transfer_not_referred", "Transfer not referred after the move"
        # Issue 16: not shared under the duty to share (s16LA) as more detrimental: a Caldicott Guardian reviews it.
        NOT_SHARED_DETRIMENTAL = "not_shared_detrimental", "Not shared as more detrimental to the child"
        INTELLIGENCE_NOT_ASSESSED = "intelligence_not_assessed", "Exploitation intelligence not assessed"  # issue 16
        # --- meetings (issue 16 part 2) ---
        MEETING_ACTION_OVERDUE = "meeting_action_overdue", "Professionals meeting action overdue"
        SUBJECT_ACCESS_OVERDUE = "subject_access_overdue", "Subject access request overdue"

    class Level(models.IntegerChoices):
        TEAM_MANAGER = 1, "Level 1 — team manager"
        SENIOR = 2, "Level 2 — head of service / Caldicott Guardian"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        RESOLVED = "resolved", "Resolved"

    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.TEAM_MANAGER)
    status = FSMField(default=Status.OPEN, choices=Status.choices, protected=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="escalations",
        help_text="The organisation whose Caldicott Guardian oversees this escalation.",
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="escalations")
    summary = models.TextField(help_text="What is wrong, without more personal data than needed.")
    raised_at = models.DateTimeField(default=timezone.now)
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="EscalationAssignment", related_name="escalations"
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=200, blank=True)
    rationale = models.TextField(blank=True)
    actions = models.TextField(blank=True, help_text="Actions agreed at review.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-level", "raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "kind", "level"], name="escalation_unique_per_subject"
            )
        ]
        indexes = [models.Index(fields=["status", "organisation"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_level_display()})"

    def get_absolute_url(self) -> str:
        return reverse("portal:escalation_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.RESOLVED

    @transition(field=status, source=Status.OPEN, target=Status.ACKNOWLEDGED)
    def acknowledge(self, *, by, at) -> None:
        self.acknowledged_by = by
        self.acknowledged_at = at

    @transition(field=status, source=[Status.OPEN, Status.ACKNOWLEDGED], target=Status.RESOLVED)
    def resolve(self, *, by, at, resolution: str, rationale: str, actions: str = "") -> None:
        self.resolved_by = by
        self.resolved_at = at
        self.resolution = resolution
        self.rationale = rationale
        self.actions = actions


class EscalationAssignment(models.Model):
    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["escalation", "user"], name="escalation_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.user} assigned to escalation {self.escalation_id}"
