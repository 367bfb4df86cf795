"""Early Intervention plan moves (DESIGN §4, `EarlyInterventionMove`).

A child supported by a multi-agency Early Intervention plan (Tier 3), or at Tier 2, moves out of
area (guidance 6.2): planned and unplanned moves, the multi-agency meeting, and the outcomes. Which
outcome a move reaches is decided by `early_intervention.rules.decide`; the services in
`early_intervention.services` are the only writers.

The tables keep the names they had when these models lived in `transfers` (each `db_table`, and each
history table's `table_name`), so a database made before the app existed upgrades in place.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import RETURN_VALUE, FSMField, transition
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from portal.models import Child, Organisation, Team, Tier
from sharing.models import CarriesConsistentIdentifier, ConsentRecord, SharingDecision


class EarlyInterventionMove(CarriesConsistentIdentifier, models.Model):
    """A move out of area of a child on an Early Intervention plan, recorded by the lead professional.

    recorded → awaiting the multi-agency meeting (unplanned moves, and planned moves without consent)
    → one of the outcomes, each with its own next steps → completed when they are all done. A move
    that did not happen is withdrawn (not once a referral is the outcome: that concern stands).
    """

    class State(models.TextChoices):
        RECORDED = "recorded", "Recorded"
        AWAITING_MEETING = "awaiting_meeting", "Waiting for the multi-agency meeting"
        AGREED_PLAN = "agreed_plan", "Agreed transfer plan"
        PLAN_UPDATED_SHARING = "plan_updated_sharing", "Plan updated: information shared as agreed"
        PLAN_UPDATED_CHECKLIST = "plan_updated_checklist", "Plan updated: agencies forward their own records"
        REFERRAL_RECEIVING_CSC = (
            "referral_receiving_csc",
            "Referral to children's social care in the receiving authority",
        )
        REFERRAL_MAST = "referral_mast", "Referral to MAST: whereabouts unknown"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # The states an outcome leads to (each is an `rules.Outcome` value).
    OUTCOMES = (
        State.AGREED_PLAN,
        State.PLAN_UPDATED_SHARING,
        State.PLAN_UPDATED_CHECKLIST,
        State.REFERRAL_RECEIVING_CSC,
        State.REFERRAL_MAST,
    )
    REFERRALS = (State.REFERRAL_RECEIVING_CSC, State.REFERRAL_MAST)
    WITH_PLAN_ITEMS = (State.AGREED_PLAN, State.PLAN_UPDATED_SHARING)
    PLAN_UPDATES = (State.PLAN_UPDATED_SHARING, State.PLAN_UPDATED_CHECKLIST)
    CLOSED = (State.COMPLETED, State.WITHDRAWN)
    WITHDRAWABLE = (State.AWAITING_MEETING, State.AGREED_PLAN, *PLAN_UPDATES)

    class Kind(models.TextChoices):
        PLANNED = "planned", "Planned"
        UNPLANNED = "unplanned", "Unplanned"

    class Consent(models.TextChoices):
        GIVEN = "given", "Given"
        REFUSED = "refused", "Refused"
        NOT_OBTAINED = "not_obtained", "Not obtained: the family could not be asked"

    class PlanTier(models.IntegerChoices):
        ADDITIONAL = Tier.ADDITIONAL.value, Tier.ADDITIONAL.label
        EARLY_INTERVENTION = Tier.EARLY_INTERVENTION.value, Tier.EARLY_INTERVENTION.label

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="early_intervention_moves")
    plan_reference = models.CharField("Early Intervention plan reference", max_length=60)
    tier = models.PositiveSmallIntegerField(choices=PlanTier.choices)
    lead_professional = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lead_team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        related_name="early_intervention_moves",
        help_text="The lead professional's team: its managers are told when next steps are overdue.",
    )
    organisations = models.ManyToManyField(
        Organisation, through="EarlyInterventionAgency", related_name="early_intervention_moves"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    destination_authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="early_intervention_moves_in",
        limit_choices_to={"kind": Organisation.Kind.LOCAL_AUTHORITY},
        help_text="Blank when the family's whereabouts are unknown.",
    )
    whereabouts_known = models.BooleanField(default=True)
    new_address = models.TextField(blank=True)
    move_date = models.DateField(help_text="When the child moved, or is planned to move.")
    consent = models.CharField("Parental consent for transferring information", max_length=16, choices=Consent.choices)
    consent_record = models.ForeignKey(
        ConsentRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="early_intervention_moves"
    )
    consent_explanation = models.TextField(blank=True, help_text="Why consent could not be obtained.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    state = FSMField(default=State.RECORDED, choices=State.choices, protected=False)
    outcome = models.CharField(max_length=32, choices=State.choices, blank=True)
    outcome_reason = models.TextField(blank=True, help_text="Why the guidance leads to this outcome.")
    outcome_at = models.DateTimeField(null=True, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    follow_up_due_on = models.DateField(
        null=True, blank=True, help_text="For a referral: sent without delay, within one working day."
    )
    referral = models.ForeignKey(
        "referrals.MastReferral", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    plan_updated_on = models.DateField(null=True, blank=True)
    plan_update_summary = models.TextField(blank=True)
    plan_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(blank=True)
    history = HistoricalRecords(table_name="transfers_historicalearlyinterventionmove")

    class Meta:
        db_table = "transfers_earlyinterventionmove"
        ordering = ["-created_at", "-pk"]
        verbose_name = "Early Intervention move"
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=~models.Q(state__in=["completed", "withdrawn"]),
                name="ei_move_one_open_per_child",
            ),
            models.CheckConstraint(
                condition=models.Q(whereabouts_known=True, destination_authority__isnull=False)
                | models.Q(whereabouts_known=False, destination_authority__isnull=True),
                name="ei_move_destination_or_whereabouts_unknown",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="planned") | models.Q(whereabouts_known=True),
                name="ei_move_planned_has_destination",
            ),
            models.CheckConstraint(condition=models.Q(tier__in=[2, 3]), name="ei_move_tier_2_or_3"),
            models.CheckConstraint(
                condition=models.Q(consent="not_obtained") | models.Q(consent_record__isnull=False),
                name="ei_move_consent_recorded",
            ),
        ]
        indexes = [models.Index(fields=["state", "follow_up_due_on"]), models.Index(fields=["lead_team", "state"])]

    def __str__(self) -> str:
        return f"Early Intervention move {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("early_intervention:detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"EI-{self.pk:06d}"

    @property
    def destination_label(self) -> str:
        destination = self.destination_authority
        return destination.name if destination is not None else "Whereabouts unknown"

    @property
    def is_planned(self) -> bool:
        return self.kind == self.Kind.PLANNED

    @property
    def is_open(self) -> bool:
        return self.state not in self.CLOSED

    @property
    def has_consent(self) -> bool:
        """Consent to transfer information, and still in force (withdrawing it changes the outcome)."""
        return (
            self.consent == self.Consent.GIVEN
            and self.consent_record is not None
            and self.consent_record.status == ConsentRecord.Status.GIVEN
        )

    @property
    def recorded_meeting(self) -> "MultiAgencyMeeting | None":
        try:
            return self.meeting
        except MultiAgencyMeeting.DoesNotExist:
            return None

    @property
    def state_tag_colour(self) -> str:
        if self.state in self.REFERRALS:
            return "red"
        return {
            self.State.RECORDED: "grey",
            self.State.AWAITING_MEETING: "orange",
            self.State.AGREED_PLAN: "blue",
            self.State.PLAN_UPDATED_SHARING: "blue",
            self.State.PLAN_UPDATED_CHECKLIST: "light-blue",
            self.State.COMPLETED: "green",
            self.State.WITHDRAWN: "grey",
        }[self.state]

    def decision(self):
        """The outcome the guidance gives for what is recorded now (`rules.decide`)."""
        from early_intervention import rules

        meeting = self.recorded_meeting
        return rules.decide(
            planned=self.is_planned,
            consent=self.has_consent,
            whereabouts_known=self.whereabouts_known,
            meeting_held=meeting is not None,
            need_or_risk_increased=meeting.need_or_risk_increased if meeting else None,
            significant_harm=meeting.significant_harm if meeting else None,
        )

    def needs_meeting(self) -> bool:
        from early_intervention import rules

        return rules.meeting_required(
            planned=self.is_planned, consent=self.has_consent, whereabouts_known=self.whereabouts_known
        )

    def outcome_reached(self) -> bool:
        """FSM condition: an outcome is reached only when the guidance gives one, which for an
        unplanned move (or a planned one without consent) needs the multi-agency meeting."""
        return self.decision() is not None

    def outstanding_steps(self) -> list[str]:
        """What is still to do before the move is complete (reads the related records)."""
        steps: list[str] = []
        if self.state in self.PLAN_UPDATES and self.plan_updated_on is None:
            steps.append("Confirm the Early Intervention plan has been updated")
        if self.state in self.WITH_PLAN_ITEMS:
            items = list(self.plan_items.all())
            if not items:
                steps.append("Agree the transfer plan: what each agency sends, to whom and by when")
            elif any(item.done_at is None for item in items):
                steps.append("Tick off every item of the agreed transfer plan")
        if self.state == self.State.PLAN_UPDATED_CHECKLIST and any(not row.is_complete for row in self.checklist.all()):
            steps.append("Each agency confirms its records are up to date and forwarded")
        if self.state in self.REFERRALS and (self.referral is None or self.referral.is_draft):
            steps.append("Send the referral")
        return steps

    def steps_done(self) -> bool:
        return self.state in self.OUTCOMES and not self.outstanding_steps()

    # django-fsm types a condition as a function of any Model, not of the model it is declared on.
    @transition(
        field=state,
        source=State.RECORDED,
        target=State.AWAITING_MEETING,
        conditions=[needs_meeting],  # type: ignore[list-item]
    )
    def await_meeting(self) -> None:
        """Only the state changes: the move now waits for its multi-agency meeting."""

    @transition(
        field=state,
        source=[State.RECORDED, State.AWAITING_MEETING],
        target=RETURN_VALUE(*OUTCOMES),
        conditions=[outcome_reached],  # type: ignore[list-item]
    )
    def reach_outcome(self, *, at, on) -> str:
        decision = self.decision()
        self.outcome = decision.outcome.value
        self.outcome_reason = decision.reason
        self.outcome_at = at
        self.outcome_on = on
        return decision.outcome.value

    @transition(
        field=state,
        source=list(OUTCOMES),
        target=State.COMPLETED,
        conditions=[steps_done],  # type: ignore[list-item]
    )
    def complete(self, *, at) -> None:
        self.completed_at = at

    @transition(field=state, source=list(WITH_PLAN_ITEMS), target=State.PLAN_UPDATED_CHECKLIST)
    def reroute_without_consent(self, *, reason: str) -> None:
        """Consent withdrawn after the plan was agreed (§6.2): information is no longer transferred
        under the plan; the universal agencies forward their own records instead."""
        self.outcome = self.State.PLAN_UPDATED_CHECKLIST.value
        self.outcome_reason = reason

    @transition(field=state, source=list(WITHDRAWABLE), target=State.WITHDRAWN)
    def withdraw(self, *, by, at, reason: str) -> None:
        self.withdrawn_by = by
        self.withdrawn_at = at
        self.withdrawal_reason = reason


class EarlyInterventionMoveUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(EarlyInterventionMove, on_delete=models.CASCADE)
    history = HistoricalRecords(table_name="transfers_historicalearlyinterventionmoveuserobjectpermission")

    class Meta(UserObjectPermissionBase.Meta):
        db_table = "transfers_earlyinterventionmoveuserobjectpermission"


class EarlyInterventionMoveGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(EarlyInterventionMove, on_delete=models.CASCADE)
    history = HistoricalRecords(table_name="transfers_historicalearlyinterventionmovegroupobjectpermission")

    class Meta(GroupObjectPermissionBase.Meta):
        db_table = "transfers_earlyinterventionmovegroupobjectpermission"


class EarlyInterventionAgency(models.Model):
    """An agency on the child's Early Intervention plan: an organisation and, when it uses the
    portal, the team that works with the child (its group sees the move)."""

    move = models.ForeignKey(EarlyInterventionMove, on_delete=models.PROTECT, related_name="agencies")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    is_lead = models.BooleanField(default=False, help_text="The lead professional's agency.")
    contact_name = models.CharField("Named contact", max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(table_name="transfers_historicalearlyinterventionagency")

    class Meta:
        db_table = "transfers_earlyinterventionagency"
        ordering = ["-is_lead", "organisation__name", "pk"]
        verbose_name = "agency on an Early Intervention plan"
        verbose_name_plural = "agencies on Early Intervention plans"
        constraints = [
            models.UniqueConstraint(
                fields=["move", "team"], condition=models.Q(team__isnull=False), name="ei_agency_unique_team"
            ),
            models.UniqueConstraint(
                fields=["move", "organisation"],
                condition=models.Q(team__isnull=True),
                name="ei_agency_unique_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        team = self.team
        if team is not None:
            return f"{team.name}, {self.organisation.name}"
        return self.organisation.name

    @property
    def contact(self) -> str:
        return ", ".join(x for x in [self.contact_name, self.contact_email, self.contact_phone] if x)


class MultiAgencyMeeting(models.Model):
    """The meeting the agencies hold after an unplanned move, to consider whether the child's needs
    or the risks to them have increased. Its outcome is recorded; the move's outcome follows it."""

    move = models.OneToOneField(EarlyInterventionMove, on_delete=models.PROTECT, related_name="meeting")
    held_on = models.DateField()
    others_present = models.TextField("Others present", blank=True)
    discussion_summary = models.TextField()
    need_or_risk_increased = models.BooleanField("Has need or risk increased?")
    significant_harm = models.BooleanField("May the child be at risk of or suffering significant harm?")
    harm_concerns = models.JSONField(default=list, blank=True, help_text="referrals.ConcernCategory values.")
    outcome_notes = models.TextField("What the meeting agreed")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(table_name="transfers_historicalmultiagencymeeting")

    class Meta:
        db_table = "transfers_multiagencymeeting"
        verbose_name = "multi-agency meeting"

    def __str__(self) -> str:
        return f"Multi-agency meeting on {self.held_on:%-d %B %Y}"


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(MultiAgencyMeeting, on_delete=models.PROTECT, related_name="attendance")
    agency = models.ForeignKey(EarlyInterventionAgency, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(table_name="transfers_historicalmeetingattendance")

    class Meta:
        db_table = "transfers_meetingattendance"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "agency"], name="ei_meeting_attendance_unique")]

    def __str__(self) -> str:
        return f"{self.agency} at {self.meeting}"


class AgreedPlanItem(models.Model):
    """One line of the agreed transfer plan: which agency sends what to which equivalent agency in
    the receiving authority, by when, and what is expected of them. Ticked off when sent."""

    move = models.ForeignKey(EarlyInterventionMove, on_delete=models.PROTECT, related_name="plan_items")
    sending_agency = models.ForeignKey(EarlyInterventionAgency, on_delete=models.PROTECT, related_name="plan_items")
    information = models.TextField("What is sent")
    receiving_agency = models.CharField("Equivalent agency in the receiving authority", max_length=200)
    due_on = models.DateField("By when")
    expectations = models.TextField("What is expected of them")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    done_on = models.DateField("Sent on", null=True, blank=True)
    done_method = models.CharField(max_length=16, choices=SharingDecision.Method.choices, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    sharing_decision = models.ForeignKey(
        SharingDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(table_name="transfers_historicalagreedplanitem")

    class Meta:
        db_table = "transfers_agreedplanitem"
        ordering = ["due_on", "pk"]
        verbose_name = "agreed transfer plan item"
        indexes = [models.Index(fields=["done_at", "due_on"])]

    def __str__(self) -> str:
        return f"{self.sending_agency} to {self.receiving_agency} by {self.due_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return f"{self.move.get_absolute_url()}#item-{self.pk}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def escalation_summary(self) -> list[tuple[str, str]]:
        return [
            ("Move", self.move.reference),
            ("Sent by", self.sending_agency.name),
            ("To", self.receiving_agency),
            ("Due", f"{self.due_on:%-d %B %Y}"),
        ]


class AgencyRecordsCheck(models.Model):
    """Without consent and with no increase in need or risk, each agency on the plan makes sure its
    records are up to date and forwards them to the receiving authority under its own procedures."""

    move = models.ForeignKey(EarlyInterventionMove, on_delete=models.PROTECT, related_name="checklist")
    agency = models.OneToOneField(EarlyInterventionAgency, on_delete=models.PROTECT, related_name="records_check")
    records_confirmed_on = models.DateField("Records up to date on", null=True, blank=True)
    records_confirmed_by_name = models.CharField("Who confirmed the records", max_length=200, blank=True)
    records_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    forwarded_on = models.DateField("Forwarded on", null=True, blank=True)
    forwarded_by_name = models.CharField("Who forwarded them", max_length=200, blank=True)
    forwarded_to = models.CharField("Forwarded to", max_length=200, blank=True)
    forwarded_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(table_name="transfers_historicalagencyrecordscheck")

    class Meta:
        db_table = "transfers_agencyrecordscheck"
        ordering = ["agency__organisation__name", "pk"]
        verbose_name = "agency records check"

    def __str__(self) -> str:
        return f"Records check: {self.agency}"

    @property
    def records_confirmed(self) -> bool:
        return self.records_confirmed_on is not None

    @property
    def forwarded(self) -> bool:
        return self.forwarded_on is not None

    @property
    def is_complete(self) -> bool:
        return self.records_confirmed and self.forwarded
