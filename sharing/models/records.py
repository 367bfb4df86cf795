"""Consent, the record of every decision to share or not to share, and privacy notices
(DESIGN §4 sharing)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from portal.models import Child, Organisation, Person, Relationship
from sharing.choices import Answer, Purpose, SharedItemNature, StatutoryDuty
from sharing.choices import InformationCategory as InformationCategory  # re-exported: workflows import it here
from sharing.models.identifier import CarriesConsistentIdentifier
from sharing.models.reference import LawfulBasis, LegalGateway, SharingAgreement


class RecordedConsentManager(models.Manager["ConsentRecord"]):
    """A workflow draft's answers (`is_draft`) are not a record of consent until it is sent: left out
    of every read but the workflow's own, through its foreign key (the base manager)."""

    def get_queryset(self) -> models.QuerySet["ConsentRecord"]:
        return super().get_queryset().filter(is_draft=False)


class ConsentRecord(models.Model):
    """Consent to share a child's information, given or refused by the child (if competent) or a
    person with parental responsibility. Withdrawal is a transition, never an edit or a delete. A MAST
    referral's or CIN transfer's draft keeps a draft record (`is_draft`) that becomes it when sent."""

    class GivenBy(models.TextChoices):
        CHILD = "child", "The child (competent to decide)"
        PARENTAL_RESPONSIBILITY = "parental_responsibility", "A person with parental responsibility"

    class Status(models.TextChoices):
        GIVEN = "given", "Given"
        REFUSED = "refused", "Refused"
        NOT_SOUGHT = "not_sought", "Not sought"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class NotSoughtReason(models.TextChoices):
        CHILD_AT_RISK = "child_at_risk", "It would place the child at increased risk of significant harm"
        ADULT_AT_RISK = "adult_at_risk", "It would place an adult at risk of serious harm"
        PREJUDICE_CRIME = "prejudice_crime", "It would prejudice the prevention or detection of a serious crime"
        UNJUSTIFIED_DELAY = "unjustified_delay", "It would lead to unjustified delay in making enquiries"

    class Capacity(models.TextChoices):
        """Whether a child deciding for themselves can: judged competent (Gillick) under 16, presumed from 16."""

        GILLICK_COMPETENT = "gillick_competent", "Judged competent to decide (Gillick competence)"
        PRESUMED = "presumed", "Presumed: the child is 16 or older"

    class Method(models.TextChoices):
        IN_WRITING = "in_writing", "In writing (signed)"
        ELECTRONIC = "electronic", "Electronically (email or online form)"
        VERBAL_IN_PERSON = "verbal_in_person", "Verbally, in person"
        VERBAL_PHONE = "verbal_phone", "Verbally, by phone"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="consent_records")
    given_by = models.CharField(max_length=32, choices=GivenBy.choices, blank=True)
    given_by_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consent_records",
        help_text="The person with parental responsibility, when the child did not decide for themselves.",
    )
    purpose = models.CharField(max_length=32, choices=Purpose.choices)
    purpose_detail = models.TextField(blank=True)
    categories = models.JSONField(default=list, help_text="InformationCategory values covered.")
    recipients = models.ManyToManyField(Organisation, through="ConsentRecipient", related_name="+")
    recipients_detail = models.TextField(blank=True)
    status = FSMField(choices=Status.choices, protected=False, blank=True)
    method = models.CharField(max_length=32, choices=Method.choices, blank=True)
    decided_on = models.DateField(
        null=True, blank=True, help_text="When consent was given, refused or the decision not to seek it made."
    )
    not_sought_reason = models.CharField(max_length=32, choices=NotSoughtReason.choices, blank=True)
    explanation = models.TextField(blank=True)
    capacity = models.CharField(
        max_length=32,
        choices=Capacity.choices,
        blank=True,
        help_text="When the child decided for themselves: the judgement of their capacity to decide.",
    )
    capacity_reason = models.TextField(blank=True, help_text="Why the practitioner judged the child competent.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_method = models.CharField(max_length=32, choices=Method.choices, blank=True)
    withdrawal_note = models.TextField(blank=True)
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_draft = models.BooleanField(
        default=False, help_text="The answers a workflow's draft holds: not a record of consent until it is sent."
    )
    history = HistoricalRecords()

    objects = RecordedConsentManager()
    with_drafts = models.Manager()  # noqa: DJ012 (a manager, after the default one)

    class Meta:
        ordering = ["-decided_on", "-recorded_at"]
        base_manager_name = "with_drafts"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_draft=True) | ~models.Q(status="not_sought") | ~models.Q(not_sought_reason=""),
                name="consent_not_sought_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(is_draft=True)
                | ~models.Q(given_by="parental_responsibility")
                | models.Q(given_by_person__isnull=False),
                name="consent_parent_named",
            ),
            models.CheckConstraint(
                condition=models.Q(is_draft=True)
                | (~models.Q(status="") & ~models.Q(given_by="") & models.Q(decided_on__isnull=False)),
                name="consent_recorded_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"Consent {self.get_status_display().lower()} — {self.get_purpose_display()}"

    def get_absolute_url(self) -> str:
        return reverse("sharing:consent_detail", args=[self.pk])

    @property
    def given_by_label(self) -> str:
        if self.given_by == self.GivenBy.CHILD:
            return "The child"
        return str(self.given_by_person) if self.given_by_person else self.get_given_by_display()

    @property
    def capacity_judgement(self) -> str:
        """In words, the judgement of the capacity of a child who agreed or refused for themselves
        (blank when someone else decided): the one recorded or, on a workflow's draft, the one its
        answers give."""
        from sharing.rules import capacity_of

        if self.given_by != self.GivenBy.CHILD or self.status not in (self.Status.GIVEN, self.Status.REFUSED):
            return ""
        capacity = self.capacity
        if not capacity and self.decided_on is not None:
            born = self.child.date_of_birth if self.child_id else None
            capacity = capacity_of(born, self.decided_on, self.capacity_reason)
        if capacity == self.Capacity.GILLICK_COMPETENT:
            return f"{self.Capacity.GILLICK_COMPETENT.label}: {self.capacity_reason.strip()}"
        if capacity == self.Capacity.PRESUMED:
            return str(self.Capacity.PRESUMED.label)
        return "No judgement of the child's capacity is recorded"

    @transition(field=status, source=Status.GIVEN, target=Status.WITHDRAWN)
    def withdraw(self, *, by, at, how: str, note: str) -> None:
        self.withdrawn_at = at
        self.withdrawal_recorded_by = by
        self.withdrawal_method = how
        self.withdrawal_note = note


class ConsentRecipient(models.Model):
    consent = models.ForeignKey(ConsentRecord, on_delete=models.CASCADE, related_name="recipient_links")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["consent", "organisation"], name="consent_recipient_unique")]

    def __str__(self) -> str:
        return f"{self.organisation} — recipient under consent {self.consent_id}"


class SharingDecision(CarriesConsistentIdentifier, models.Model):
    """The Appendix 1 flow as data, with the decision and the reasons (the seventh golden rule).

    Built as a draft one question at a time; once completed it is locked. A correction is a new
    decision that amends the original, which stays visible.
    """

    class Outcome(models.TextChoices):
        SHARE = "share", "Share"
        DO_NOT_SHARE = "do_not_share", "Do not share"
        SEEK_ADVICE = "seek_advice", "Seek advice"
        # Under the duty to share (s16LA): the flow says share, but sharing would harm the child more.
        NOT_SHARED_DETRIMENTAL = "not_shared_detrimental", "Not shared: sharing would be more detrimental to the child"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_ADVICE = "awaiting_advice", "Waiting for advice"
        ADVICE_GIVEN = "advice_given", "Advice given"
        COMPLETED = "completed", "Completed"

    class Method(models.TextChoices):
        SECURE_EMAIL = "secure_email", "Secure email"
        SECURE_PORTAL = "secure_portal", "This portal"
        PHONE = "phone", "Phone"
        IN_PERSON = "in_person", "In person or at a meeting"
        SECURE_POST = "secure_post", "Recorded post"

    class NotToldReason(models.TextChoices):
        WOULD_INCREASE_RISK = "would_increase_risk", "Telling them would create or increase a risk of harm"
        ALREADY_AWARE = "already_aware", "They already knew it would be shared"
        NOT_YET = "not_yet", "They will be told, but have not been yet"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="sharing_decisions")
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sharing_decisions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sharing_decisions")
    status = FSMField(default=Status.DRAFT, choices=Status.choices, protected=False)
    started_at = models.DateTimeField(default=timezone.now)
    # The request.
    requested_by = models.CharField("Who asked for the information", max_length=200)
    recipient_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient_name = models.CharField("Named person", max_length=200, blank=True)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Set when the named person uses this portal: sharing gives them read access.",
    )
    purpose = models.CharField(max_length=32, choices=Purpose.choices)
    purpose_detail = models.TextField("What the information is needed for")
    # Appendix 1.
    purpose_answer = models.CharField(max_length=8, choices=Answer.choices, blank=True)
    consent_answer = models.CharField(max_length=8, choices=Answer.choices, blank=True)
    consent_record = models.ForeignKey(
        ConsentRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="sharing_decisions"
    )
    identifiable_answer = models.CharField(max_length=8, choices=Answer.choices, blank=True)
    lawful_without_consent_answer = models.CharField(max_length=8, choices=Answer.choices, blank=True)
    outcome = models.CharField(max_length=32, choices=Outcome.choices, blank=True)
    reasons = models.TextField(blank=True)
    statutory_duty = models.CharField(
        max_length=32, choices=StatutoryDuty.choices, blank=True, help_text="The statutory duty relied on, if any."
    )
    # Advice, when the flow says "seek advice".
    advice_question = models.TextField(blank=True)
    advice_escalation = models.ForeignKey(
        "portal.Escalation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    advice = models.TextField(blank=True)
    advice_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    advice_at = models.DateTimeField(null=True, blank=True)
    # What was shared, how and on what basis (for "share").
    categories = models.JSONField(default=list, blank=True)
    summary_facts = models.TextField("What was shared: facts", blank=True)
    summary_opinion = models.TextField("What was shared: professional opinion", blank=True)
    # Each item of what was shared, marked fact or opinion: [{"text": ..., "nature": "fact" | "opinion"}].
    shared_items = models.JSONField(default=list, blank=True)
    method = models.CharField(max_length=16, choices=Method.choices, blank=True)
    shared_on = models.DateField(null=True, blank=True)
    article_6_basis = models.ForeignKey(
        LawfulBasis,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": LawfulBasis.Kind.ARTICLE_6},
    )
    article_9_condition = models.ForeignKey(
        LawfulBasis,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": LawfulBasis.Kind.ARTICLE_9},
    )
    schedule_1_condition = models.ForeignKey(
        LawfulBasis,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": LawfulBasis.Kind.SCHEDULE_1},
    )
    legal_gateway = models.ForeignKey(LegalGateway, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    agreement = models.ForeignKey(
        SharingAgreement, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    individual_told = models.BooleanField(null=True, blank=True)
    not_told_reason = models.CharField(max_length=32, choices=NotToldReason.choices, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        help_text="The decision this one corrects; the original stays on the record.",
    )
    amendment_reason = models.TextField(blank=True)
    # A workflow record this decision was made for (a referral, a transfer, an EI move).
    context_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    context_id = models.PositiveBigIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_at", "-pk"]
        permissions = [("record_advice", "Can record advice on a sharing decision")]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["child", "status"]),
            # The organisation's log and its CSV, newest first (issue 14): read in order, no sort.
            models.Index(fields=["organisation", "-started_at", "-id"], name="decision_org_log"),
            # A practitioner's unfinished decisions on their home page: a heavy sharer has made tens
            # of thousands, nearly all completed, so only the unfinished ones are indexed.
            models.Index(
                fields=["made_by", "-started_at"],
                name="decision_unfinished_by_maker",
                condition=~models.Q(status="completed"),
            ),
        ]

    def __str__(self) -> str:
        outcome = self.get_outcome_display() if self.outcome else "Undecided"
        return f"Sharing decision: {outcome}"

    def get_absolute_url(self) -> str:
        return reverse("sharing:decision_detail", args=[self.pk])

    def escalation_summary(self) -> list[tuple[str, str]]:
        """What a reviewer needs to see on the escalation: the practitioner's own words."""
        rows = [
            ("Decision by", str(self.made_by)),
            ("Shared with", ", ".join(filter(None, [self.recipient_name, str(self.recipient_organisation or "")]))),
            ("What for", self.purpose_detail),
        ]
        if self.advice_question:
            rows.append(("Question asked", self.advice_question))
        if self.reasons:
            rows.append(("The practitioner's reasons", self.reasons))
        return [(label, value or "Not recorded") for label, value in rows]

    @property
    def answers(self) -> dict[str, str | None]:
        return {
            "purpose": self.purpose_answer or None,
            "consent": self.consent_answer or None,
            "identifiable": self.identifiable_answer or None,
            "lawful_without_consent": self.lawful_without_consent_answer or None,
        }

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.COMPLETED

    @property
    def items_shared(self) -> list[tuple[str, str]]:
        """Each item of what was shared and whether it is fact or opinion, as the page shows them."""
        labels = dict(SharedItemNature.choices)
        return [(item.get("text", ""), labels.get(item.get("nature", ""), "")) for item in self.shared_items or []]

    @property
    def with_consent(self) -> bool:
        return self.consent_answer == Answer.YES

    @transition(field=status, source=[Status.DRAFT, Status.ADVICE_GIVEN], target=Status.AWAITING_ADVICE)
    def request_advice(self) -> None:
        """Only the state changes: the service raises the advice request with the question."""

    @transition(field=status, source=Status.AWAITING_ADVICE, target=Status.ADVICE_GIVEN)
    def give_advice(self, *, by, at, advice: str) -> None:
        self.advice_by = by
        self.advice_at = at
        self.advice = advice

    @transition(field=status, source=[Status.DRAFT, Status.ADVICE_GIVEN], target=Status.COMPLETED)
    def complete(self, *, at) -> None:
        self.completed_at = at

    @transition(field=status, source=Status.AWAITING_ADVICE, target=Status.DRAFT)
    def withdraw_advice_request(self) -> None:
        """The practitioner withdraws the request and answers the questions again, this time to a
        decision (the request stays on the record)."""
        self.outcome = ""


class PrivacyNotice(models.Model):
    """Privacy information owed, within one month, to a person whose data we obtained from a third
    party (UK GDPR Article 14), unless an exemption applies."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PROVIDED = "provided", "Provided"
        EXEMPT = "exempt", "Exempt"

    class ProvidedHow(models.TextChoices):
        COPY_GIVEN = "copy_given", "A copy of the privacy notice was given"
        SIGNPOSTED = "signposted", "Signposted to the privacy notice online"
        LETTER = "letter", "Sent by letter"

    class Exemption(models.TextChoices):
        ALREADY_AWARE = "already_aware", "The person already has the information"
        IMPOSSIBLE = "impossible", "Providing it would be impossible"
        DISPROPORTIONATE = "disproportionate", "Providing it would involve disproportionate effort"
        IMPAIR_PURPOSE = "impair_purpose", "It would make the purpose impossible or seriously impair it"
        LEGAL_REQUIREMENT = "legal_requirement", "The law requires us to obtain or disclose the data"
        PROFESSIONAL_SECRECY = "professional_secrecy", "An obligation of professional secrecy covers the data"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="privacy_notices")
    relationship = models.OneToOneField(Relationship, on_delete=models.PROTECT, related_name="privacy_notice")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="privacy_notices")
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="privacy_notices_due"
    )
    obtained_on = models.DateField()
    due_on = models.DateField()
    status = FSMField(default=Status.PENDING, choices=Status.choices, protected=False)
    provided_how = models.CharField(max_length=16, choices=ProvidedHow.choices, blank=True)
    provided_on = models.DateField(null=True, blank=True)
    exemption = models.CharField(max_length=32, choices=Exemption.choices, blank=True)
    justification = models.TextField(blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"Privacy notice for {self.person} — {self.get_status_display().lower()}"

    def get_absolute_url(self) -> str:
        return reverse("sharing:privacy_notice_detail", args=[self.pk])

    @transition(field=status, source=Status.PENDING, target=Status.PROVIDED)
    def mark_provided(self, *, by, at, how: str, on) -> None:
        self.provided_how = how
        self.provided_on = on
        self.closed_by = by
        self.closed_at = at

    @transition(field=status, source=Status.PENDING, target=Status.EXEMPT)
    def mark_exempt(self, *, by, at, exemption: str, justification: str) -> None:
        self.exemption = exemption
        self.justification = justification
        self.closed_by = by
        self.closed_at = at
