"""GOV.UK forms for Early Intervention moves (crispy-forms-gds). They collect and tidy what was typed;
the rules live in `early_intervention.services`, whose ValidationErrors come back onto these fields so the
GOV.UK error summary shows them with everything the user typed still there."""

from crispy_forms_gds.layout import Button, ConditionalQuestion, ConditionalRadios, Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone

from early_intervention import selectors
from early_intervention.models import EarlyInterventionAgency, EarlyInterventionMove
from early_intervention.services import MeetingDetails, MoveConsent, MoveRecord, PlanItemDetails
from portal.forms import YES_NO, GovukForm, TeamChoiceField, event_date_field, text_area_field, yes_no_to_bool
from portal.forms import required as _required
from portal.models import Child, Team, User
from referrals.models import ConcernCategory
from sharing.models import ConsentRecord, SharingDecision
from sharing.rules import may_decide_for_themselves
from sharing.share_forms import EXPLANATION, REASON, ConsistentIdentifierFormMixin

Move = EarlyInterventionMove
UNKNOWN = "unknown"
RECORD_NOW = ""


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: EarlyInterventionAgency) -> str:
        return obj.name


class AgenciesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: EarlyInterventionAgency) -> str:
        return obj.name


class MoveForm(ConsistentIdentifierFormMixin, GovukForm):
    """Record a move: the plan, the agencies on it, where and when the child is moving, and the
    family's consent to their information being transferred."""

    submit_label = "Record the move"

    plan_reference = forms.CharField(
        label="Early Intervention plan reference",
        max_length=60,
        error_messages=_required("Enter the Early Intervention plan reference"),
    )
    tier = forms.TypedChoiceField(
        label="Level on the Continuum of Need",
        choices=Move.PlanTier.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages=_required("Choose Tier 2 or Tier 3"),
    )
    lead_team = TeamChoiceField(
        label="Your team (the lead professional's team)",
        queryset=Team.objects.none(),
        empty_label="Choose your team",
        help_text="Its managers are told if a next step of the move is overdue",
        error_messages=_required("Choose your team: the lead professional's team"),
    )
    agencies = forms.MultipleChoiceField(
        label="Which other agencies are on the plan?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Your own team is on the plan as the lead agency. Agencies that use this portal will see the "
        "move and the child's record.",
    )
    kind = forms.ChoiceField(
        label="Was the move planned?",
        choices=Move.Kind.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Say whether the move was planned"),
    )
    destination = forms.ChoiceField(
        label="Where is the child moving to?",
        error_messages=_required(
            "Choose the local authority the child is moving to, or say the whereabouts are unknown"
        ),
    )
    new_address = forms.CharField(
        label="New address, if known (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    move_date = event_date_field(
        "When did the child move, or when will they move?",
        required=True,
        message="Enter the date the child moved, or is planned to move",
    )
    consent = forms.ChoiceField(
        label="Did the family consent to their information being transferred to the new area?",
        choices=Move.Consent.choices,
        widget=forms.RadioSelect,
        help_text="Parental consent, or the child's own if they are competent to decide",
        error_messages=_required("Say whether the family consented to their information being transferred"),
    )
    existing_consent = forms.ChoiceField(label="Consent already recorded", required=False)
    consent_from = forms.ChoiceField(label="Who consented, or refused?", required=False)
    consent_capacity_reason = text_area_field(
        "If the child decided: why do you judge them able to decide for themselves?",
        rows=3,
        help_text="Needed for a child under 16 (Gillick competence). From 16 capacity is presumed.",
    )
    consent_method = forms.ChoiceField(
        label="How did they tell you?",
        choices=ConsentRecord.Method.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    consent_decided_on = event_date_field("When did they tell you?")
    consent_explanation = text_area_field("Why could the family not be asked?", rows=3)
    consent_refused_reasons = text_area_field(
        "Your reasons: what will you do now that the family has refused, and why?", rows=3
    )

    def __init__(self, *args, user: User, child: Child, **kwargs):
        self.child = child
        own = set(selectors.member_team_ids(user=user))
        # The recording user's own team is on the plan as the lead agency: it is not offered again.
        self.options = {
            option.value: option
            for option in selectors.agency_options(child=child)
            if option.team is None or option.team.pk not in own
        }
        self.destinations = {str(o.pk): o for o in selectors.destinations(child=child)}
        self.consents = {str(c.pk): c for c in selectors.consents_in_force(child=child)}
        self.parents = {str(r.person_id): r.person for r in selectors.parents_with_responsibility(child=child)}
        kwargs.setdefault("initial", {})
        if child.tier in Move.PlanTier.values:
            kwargs["initial"].setdefault("tier", child.tier)
        super().__init__(*args, **kwargs)
        teams = selectors.lead_teams_for(user=user)
        self.fields["lead_team"].queryset = teams
        team_ids = [team.pk for team in teams]
        if child.allocated_team_id in team_ids:
            self.fields["lead_team"].initial = child.allocated_team_id
        elif len(team_ids) == 1:
            self.fields["lead_team"].initial = team_ids[0]
        self.fields["agencies"].choices = [(value, option.label) for value, option in self.options.items()]
        self.fields["destination"].choices = [
            ("", "Choose where"),
            *[(pk, organisation.name) for pk, organisation in self.destinations.items()],
            (UNKNOWN, "The family's whereabouts are unknown"),
        ]
        self.fields["existing_consent"].choices = [
            (RECORD_NOW, "Record the consent now"),
            *[
                (pk, f"{record.given_by_label}, {record.decided_on:%-d %B %Y}: {record.purpose_detail[:80]}")
                for pk, record in self.consents.items()
            ],
        ]
        self.fields[
            "existing_consent"
        ].help_text = (
            "Consent for early help that is in force. Choose it if it covers transferring the family's information"
        )
        self.fields["consent_from"].choices = [
            ("", "Choose who"),
            *[(f"person:{pk}", f"{person.full_name} (parental responsibility)") for pk, person in self.parents.items()],
        ]
        if may_decide_for_themselves(child.date_of_birth, timezone.localdate()):
            # A child under 8 is not offered as the one deciding.
            self.fields["consent_from"].choices.append(("child", "The child (competent to decide for themselves)"))
        self.add_identifier_fields(known_nhs_number=child.nhs_number)

    def clean(self):
        cleaned = super().clean()
        self.add_identifier_problems()
        return cleaned

    def get_layout(self) -> Layout:
        given = Move.Consent.GIVEN.label
        consent_parts = [
            ConditionalQuestion(given, Field.select("existing_consent")) if self.consents else given,
            ConditionalQuestion(Move.Consent.REFUSED.label, Field.textarea("consent_refused_reasons")),
            ConditionalQuestion(Move.Consent.NOT_OBTAINED.label, Field.textarea("consent_explanation")),
        ]
        return Layout(
            Fieldset(
                Field.text("plan_reference", field_width=20),
                Field.radios("tier"),
                Field.select("lead_team"),
                Field.checkboxes("agencies", small=True),
                legend="The Early Intervention plan",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("kind", inline=True),
                Field.select("destination"),
                Field.textarea("new_address"),
                "move_date",
                legend="The move",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                ConditionalRadios("consent", *consent_parts),
                Fieldset(
                    Field.select("consent_from"),
                    Field.textarea("consent_capacity_reason"),
                    Field.radios("consent_method", small=True),
                    "consent_decided_on",
                    legend="If the family consented or refused, and it is not recorded yet",
                    legend_size=Size.SMALL,
                ),
                legend="Consent to transfer information",
                legend_size=Size.MEDIUM,
            ),
            *(
                [Fieldset(Field.radios(REASON), Field.textarea(EXPLANATION), legend="The child's NHS number")]
                if REASON in self.fields
                else []
            ),
            Button("submit", self.submit_label),
        )

    def record(self) -> MoveRecord:
        data = self.cleaned_data
        destination = data["destination"]
        who = data.get("consent_from") or ""
        if who.startswith("person:"):
            given_by, person = ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY, self.parents.get(who[7:])
        elif who == "child":
            given_by, person = ConsentRecord.GivenBy.CHILD, None
        else:
            given_by, person = "", None
        existing = self.consents.get(data.get("existing_consent") or "")
        status = data["consent"]
        return MoveRecord(
            plan_reference=data["plan_reference"],
            tier=data["tier"],
            lead_team=data["lead_team"],
            kind=data["kind"],
            whereabouts_known=destination != UNKNOWN,
            destination_authority=self.destinations.get(destination),
            move_date=data["move_date"],
            new_address=data.get("new_address") or "",
            agencies=[self.options[value] for value in data.get("agencies") or []],
            consent=MoveConsent(
                status=status,
                existing=existing if status == Move.Consent.GIVEN else None,
                given_by=given_by,
                person=person,
                method=data.get("consent_method") or "",
                decided_on=data.get("consent_decided_on"),
                explanation=(
                    data.get("consent_refused_reasons")
                    if status == Move.Consent.REFUSED
                    else data.get("consent_explanation")
                )
                or "",
                capacity_reason=data.get("consent_capacity_reason") or "",
            ),
            identifier=self.identifier_answers(),
        )


class ContactForm(GovukForm):
    submit_label = "Save the contact"

    contact_name = forms.CharField(
        label="Named contact", max_length=200, error_messages=_required("Enter the name of the contact")
    )
    contact_email = forms.EmailField(label="Email (optional)", required=False)
    contact_phone = forms.CharField(label="Phone (optional)", required=False, max_length=40)


class MeetingForm(GovukForm):
    submit_label = "Record the meeting"

    held_on = event_date_field("When was the meeting held?", required=True, message="Enter the date of the meeting")
    present = AgenciesField(
        label="Which agencies on the plan were at the meeting?",
        queryset=EarlyInterventionAgency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required("Choose the agencies that were at the meeting"),
    )
    others_present = forms.CharField(
        label="Anyone else present (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Their names, roles and agencies",
    )
    discussion_summary = text_area_field(
        "Summary of the discussion",
        "Summarise the discussion",
        rows=6,
        help_text="The change in circumstances and its impact on the child. Keep what is known apart from opinion.",
    )
    need_or_risk_increased = forms.ChoiceField(
        label="Have the needs of or the risks to the child increased?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages=_required("Say whether the needs of or the risks to the child have increased"),
    )
    significant_harm = forms.ChoiceField(
        label="May the child be at risk of, or suffering, significant harm?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="If yes, the outcome is a referral without delay: to children's social care in the receiving "
        "authority, or to MAST if the family's whereabouts are unknown",
        error_messages=_required("Say whether the child may be at risk of or suffering significant harm"),
    )
    harm_concerns = forms.MultipleChoiceField(
        label="If so, what kind of harm? (optional)",
        choices=ConcernCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Carried into the referral, so you do not type it again",
    )
    outcome_notes = text_area_field("What did the meeting agree?", "Record what the meeting agreed", rows=4)

    def __init__(self, *args, move: Move, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = move.agencies.select_related("organisation", "team")

    def get_layout(self) -> Layout:
        return Layout(
            "held_on",
            Field.checkboxes("present", small=True),
            Field.textarea("others_present"),
            Field.textarea("discussion_summary", label_size=Size.MEDIUM),
            Field.radios("need_or_risk_increased", inline=True, legend_size=Size.MEDIUM),
            Field.radios("significant_harm", inline=True, legend_size=Size.MEDIUM),
            Field.checkboxes("harm_concerns", small=True),
            Field.textarea("outcome_notes", label_size=Size.MEDIUM),
            Button("submit", self.submit_label),
        )

    def details(self) -> MeetingDetails:
        data = self.cleaned_data
        return MeetingDetails(
            held_on=data["held_on"],
            present=list(data["present"]),
            others_present=data.get("others_present") or "",
            discussion_summary=data["discussion_summary"],
            need_or_risk_increased=yes_no_to_bool(data["need_or_risk_increased"]),
            significant_harm=yes_no_to_bool(data["significant_harm"]),
            harm_concerns=list(data.get("harm_concerns") or []),
            outcome_notes=data["outcome_notes"],
        )


class PlanUpdateForm(GovukForm):
    submit_label = "Confirm the plan is updated"

    updated_on = event_date_field(
        "When was the plan updated?", required=True, message="Enter the date the plan was updated"
    )
    summary = text_area_field("What changed in the plan?", "Say what changed in the plan", rows=4)


class PlanItemForm(GovukForm):
    submit_label = "Add to the plan"

    sending_agency = AgencyChoiceField(
        label="Which agency sends the information?",
        queryset=EarlyInterventionAgency.objects.none(),
        empty_label="Choose an agency on the plan",
        error_messages=_required("Choose the agency on the plan that sends the information"),
    )
    information = text_area_field("What is sent?", "Say what information is sent", rows=3)
    receiving_agency = forms.CharField(
        label="To which equivalent agency in the receiving authority?",
        max_length=200,
        help_text="For example, the health visiting team of the new area",
        error_messages=_required("Name the equivalent agency in the receiving authority"),
    )
    due_on = event_date_field("By when?", required=True, message="Enter the date it is to be sent by")
    expectations = text_area_field(
        "What is expected of them?",
        "Say what is expected of the receiving agency",
        rows=3,
        help_text="How you expect them to continue to support the family",
    )

    def __init__(self, *args, move: Move, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sending_agency"].queryset = move.agencies.select_related("organisation", "team")

    def details(self) -> PlanItemDetails:
        data = self.cleaned_data
        return PlanItemDetails(
            sending_agency=data["sending_agency"],
            information=data["information"],
            receiving_agency=data["receiving_agency"],
            due_on=data["due_on"],
            expectations=data["expectations"],
        )


class ItemDoneForm(GovukForm):
    submit_label = "Tick it off"

    sent_on = event_date_field("When was it sent?", required=True, message="Enter the date the information was sent")
    method = forms.ChoiceField(
        label="How was it sent?",
        choices=SharingDecision.Method.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Say how the information was sent"),
    )


class RecordsForm(GovukForm):
    submit_label = "Confirm the records are up to date"

    on = event_date_field(
        "When were the records brought up to date?",
        required=True,
        message="Enter the date the records were brought up to date",
    )
    by_name = forms.CharField(
        label="Who confirmed it?",
        max_length=200,
        help_text="Their name and role in the agency",
        error_messages=_required("Name who confirmed the records are up to date"),
    )


class ForwardedForm(GovukForm):
    submit_label = "Confirm the records were forwarded"

    on = event_date_field(
        "When were the records forwarded?", required=True, message="Enter the date the records were forwarded"
    )
    by_name = forms.CharField(
        label="Who forwarded them?",
        max_length=200,
        help_text="Their name and role in the agency",
        error_messages=_required("Name who forwarded the records"),
    )
    forwarded_to = forms.CharField(
        label="Who in the receiving authority did they go to?",
        max_length=200,
        help_text="The equivalent agency, or the receiving authority's front door",
        error_messages=_required("Say who in the receiving authority the records went to"),
    )


def initial_contact(agency: EarlyInterventionAgency) -> dict:
    return {
        "contact_name": agency.contact_name,
        "contact_email": agency.contact_email,
        "contact_phone": agency.contact_phone,
    }
