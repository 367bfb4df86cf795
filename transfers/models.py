"""Transfers between local authorities (DESIGN §4 transfers).

Child-in-Need transfers across borders: the sending authority refers the case to the receiving
authority with a Case Transfer Summary, CIN plans and recent minutes; the receiving authority decides
on the level of risk or need within 15 days of the referral (see `transfers.clocks`), and case
responsibility moves at that decision. A receiving team that learns of a child first can ask for a
transfer (`TransferRequest`).

Early Intervention plan moves have their own app, `early_intervention`.

Models hold data, constraints and allowed transitions only; every write goes through
`transfers.services`.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, transition
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from portal.models import Child, Organisation, Person, Team, Tier
from sharing.models import CarriesConsistentIdentifier, ConsentRecord, SharingDecision
from sharing.rules import ConsentAnswers

# --- Transfer requests ---------------------------------------------------------------------------


class TransferRequest(models.Model):
    """A receiving team that learned of a Child in Need from another area (for example through a
    MAST alert) asks the sending authority to refer the case. The sending side answers by referring
    or by explaining why not."""

    class State(models.TextChoices):
        OPEN = "open", "Waiting for an answer"
        REFERRED = "referred", "Answered: the case has been referred"
        DECLINED = "declined", "Answered: no referral"

    requesting_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="transfer_requests_made")
    requesting_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    sending_authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Organisation.Kind.LOCAL_AUTHORITY},
        help_text="The authority believed to hold the Child in Need case.",
    )
    # What the requesting team knows of the child: it cannot see the child's record.
    child_first_name = models.CharField(max_length=100)
    child_last_name = models.CharField(max_length=100)
    child_date_of_birth = models.DateField(null=True, blank=True)
    child_nhs_number = models.CharField(max_length=10, blank=True)
    child_address = models.TextField(blank=True, help_text="Where the child is living now.")
    how_learned = models.TextField("How we learned of the child")
    # The record the request came from (a MAST alert, for one), when there is one.
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    # The sending authority's child, when the NHS number matched one of its cases.
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="transfer_requests")
    state = FSMField(default=State.OPEN, choices=State.choices, protected=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    explanation = models.TextField(blank=True, help_text="Why the sending authority is not referring.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["sending_authority", "state"])]

    def __str__(self) -> str:
        return f"Transfer request {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("transfers:request_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"TR-{self.pk:06d}"

    @property
    def child_name(self) -> str:
        return f"{self.child_first_name} {self.child_last_name}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @transition(field=state, source=State.OPEN, target=State.REFERRED)
    def mark_referred(self, *, by, at) -> None:
        self.answered_by = by
        self.answered_at = at

    @transition(field=state, source=State.OPEN, target=State.DECLINED)
    def decline(self, *, by, at, explanation: str) -> None:
        self.answered_by = by
        self.answered_at = at
        self.explanation = explanation


class TransferRequestUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(TransferRequest, on_delete=models.CASCADE)
    history = HistoricalRecords()


class TransferRequestGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(TransferRequest, on_delete=models.CASCADE)
    history = HistoricalRecords()


# --- Child-in-Need transfers ---------------------------------------------------------------------


class CinTransfer(CarriesConsistentIdentifier, models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        REFERRED = "referred", "Referred"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        DISPUTED = "disputed", "Disputed"
        RESOLVED = "resolved", "Dispute resolved"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # Waiting for the receiving authority's decision: the clock runs.
    UNDECIDED = (State.REFERRED, State.ACKNOWLEDGED)
    # Not finished: a child has at most one of these at a time.
    OPEN = (State.DRAFT, State.REFERRED, State.ACKNOWLEDGED, State.DECLINED, State.DISPUTED)

    class MoveKind(models.TextChoices):
        PERMANENT = "permanent", "Permanent"
        TEMPORARY = "temporary", "Temporary"
        UNKNOWN = "unknown", "Not known (treated as permanent)"

    class FamilyAgreement(models.TextChoices):
        AGREED = "agreed", "The family agreed"
        REFUSED = "refused", "The family did not agree"
        NOT_SOUGHT = "not_sought", "Agreement was not sought"

    class ProtectionConcerns(models.TextChoices):
        NONE = "none", "No child protection concerns"
        HISTORIC = "historic", "Historic child protection concerns"
        CURRENT = "current", "Current child protection concerns"

    class AdviceFrom(models.TextChoices):
        LEGAL_SERVICES = "legal_services", "Legal services"
        CALDICOTT_GUARDIAN = "caldicott_guardian", "The Caldicott Guardian"

    class Resolution(models.TextChoices):
        RECEIVING_ACCEPTS = "receiving_accepts", "The receiving authority takes case responsibility"
        SENDING_RETAINS = "sending_retains", "The sending authority keeps case responsibility"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cin_transfers")
    sending_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cin_transfers_out")
    sending_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cin_transfers_out")
    receiving_authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="cin_transfers_in",
        limit_choices_to={"kind": Organisation.Kind.LOCAL_AUTHORITY},
    )
    receiving_team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cin_transfers_in",
        help_text="Where known when referring; the team that accepted, once accepted.",
    )
    request = models.ForeignKey(
        TransferRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="transfers"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    # The move.
    move_date = models.DateField(help_text="When the child moved, or is expected to move.")
    new_address = models.TextField(blank=True)
    new_postcode = models.CharField(max_length=10, blank=True)
    move_kind = models.CharField(max_length=16, choices=MoveKind.choices)

    # The family's agreement, and what happens when there is none. Who agreed or did not, how and
    # when is kept on the consent record (a draft record until the transfer is referred: `sharing`).
    family_agreement = models.CharField(max_length=16, choices=FamilyAgreement.choices, blank=True)
    protection_concerns = models.CharField(max_length=16, choices=ProtectionConcerns.choices, blank=True)
    proceed_reason = models.TextField(
        blank=True, help_text="Why the referral is made without the family's agreement, or why it was not sought."
    )
    advice_from = models.CharField(max_length=32, choices=AdviceFrom.choices, blank=True)
    advice_by = models.CharField("Who gave the advice", max_length=200, blank=True)
    advice_on = models.DateField(null=True, blank=True)
    advice_summary = models.TextField(blank=True)
    family_told = models.BooleanField(null=True, blank=True, help_text="The family has been told of the referral.")
    family_not_told_reason = models.CharField(max_length=32, choices=SharingDecision.NotToldReason.choices, blank=True)

    # The Case Transfer Summary.
    reason_for_involvement = models.TextField(blank=True)
    current_plan = models.TextField(blank=True)
    risks = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    professionals_involved = models.TextField(blank=True)
    family_views = models.TextField(blank=True)
    outstanding_actions = models.TextField(blank=True)
    # The seventh golden rule: why the sending team shares, in its own words (the sharing decision's reasons).
    sharing_reasons = models.TextField("Why you are sharing this information with the receiving authority", blank=True)
    information_categories = models.JSONField(default=list, blank=True)

    # The workflow.
    state = FSMField(default=State.DRAFT, choices=State.choices, protected=False)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referred_at = models.DateTimeField(null=True, blank=True)
    referred_on = models.DateField(null=True, blank=True, help_text="The clock starts on this day.")
    decision_due_on = models.DateField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    level_of_need = models.PositiveSmallIntegerField(choices=Tier.choices, null=True, blank=True)
    decision_notes = models.TextField(blank=True)
    decline_reason = models.TextField(blank=True)
    disputed_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=32, choices=Resolution.choices, blank=True)
    resolution_rationale = models.TextField(blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)

    # The family's answer (a draft consent record until referral), and the sharing decision made at referral.
    consent_record = models.ForeignKey(ConsentRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    sharing_decision = models.ForeignKey(
        SharingDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision_due_on", "-created_at", "-pk"]
        verbose_name = "Child in Need transfer"
        permissions = [("decide_cintransfer", "Can accept or decline a Child in Need transfer for their team")]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(state__in=["draft", "referred", "acknowledged", "declined", "disputed"]),
                name="cin_transfer_one_open_per_child",
            ),
            models.CheckConstraint(
                condition=~models.Q(state__in=["referred", "acknowledged"]) | models.Q(decision_due_on__isnull=False),
                name="cin_transfer_undecided_has_due_date",
            ),
        ]
        indexes = [
            models.Index(fields=["receiving_authority", "state"]),
            models.Index(fields=["state", "decision_due_on"]),
        ]

    def __str__(self) -> str:
        return f"Child in Need transfer {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("transfers:cin_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"CT-{self.pk:06d}"

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def is_undecided(self) -> bool:
        return self.state in self.UNDECIDED

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN

    @property
    def treated_as_permanent(self) -> bool:
        """An unknown move is treated as permanent (the guidance: assume it is, and act on it)."""
        return self.move_kind in (self.MoveKind.PERMANENT, self.MoveKind.UNKNOWN)

    @property
    def responsibility_moved(self) -> bool:
        return self.state == self.State.ACCEPTED or (
            self.state == self.State.RESOLVED and self.resolution == self.Resolution.RECEIVING_ACCEPTS
        )

    @property
    def agreement_answers(self) -> ConsentAnswers:
        """Who agreed or did not, how and when: the consent answers the transfer refers to."""
        return ConsentAnswers.of(self.consent_record)

    @property
    def agreement_person(self) -> Person | None:
        return self.consent_record.given_by_person if self.consent_record is not None else None

    @property
    def proceeds_without_agreement(self) -> bool:
        return self.family_agreement in (self.FamilyAgreement.REFUSED, self.FamilyAgreement.NOT_SOUGHT)

    @property
    def has_protection_concerns(self) -> bool:
        return self.protection_concerns in (self.ProtectionConcerns.HISTORIC, self.ProtectionConcerns.CURRENT)

    @property
    def state_tag_colour(self) -> str:
        """The GOV.UK tag colour for the state."""
        return {
            self.State.DRAFT: "grey",
            self.State.REFERRED: "blue",
            self.State.ACKNOWLEDGED: "light-blue",
            self.State.ACCEPTED: "green",
            self.State.DECLINED: "red",
            self.State.DISPUTED: "red",
            self.State.RESOLVED: "turquoise",
            self.State.WITHDRAWN: "grey",
        }[self.state]

    @transition(field=state, source=State.DRAFT, target=State.REFERRED)
    def refer(self, *, by, at, on, due) -> None:
        self.referred_by = by
        self.referred_at = at
        self.referred_on = on
        self.decision_due_on = due

    @transition(field=state, source=State.REFERRED, target=State.ACKNOWLEDGED)
    def acknowledge(self, *, by, at) -> None:
        self.acknowledged_by = by
        self.acknowledged_at = at

    @transition(field=state, source=[State.REFERRED, State.ACKNOWLEDGED], target=State.ACCEPTED)
    def accept(self, *, by, at, team, level_of_need: int, notes: str) -> None:
        self.decided_by = by
        self.decided_at = at
        self.receiving_team = team
        self.level_of_need = level_of_need
        self.decision_notes = notes

    @transition(field=state, source=[State.REFERRED, State.ACKNOWLEDGED], target=State.DECLINED)
    def decline(self, *, by, at, reason: str) -> None:
        self.decided_by = by
        self.decided_at = at
        self.decline_reason = reason

    @transition(field=state, source=State.DECLINED, target=State.DISPUTED)
    def open_dispute(self, *, at) -> None:
        self.disputed_at = at

    @transition(field=state, source=State.DISPUTED, target=State.RESOLVED)
    def resolve(self, *, by, at, resolution: str, rationale: str, team=None, level_of_need=None) -> None:
        self.resolved_by = by
        self.resolved_at = at
        self.resolution = resolution
        self.resolution_rationale = rationale
        if team is not None:
            self.receiving_team = team
            self.level_of_need = level_of_need

    @transition(field=state, source=[State.DRAFT, State.REFERRED, State.ACKNOWLEDGED], target=State.WITHDRAWN)
    def withdraw(self, *, by, at, reason: str) -> None:
        self.withdrawn_by = by
        self.withdrawn_at = at
        self.withdrawal_reason = reason


class CinTransferUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(CinTransfer, on_delete=models.CASCADE)
    history = HistoricalRecords()


class CinTransferGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(CinTransfer, on_delete=models.CASCADE)
    history = HistoricalRecords()


def document_upload_to(instance: "TransferDocument", filename: str) -> str:
    """A random stored name: the original name (which may name the child) is kept in the database."""
    suffix = PurePath(filename).suffix.lower()
    return f"transfers/cin/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class TransferDocument(models.Model):
    """A CIN plan, the minutes of a meeting, or another document sent with a transfer. Checked for
    type and size on upload (`portal.documents`)."""

    class Kind(models.TextChoices):
        CIN_PLAN = "cin_plan", "Child in Need plan"
        MINUTES = "minutes", "Minutes of a meeting"
        OTHER = "other", "Another document (an assessment, a chronology)"

    transfer = models.ForeignKey(CinTransfer, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=200)
    meeting_on = models.DateField(null=True, blank=True, help_text="For minutes: the date of the meeting.")
    file = models.FileField(upload_to=document_upload_to, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100, help_text="Worked out from the file's contents.")
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("transfers:cin_document", args=[self.transfer_id, self.pk])


class FamilyUpdate(models.Model):
    """What the family was told about the transfer, when and by whom."""

    class Method(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        PHONE = "phone", "By phone"
        VIDEO = "video", "By video call"
        LETTER = "letter", "By letter"
        EMAIL = "email", "By email or text message"

    transfer = models.ForeignKey(CinTransfer, on_delete=models.PROTECT, related_name="family_updates")
    told_on = models.DateField()
    who_was_told = models.CharField(max_length=200)
    method = models.CharField(max_length=16, choices=Method.choices)
    what_was_told = models.TextField()
    told_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-told_on", "-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"Family told on {self.told_on:%-d %B %Y}"
