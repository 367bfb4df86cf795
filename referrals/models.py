"""MAST referrals (Tier 5), their screening, and alerts to MAST (DESIGN §4 referrals).

Models hold data, constraints and the allowed transitions; every write goes through
`referrals.services`. Who may see what is held in guardian rows on the direct foreign-key
permission models below (DESIGN §5).
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, transition
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from portal.models import Child, Organisation, Person, Relationship
from sharing.models import CarriesConsistentIdentifier, ConsentRecord, SharingDecision
from sharing.rules import ConsentAnswers


class ConcernCategory(models.TextChoices):
    PHYSICAL_ABUSE = "physical_abuse", "Physical abuse or an unexplained injury"
    EMOTIONAL_ABUSE = "emotional_abuse", "Emotional abuse"
    SEXUAL_ABUSE = "sexual_abuse", "Sexual abuse"
    NEGLECT = "neglect", "Neglect, including failure to thrive"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse in the household"
    EXPLOITATION = "exploitation", "Child exploitation (criminal or sexual)"
    PARENTAL_SUBSTANCE_MISUSE = "parental_substance_misuse", "A parent's or carer's drug or alcohol misuse"
    PARENTAL_MENTAL_HEALTH = "parental_mental_health", "A parent's or carer's mental ill health"
    CHILD_MENTAL_HEALTH = "child_mental_health", "The child's mental health or self-harm"
    MISSING = "missing", "The child is missing or their whereabouts are unknown"
    OTHER = "other", "Another concern about significant harm"


class Urgency(models.IntegerChoices):
    """Orders the screening queue: the lowest number is screened first."""

    IMMEDIATE = 1, "Immediate: the child may be at risk of significant harm today"
    URGENT = 2, "Urgent: significant harm is likely within days without action"
    STANDARD = 3, "Standard: a concern about significant harm with no sign of immediate danger"


class Outcome(models.TextChoices):
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    INFORMATION_AND_ADVICE = "information_and_advice", "Information and advice"
    EARLY_HELP = "early_help", "Early help"
    CIN_ASSESSMENT = "cin_assessment", "Child in Need assessment (s17)"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion (s47)"
    PASSED_TO_ANOTHER_AUTHORITY = "passed_to_another_authority", "Passed to another authority"


class MastReferral(CarriesConsistentIdentifier, models.Model):
    """A referral to MAST by anyone who works with children, with the consent decision behind it.

    draft → submitted → in screening → outcome recorded. Passing the referral to another authority
    is an outcome for the authority that screened it; the referral goes back to "submitted" for the
    other authority's MAST, which screens it in turn (each screening is a `Screening`).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        IN_SCREENING = "in_screening", "In screening"
        OUTCOME_RECORDED = "outcome_recorded", "Outcome recorded"

    class MatchedOn(models.TextChoices):
        """How a referrer who does not work on the child's record identified it: by details they
        typed that match it exactly. Blank when they chose a child whose record they work on."""

        NHS_NUMBER = "nhs_number", "The same NHS number"
        NAME_AND_DATE_OF_BIRTH = "name_and_date_of_birth", "The same name and date of birth"

    class ConsentDecision(models.TextChoices):
        GIVEN = ConsentRecord.Status.GIVEN.value, "Yes, and they agreed to the referral"
        REFUSED = ConsentRecord.Status.REFUSED.value, "Yes, and they refused"
        NOT_SOUGHT = ConsentRecord.Status.NOT_SOUGHT.value, "No, I did not seek their agreement"

    # Not personal data: the year and a number, e.g. MAST-2026-000123. Given on submission.
    reference = models.CharField(max_length=20, blank=True, editable=False)
    # An idempotency key from the start page: pressing "Start" twice makes one draft.
    creation_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = FSMField(default=Status.DRAFT, choices=Status.choices, protected=False)
    referrer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mast_referrals")
    referrer_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="mast_referrals_made"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="mast_referrals")
    # A record the referrer does not work on, found by the exact details they gave: they are shown
    # these details and who holds the record, never the record itself.
    child_matched_on = models.CharField(max_length=32, choices=MatchedOn.choices, blank=True)
    child_given_first_name = models.CharField("Child's first name as given", max_length=100, blank=True)
    child_given_last_name = models.CharField("Child's last name as given", max_length=100, blank=True)
    child_given_date_of_birth = models.DateField("Child's date of birth as given", null=True, blank=True)
    child_given_nhs_number = models.CharField("Child's NHS number as given", max_length=10, blank=True)
    authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mast_referrals_received",
        limit_choices_to={"kind": Organisation.Kind.LOCAL_AUTHORITY},
        help_text="The local authority whose MAST screens the referral now.",
    )
    # The concern.
    concern_categories = models.JSONField(default=list, blank=True, help_text="ConcernCategory values.")
    what_happened = models.TextField("What happened: the facts", blank=True)
    referrer_view = models.TextField("What you think: your professional opinion", blank=True)
    # The seventh golden rule: why the referrer shares, in their own words (the sharing decision's reasons).
    sharing_reasons = models.TextField("Why you are sharing this information with MAST", blank=True)
    urgency = models.PositiveSmallIntegerField(choices=Urgency.choices, null=True, blank=True)
    information_categories = models.JSONField(
        default=list, blank=True, help_text="sharing.InformationCategory values the referral contains."
    )
    advice_from = models.CharField("Who you discussed the concern with", max_length=200, blank=True)
    # The family.
    child_views = models.TextField("The child's views", blank=True)
    family_views = models.TextField("The family's views", blank=True)
    family_told = models.BooleanField("The family has been told about the referral", null=True, blank=True)
    family_told_detail = models.TextField("What the family has been told", blank=True)
    family_not_told_reason = models.CharField(max_length=32, choices=SharingDecision.NotToldReason.choices, blank=True)
    # Consent: sought and given / sought and refused / not sought (with one of the four reasons), kept
    # on the consent record (a draft record while the referral is a draft: `sharing`).
    # The parent or carer named by a referrer who cannot see the child's recorded people: added to the
    # child's record (or matched to a recorded parent of the same name) only when the referral is sent.
    consent_person_first_name = models.CharField(max_length=100, blank=True)
    consent_person_last_name = models.CharField(max_length=100, blank=True)
    consent_person_kind = models.CharField(max_length=32, choices=Relationship.Kind.choices, blank=True)
    consent_person_source = models.CharField(max_length=16, choices=Relationship.Source.choices, blank=True)
    # The consent answers (a draft record until the referral is sent), and the sharing decision
    # recorded through information governance on submission.
    consent_record = models.ForeignKey(
        ConsentRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="mast_referrals"
    )
    sharing_decision = models.ForeignKey(
        SharingDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="mast_referrals"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    screening_due = models.DateField(null=True, blank=True, help_text="When the current screening is due.")
    outcome = models.CharField(max_length=32, choices=Outcome.choices, blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "MAST referral"
        permissions = [("screen_mastreferral", "Can screen MAST referrals")]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"], condition=~models.Q(reference=""), name="mast_referral_unique_reference"
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | ~models.Q(reference=""), name="mast_referral_sent_has_reference"
            ),
        ]
        indexes = [models.Index(fields=["status", "authority", "urgency", "screening_due"])]

    def __str__(self) -> str:
        return self.reference or f"Draft referral {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("referrals:detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.IN_SCREENING)

    @property
    def child_is_matched(self) -> bool:
        """About a record the referrer does not work on, identified by the details they gave."""
        return bool(self.child_matched_on)

    @property
    def child_label(self) -> str:
        """The child as the referrer knows them: for a matched record, the details they gave."""
        if not self.child_is_matched:
            return self.child.full_name if self.child is not None else ""
        name = f"{self.child_given_first_name} {self.child_given_last_name}".strip()
        if name:
            return name
        nhs = self.child_given_nhs_number
        return f"NHS number {nhs[:3]} {nhs[3:6]} {nhs[6:]}" if nhs else "The child"

    @property
    def known_nhs_number(self) -> str:
        """The child's NHS number as recorded, or as the referrer gave it (the consistent identifier)."""
        recorded = self.child.nhs_number if self.child is not None else ""
        return recorded or self.child_given_nhs_number

    @property
    def consent_answers(self) -> ConsentAnswers:
        """What the referral says about consent, answered or not yet."""
        return ConsentAnswers.of(self.consent_record)

    @property
    def consent_decision_label(self) -> str:
        """The answer to "did you seek agreement to this referral?" as the page asks it."""
        return dict(self.ConsentDecision.choices).get(self.consent_answers.status, "")

    @property
    def consent_person(self) -> Person | None:
        """The recorded person with parental responsibility whose agreement was sought."""
        return self.consent_record.given_by_person if self.consent_record is not None else None

    @property
    def consent_person_label(self) -> str:
        if self.consent_person is not None:
            return self.consent_person.full_name
        return f"{self.consent_person_first_name} {self.consent_person_last_name}".strip()

    @property
    def concern_labels(self) -> list[str]:
        labels = dict(ConcernCategory.choices)
        return [labels.get(value, value) for value in self.concern_categories]

    @property
    def information_labels(self) -> list[str]:
        from sharing.models import InformationCategory

        labels = dict(InformationCategory.choices)
        return [labels.get(value, value) for value in self.information_categories]

    @transition(field=status, source=Status.DRAFT, target=Status.SUBMITTED)
    def submit(self, *, at, reference: str, authority: Organisation, due) -> None:
        self.submitted_at = at
        self.reference = reference
        self.authority = authority
        self.screening_due = due

    @transition(field=status, source=Status.SUBMITTED, target=Status.IN_SCREENING)
    def start_screening(self) -> None:
        """Only the state changes: the service records who started, on the Screening."""

    @transition(field=status, source=Status.IN_SCREENING, target=Status.OUTCOME_RECORDED)
    def record_outcome(self, *, outcome: str, at) -> None:
        self.outcome = outcome
        self.outcome_recorded_at = at

    @transition(field=status, source=Status.IN_SCREENING, target=Status.SUBMITTED)
    def pass_to(self, *, authority: Organisation, due) -> None:
        self.authority = authority
        self.screening_due = due


class ReferralUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(MastReferral, on_delete=models.CASCADE)


class ReferralGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(MastReferral, on_delete=models.CASCADE)


class Screening(models.Model):
    """One authority's screening of a referral: due one working day after it arrived (§10)."""

    referral = models.ForeignKey(MastReferral, on_delete=models.PROTECT, related_name="screenings")
    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="mast_screenings")
    received_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField()
    started_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=32, choices=Outcome.choices, blank=True)
    reasons = models.TextField(blank=True)
    passed_to = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["received_at", "pk"]
        verbose_name = "MAST screening"
        constraints = [
            models.UniqueConstraint(
                fields=["referral"], condition=models.Q(outcome=""), name="screening_one_open_per_referral"
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="passed_to_another_authority") | models.Q(passed_to__isnull=False),
                name="screening_passed_names_authority",
            ),
        ]
        indexes = [
            models.Index(fields=["outcome", "due_on"]),
            # The queue's "recently screened" (issue 14): the decided screenings of an authority,
            # newest first, read from the index instead of sorting every decided screening.
            models.Index(
                fields=["authority", "-decided_at"], condition=~models.Q(outcome=""), name="screening_decided"
            ),
        ]

    def __str__(self) -> str:
        return f"Screening of {self.referral} by {self.authority}"

    def get_absolute_url(self) -> str:
        return self.referral.get_absolute_url()

    @property
    def is_decided(self) -> bool:
        return bool(self.outcome)


class ScreeningCheck(models.Model):
    """A check MAST made with another agency while screening: who, when, and what they said."""

    screening = models.ForeignKey(Screening, on_delete=models.PROTECT, related_name="checks")
    agency = models.CharField("Agency checked with", max_length=200)
    contact = models.CharField("Who you spoke to", max_length=200, blank=True)
    checked_on = models.DateField()
    information = models.TextField("What they told you")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["checked_on", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"Check with {self.agency} on {self.checked_on:%-d %B %Y}"


class MastAlert(models.Model):
    """Another agency tells MAST that a Child in Need from another area now lives here, or a social
    care team tells MAST that a Child in Need has left for an unknown location (Tier 4 guidance)."""

    class Kind(models.TextChoices):
        CIN_MOVED_IN = "cin_moved_in", "A Child in Need from another area is now living here"
        WHEREABOUTS_UNKNOWN = "whereabouts_unknown", "A Child in Need has left for an unknown location"

    class Status(models.TextChoices):
        NEW = "new", "New"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        CLOSED = "closed", "Closed"

    kind = models.CharField(max_length=32, choices=Kind.choices)
    status = FSMField(default=Status.NEW, choices=Status.choices, protected=False)
    authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="mast_alerts",
        limit_choices_to={"kind": Organisation.Kind.LOCAL_AUTHORITY},
        help_text="The local authority whose MAST receives the alert.",
    )
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mast_alerts")
    raised_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    # About the child, as the alerting agency knows them.
    child_first_name = models.CharField(max_length=100, blank=True)
    child_last_name = models.CharField(max_length=100, blank=True)
    child_date_of_birth = models.DateField(null=True, blank=True)
    current_address = models.TextField("Where the child is living now", blank=True)
    previous_area = models.CharField("Where the child lived before", max_length=200, blank=True)
    what_is_known = models.TextField("What you know")
    risk_assessment = models.TextField("The risk assessment behind the alert", blank=True)
    # What MAST links it to.
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="mast_alerts")
    referral = models.ForeignKey(MastReferral, on_delete=models.PROTECT, null=True, blank=True, related_name="alerts")
    # A transfer request (transfers app) this alert led to: a generic reference, because `referrals`
    # does not import `transfers` (DESIGN §3). Set through services.alert_link_transfer.
    transfer_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    transfer_id = models.PositiveBigIntegerField(null=True, blank=True)
    transfer = GenericForeignKey("transfer_type", "transfer_id")
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    action_taken = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = "alert to MAST"
        verbose_name_plural = "alerts to MAST"
        permissions = [("act_on_mastalert", "Can act on alerts to MAST")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="whereabouts_unknown") | ~models.Q(risk_assessment=""),
                name="mast_alert_unknown_has_risk_assessment",
            )
        ]
        indexes = [models.Index(fields=["authority", "status"])]

    def __str__(self) -> str:
        return f"Alert {self.pk}: {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("referrals:alert_detail", args=[self.pk])

    @property
    def child_name(self) -> str:
        if self.child is not None:
            return self.child.full_name
        return f"{self.child_first_name} {self.child_last_name}".strip()

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @transition(field=status, source=Status.NEW, target=Status.ACKNOWLEDGED)
    def acknowledge(self, *, by, at) -> None:
        self.acknowledged_by = by
        self.acknowledged_at = at

    @transition(field=status, source=[Status.NEW, Status.ACKNOWLEDGED], target=Status.CLOSED)
    def close(self, *, by, at, action_taken: str) -> None:
        if self.acknowledged_at is None:
            self.acknowledged_by = by
            self.acknowledged_at = at
        self.closed_by = by
        self.closed_at = at
        self.action_taken = action_taken


class AlertUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(MastAlert, on_delete=models.CASCADE)


class AlertGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(MastAlert, on_delete=models.CASCADE)
