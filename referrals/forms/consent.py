"""The consent step of a draft referral: whose agreement was sought (the child, a parent or carer
with parental responsibility on the record, or one the referrer names), and whether it was given,
refused or not sought and why. The service side is `services/consent.py`."""

from datetime import date

from crispy_forms_gds.layout import ConditionalQuestion, ConditionalRadios, Field, Layout
from django import forms
from django.utils import timezone

from portal.forms import event_date_field, not_in_future, text_area_field
from portal.forms import required as _required
from portal.models import Relationship
from portal.services import PersonDetails, RelationshipDetails
from referrals import rules
from referrals.forms.steps import ReferralStepForm
from referrals.models import MastReferral
from sharing.forms import ConsentAnswersFormMixin
from sharing.models import ConsentRecord
from sharing.rules import ConsentAnswers, may_decide_for_themselves

NEW_PERSON = "new"
NEW_PERSON_LABEL = "A parent or carer with parental responsibility who is not recorded yet"
NAMED_PERSON_LABEL = "A parent or carer with parental responsibility: give their name"
CHILD_LABEL = "The child, who is old enough to decide for themselves"


class ReferralConsentForm(ConsentAnswersFormMixin, ReferralStepForm):
    consent_wording = rules.CONSENT_WORDING
    consent_field_of = rules.CONSENT_FIELD_OF

    consent_decision = forms.ChoiceField(
        label="Did you seek agreement to this referral?",
        choices=MastReferral.ConsentDecision.choices,
        widget=forms.RadioSelect,
        help_text="Usually you talk to the family and seek their agreement first. Do not seek it if that would "
        "put the child at increased risk of significant harm, put an adult at risk of serious harm, prejudice "
        "the prevention or detection of a serious crime, or cause unjustified delay in making enquiries.",
        error_messages=_required("Say whether you sought agreement to the referral"),
    )
    consent_not_sought_reason = forms.ChoiceField(
        label="Why did you not seek agreement?",
        required=False,
        choices=ConsentRecord.NotSoughtReason.choices,
        widget=forms.RadioSelect,
    )
    consent_explanation = text_area_field(
        "Explain your decision",
        rows=3,
        help_text="Needed if they refused or you did not seek agreement: your own reasons for what you are doing.",
    )
    consent_method = forms.ChoiceField(
        label="How did they agree or refuse?",
        required=False,
        choices=[("", "Choose how"), *ConsentRecord.Method.choices],
        help_text="Only if you sought agreement",
    )
    consent_from = forms.ChoiceField(
        label="Whose agreement did you seek, or would you normally seek?",
        widget=forms.RadioSelect,
        error_messages=_required("Say whose agreement you sought or would seek"),
    )
    new_first_name = forms.CharField(label="First name", required=False, max_length=100)
    new_last_name = forms.CharField(label="Last name", required=False, max_length=100)
    new_kind = forms.ChoiceField(
        label="Relationship to the child",
        required=False,
        choices=[("", "Choose a relationship"), *Relationship.Kind.choices],
    )
    new_source = forms.ChoiceField(
        label="How did you learn about this person?",
        required=False,
        choices=Relationship.Source.choices,
        widget=forms.RadioSelect,
        help_text="If from someone else, they are owed privacy information within one month, unless an exemption "
        "applies.",
    )
    consent_capacity_reason = text_area_field(
        "Why do you judge the child able to decide for themselves?",
        rows=3,
        help_text="Needed for a child under 16 (Gillick competence): their understanding of the referral and of "
        "what refusing would mean. From 16 capacity is presumed.",
    )
    consent_decided_on = event_date_field(
        "When was this decided?",
        required=True,
        help_text="The day they agreed or refused, or you decided not to seek agreement. For example, 27 3 2026",
        message="Enter the date of the decision",
    )

    def __init__(
        self, *args, parents: list[Relationship], matched: bool = False, child_born: date | None = None, **kwargs
    ):
        """`matched`: the referrer cannot see the child's record, so its people are not listed (and
        `parents` is empty); they give the parent's or carer's name instead. `child_born`: the child's
        date of birth as the referrer knows it: a child under 8 is not offered as the one agreeing."""
        self.parents = {str(link.person_id): link for link in parents}
        self.child_born = child_born
        super().__init__(*args, **kwargs)
        choices = []
        if may_decide_for_themselves(child_born, timezone.localdate()):
            choices.append(("child", CHILD_LABEL))
        for pk, link in self.parents.items():
            choices.append((f"person:{pk}", f"{link.person.full_name} ({link.get_kind_display().lower()})"))
        choices.append((NEW_PERSON, NAMED_PERSON_LABEL if matched else NEW_PERSON_LABEL))
        self.fields["consent_from"].choices = choices
        self.helper.layout = self.get_layout()

    @staticmethod
    def initial_from(referral: MastReferral) -> dict:
        named = {}
        answers = referral.consent_answers
        if answers.given_by == ConsentRecord.GivenBy.CHILD:
            consent_from = "child"
        elif answers.given_by_person_id:
            consent_from = f"person:{answers.given_by_person_id}"
        elif referral.consent_person_first_name:
            consent_from = NEW_PERSON
            named = {
                "new_first_name": referral.consent_person_first_name,
                "new_last_name": referral.consent_person_last_name,
                "new_kind": referral.consent_person_kind,
                "new_source": referral.consent_person_source,
            }
        else:
            consent_from = ""
        return {
            **named,
            "consent_decision": answers.status,
            "consent_not_sought_reason": answers.not_sought_reason,
            "consent_explanation": answers.explanation,
            "consent_capacity_reason": answers.capacity_reason,
            "consent_method": answers.method,
            "consent_from": consent_from,
            "consent_decided_on": answers.decided_on or timezone.localdate(),
        }

    def get_layout(self) -> Layout:
        if "consent_from" not in self.fields or not self.fields["consent_from"].choices:
            return Layout()
        decisions = dict(MastReferral.ConsentDecision.choices)
        people = [label for value, label in self.fields["consent_from"].choices if value not in (NEW_PERSON, "child")]
        child_choice = [
            ConditionalQuestion(label, Field.textarea("consent_capacity_reason"))
            for value, label in self.fields["consent_from"].choices
            if value == "child"
        ]
        new_label = dict(self.fields["consent_from"].choices)[NEW_PERSON]
        return Layout(
            ConditionalRadios(
                "consent_decision",
                decisions[ConsentRecord.Status.GIVEN],
                decisions[ConsentRecord.Status.REFUSED],
                ConditionalQuestion(
                    decisions[ConsentRecord.Status.NOT_SOUGHT],
                    Field.radios("consent_not_sought_reason", small=True),
                ),
            ),
            Field.textarea("consent_explanation"),
            Field.select("consent_method"),
            ConditionalRadios(
                "consent_from",
                *child_choice,
                *people,
                ConditionalQuestion(
                    new_label,
                    Field.text("new_first_name"),
                    Field.text("new_last_name"),
                    Field.select("new_kind"),
                    Field.radios("new_source", small=True),
                ),
            ),
            Field("consent_decided_on"),
            *self.buttons(),
        )

    def _new_person_complete(self) -> bool:
        data = self.cleaned_data
        return all(data.get(name) for name in ("new_first_name", "new_last_name", "new_kind", "new_source"))

    def clean_consent_decided_on(self):
        return not_in_future(self.cleaned_data["consent_decided_on"])

    def clean(self):
        data = super().clean()
        if self.draft:
            return data
        self.add_consent_problems()
        if data.get("consent_from") == NEW_PERSON:
            messages = {
                "new_first_name": "Enter the parent's or carer's first name",
                "new_last_name": "Enter the parent's or carer's last name",
                "new_kind": "Choose how they are related to the child",
                "new_source": "Say how you learned about this person",
            }
            for name, message in messages.items():
                if not (data.get(name) or "").strip():
                    self.add_error(name, message)
        return data

    def consent_answers(self) -> ConsentAnswers:
        data = self.cleaned_data
        chosen = data.get("consent_from") or ""
        if chosen == "child":
            given_by, person_id = ConsentRecord.GivenBy.CHILD.value, None
        elif chosen.startswith("person:") or chosen == NEW_PERSON:
            given_by = ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY.value
            person_id = int(chosen[7:]) if chosen.startswith("person:") else None
        else:
            given_by, person_id = "", None
        return ConsentAnswers(
            status=data.get("consent_decision") or "",
            given_by=given_by,
            given_by_person_id=person_id,
            method=data.get("consent_method") or "",
            decided_on=data.get("consent_decided_on"),
            not_sought_reason=data.get("consent_not_sought_reason") or "",
            explanation=data.get("consent_explanation") or "",
            capacity_reason=data.get("consent_capacity_reason") or "",
        )

    def consent_child_born(self) -> date | None:
        return self.child_born

    def consent_person_named(self) -> bool:
        return self.cleaned_data.get("consent_from") == NEW_PERSON

    def changes(self) -> dict:
        data = self.cleaned_data
        chosen = data.get("consent_from") or ""
        if chosen == "child":
            given_by, person = ConsentRecord.GivenBy.CHILD.value, None
        elif chosen.startswith("person:"):
            given_by, person = ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY.value, self.parents[chosen[7:]].person
        elif chosen == NEW_PERSON and self._new_person_complete():
            given_by, person = ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY.value, None
        else:
            given_by, person = "", None
        changes = {
            "consent_decision": data["consent_decision"],
            "consent_not_sought_reason": data["consent_not_sought_reason"],
            "consent_explanation": data["consent_explanation"].strip(),
            "consent_capacity_reason": (data.get("consent_capacity_reason") or "").strip(),
            "consent_method": data["consent_method"],
            "consent_decided_on": data["consent_decided_on"],
            "consent_given_by": given_by,
        }
        if chosen != NEW_PERSON or not self._new_person_complete():
            changes["consent_person"] = person
        return changes

    def update_arguments(self) -> dict:
        return {"changes": self.changes(), "new_consent_person": self.new_person()}

    def new_person(self) -> tuple[PersonDetails, RelationshipDetails] | None:
        if self.cleaned_data.get("consent_from") != NEW_PERSON or not self._new_person_complete():
            return None
        data = self.cleaned_data
        return (
            PersonDetails(first_name=data["new_first_name"].strip(), last_name=data["new_last_name"].strip()),
            RelationshipDetails(
                kind=data["new_kind"],
                has_parental_responsibility=True,
                source=data["new_source"],
                obtained_on=timezone.localdate(),
            ),
        )
