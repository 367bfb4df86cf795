"""GOV.UK forms for referrals, screening and alerts (crispy-forms-gds). Validation is server-side;
errors come back in the GOV.UK error summary with everything typed still in the form.

Each section of a draft referral has two buttons: "Save and continue" checks the answers, and
"Save and come back later" saves what has been typed without requiring the rest."""

from datetime import date

from crispy_forms_gds.layout import (
    Button,
    ConditionalQuestion,
    ConditionalRadios,
    Field,
    Fieldset,
    Layout,
)
from django import forms
from django.utils import timezone

from portal.forms import ChildForm, EmergencySearchForm, GovukForm
from portal.forms import required as _required
from portal.govuk_dates import GovukDateField
from portal.models import Child, Organisation, Relationship
from portal.services import PersonDetails, RelationshipDetails
from referrals import rules
from referrals.models import ConcernCategory, MastAlert, MastReferral, Outcome, Urgency
from sharing.models import ConsentRecord, InformationCategory, SharingDecision

YES_NO = [("yes", "Yes"), ("no", "No")]
DEFAULT_INFORMATION = [InformationCategory.IDENTITY.value, InformationCategory.FAMILY.value]


def _date(
    label: str, *, required: bool, help_text: str = "For example, 27 3 2026", message: str = ""
) -> GovukDateField:
    return GovukDateField(label=label, required=required, help_text=help_text, required_message=message)


def _not_future(form: forms.Form, name: str, value: date | None) -> None:
    if value and value > timezone.localdate():
        form.add_error(name, "The date must be today or in the past")


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _label(choices, value) -> str:
    return dict(choices)[value]


class ReferralStepForm(GovukForm):
    """One section of a draft referral."""

    def __init__(self, *args, draft: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        if draft:
            for field in self.fields.values():
                field.required = False
        self.helper.layout = self.get_layout()

    def buttons(self) -> list[Button]:
        return [
            Button("submit", "Save and continue"),
            Button.secondary("save_draft", "Save and come back later"),
        ]

    def get_layout(self) -> Layout:
        return Layout(*self.fields.keys(), *self.buttons())


class ReferralChildChoiceForm(GovukForm):
    submit_label = "Continue"

    child = forms.ModelChoiceField(
        label="Which child are you referring?",
        queryset=Child.objects.none(),
        empty_label="Choose a child",
        help_text="Children whose records you work on",
        error_messages=_required("Choose the child you are referring"),
    )

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children


class ReferralChildForm(ChildForm):
    """The core's child form, recording the child in the referrer's own team."""

    submit_label = "Save and continue"


class ReferralChildMatchForm(EmergencySearchForm):
    """The details a referrer typed, sent again with the record they want to refer: the exact match is
    checked on every request, so a record's number alone is never enough."""

    submit_label = "Refer this child"

    def identity(self) -> rules.ChildIdentity:
        data = self.cleaned_data
        return rules.ChildIdentity(
            nhs_number=data["nhs_number"],
            first_name=data["first_name"].strip(),
            last_name=data["last_name"].strip(),
            date_of_birth=data["date_of_birth"],
        )


class ReferralConcernForm(ReferralStepForm):
    concern_categories = forms.MultipleChoiceField(
        label="What are you worried about?",
        choices=ConcernCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose all that apply",
        error_messages=_required("Choose at least one kind of concern"),
    )
    what_happened = forms.CharField(
        label="What happened?",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The facts: what you saw, heard or were told, when, and by whom. "
        "Keep your own opinion for the next question.",
        error_messages=_required("Say what happened: the facts"),
    )
    referrer_view = forms.CharField(
        label="What do you think?",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Your professional opinion: why you think the child is suffering, or is at risk of, "
        "significant harm.",
        error_messages=_required("Say what you think: your opinion"),
    )
    urgency = forms.TypedChoiceField(
        label="How urgent is this?",
        choices=Urgency.choices,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        help_text="If a child is in immediate danger, call 999 now.",
        error_messages=_required("Choose how urgent the referral is"),
    )
    information_categories = forms.MultipleChoiceField(
        label="What kinds of information does your referral include?",
        choices=InformationCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="This is recorded with your decision to share. Choose all that apply.",
        error_messages=_required("Choose the kinds of information your referral includes"),
    )
    advice_from = forms.CharField(
        label="Who have you discussed this concern with? (optional)",
        required=False,
        max_length=200,
        help_text="For example, your agency's child protection adviser or Caldicott Guardian",
    )

    @staticmethod
    def initial_from(referral: MastReferral) -> dict:
        return {
            "concern_categories": referral.concern_categories,
            "what_happened": referral.what_happened,
            "referrer_view": referral.referrer_view,
            "urgency": referral.urgency,
            "information_categories": referral.information_categories or DEFAULT_INFORMATION,
            "advice_from": referral.advice_from,
        }

    def get_layout(self) -> Layout:
        return Layout(
            Field.checkboxes("concern_categories", legend_size="m"),
            Field.textarea("what_happened", label_size="m"),
            Field.textarea("referrer_view", label_size="m"),
            Field.radios("urgency", legend_size="m"),
            Field.checkboxes("information_categories", legend_size="m", small=True),
            Field.text("advice_from"),
            *self.buttons(),
        )

    def changes(self) -> dict:
        data = self.cleaned_data
        return {
            "concern_categories": list(data["concern_categories"]),
            "what_happened": data["what_happened"].strip(),
            "referrer_view": data["referrer_view"].strip(),
            "urgency": data["urgency"],
            "information_categories": list(data["information_categories"]),
            "advice_from": data["advice_from"].strip(),
        }


class ReferralFamilyForm(ReferralStepForm):
    child_views = forms.CharField(
        label="What are the child's views?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In their own words if you can. If the child is too young, or you could not ask them, say so.",
        error_messages=_required("Give the child's views, or say why you cannot"),
    )
    family_views = forms.CharField(
        label="What are the family's views?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The parents' or carers' views of the concern. If you have not asked them, say why.",
        error_messages=_required("Give the family's views, or say why you cannot"),
    )
    family_told = forms.TypedChoiceField(
        label="Have you told the family about this referral?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages=_required("Say whether the family has been told"),
    )
    family_told_detail = forms.CharField(
        label="What have you told them?", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    family_not_told_reason = forms.ChoiceField(
        label="Why have they not been told?",
        required=False,
        choices=[("", "Choose a reason"), *SharingDecision.NotToldReason.choices],
    )

    @staticmethod
    def initial_from(referral: MastReferral) -> dict:
        return {
            "child_views": referral.child_views,
            "family_views": referral.family_views,
            "family_told": _yes_no(referral.family_told),
            "family_told_detail": referral.family_told_detail,
            "family_not_told_reason": referral.family_not_told_reason,
        }

    def get_layout(self) -> Layout:
        return Layout(
            Field.textarea("child_views", label_size="m"),
            Field.textarea("family_views", label_size="m"),
            ConditionalRadios(
                "family_told",
                ConditionalQuestion("Yes", Field.textarea("family_told_detail")),
                ConditionalQuestion("No", Field.select("family_not_told_reason")),
            ),
            *self.buttons(),
        )

    def clean(self):
        data = super().clean()
        if self.draft:
            return data
        if data.get("family_told") is True and not data.get("family_told_detail", "").strip():
            self.add_error("family_told_detail", "Say what the family has been told")
        if data.get("family_told") is False and not data.get("family_not_told_reason"):
            self.add_error("family_not_told_reason", "Say why the family has not been told")
        return data

    def changes(self) -> dict:
        data = self.cleaned_data
        return {
            "child_views": data["child_views"].strip(),
            "family_views": data["family_views"].strip(),
            "family_told": data["family_told"],
            "family_told_detail": data["family_told_detail"].strip(),
            "family_not_told_reason": data["family_not_told_reason"],
        }


NEW_PERSON = "new"
NEW_PERSON_LABEL = "A parent or carer with parental responsibility who is not recorded yet"
NAMED_PERSON_LABEL = "A parent or carer with parental responsibility: give their name"
CHILD_LABEL = "The child, who is old enough to decide for themselves"


class ReferralConsentForm(ReferralStepForm):
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
    consent_explanation = forms.CharField(
        label="Explain your decision", required=False, widget=forms.Textarea(attrs={"rows": 3})
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
    consent_decided_on = _date(
        "When was this decided?",
        required=True,
        help_text="The day they agreed or refused, or you decided not to seek agreement. For example, 27 3 2026",
        message="Enter the date of the decision",
    )

    def __init__(self, *args, parents: list[Relationship], matched: bool = False, **kwargs):
        """`matched`: the referrer cannot see the child's record, so its people are not listed (and
        `parents` is empty); they give the parent's or carer's name instead."""
        self.parents = {str(link.person_id): link for link in parents}
        super().__init__(*args, **kwargs)
        choices = [("child", CHILD_LABEL)]
        for pk, link in self.parents.items():
            choices.append((f"person:{pk}", f"{link.person.full_name} ({link.get_kind_display().lower()})"))
        choices.append((NEW_PERSON, NAMED_PERSON_LABEL if matched else NEW_PERSON_LABEL))
        self.fields["consent_from"].choices = choices
        self.helper.layout = self.get_layout()

    @staticmethod
    def initial_from(referral: MastReferral) -> dict:
        named = {}
        if referral.consent_given_by == ConsentRecord.GivenBy.CHILD:
            consent_from = "child"
        elif referral.consent_person_id:
            consent_from = f"person:{referral.consent_person_id}"
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
            "consent_decision": referral.consent_decision,
            "consent_not_sought_reason": referral.consent_not_sought_reason,
            "consent_explanation": referral.consent_explanation,
            "consent_method": referral.consent_method,
            "consent_from": consent_from,
            "consent_decided_on": referral.consent_decided_on or timezone.localdate(),
        }

    def get_layout(self) -> Layout:
        if "consent_from" not in self.fields or not self.fields["consent_from"].choices:
            return Layout()
        decisions = dict(MastReferral.ConsentDecision.choices)
        people = [label for value, label in self.fields["consent_from"].choices if value != NEW_PERSON]
        new_label = dict(self.fields["consent_from"].choices)[NEW_PERSON]
        return Layout(
            ConditionalRadios(
                "consent_decision",
                decisions[ConsentRecord.Status.GIVEN],
                decisions[ConsentRecord.Status.REFUSED],
                ConditionalQuestion(
                    decisions[ConsentRecord.Status.NOT_SOUGHT],
                    Field.radios("consent_not_sought_reason", small=True),
                    Field.textarea("consent_explanation"),
                ),
            ),
            Field.select("consent_method"),
            ConditionalRadios(
                "consent_from",
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

    def clean(self):
        data = super().clean()
        _not_future(self, "consent_decided_on", data.get("consent_decided_on"))
        if self.draft:
            return data
        decision = data.get("consent_decision")
        if decision in (ConsentRecord.Status.GIVEN, ConsentRecord.Status.REFUSED) and not data.get("consent_method"):
            self.add_error("consent_method", "Say how they agreed or refused")
        if decision == ConsentRecord.Status.NOT_SOUGHT:
            if not data.get("consent_not_sought_reason"):
                self.add_error("consent_not_sought_reason", "Choose why you did not seek agreement")
            if not data.get("consent_explanation", "").strip():
                self.add_error("consent_explanation", "Explain why you did not seek agreement")
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
            "consent_method": data["consent_method"],
            "consent_decided_on": data["consent_decided_on"],
            "consent_given_by": given_by,
        }
        if chosen != NEW_PERSON or not self._new_person_complete():
            changes["consent_person"] = person
        return changes

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


# --- Screening -----------------------------------------------------------------------------------


class ScreeningCheckForm(GovukForm):
    submit_label = "Save check"

    agency = forms.CharField(
        label="Which agency did you check with?",
        max_length=200,
        help_text="For example, the GP surgery, the school, the police or the health visiting team",
        error_messages=_required("Enter the agency you checked with"),
    )
    contact = forms.CharField(label="Who did you speak to? (optional)", required=False, max_length=200)
    checked_on = _date("When did you check?", required=True, message="Enter the date of the check")
    information = forms.CharField(
        label="What did they tell you?",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Or that they hold no information about the child",
        error_messages=_required("Enter what they told you, or that they hold nothing"),
    )

    def clean(self):
        data = super().clean()
        _not_future(self, "checked_on", data.get("checked_on"))
        return data


class ScreeningOutcomeForm(GovukForm):
    submit_label = "Record outcome"

    outcome = forms.ChoiceField(
        label="What is the outcome of screening?",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Choose the outcome of screening"),
    )
    passed_to = forms.ModelChoiceField(
        label="Which local authority is it passed to?",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Choose a local authority",
    )
    reasons = forms.CharField(
        label="Reasons for the outcome",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The referrer and the people working with the child will see the outcome and these reasons.",
        error_messages=_required("Give the reasons for the outcome"),
    )

    def __init__(self, *args, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["passed_to"].queryset = authorities

    def get_layout(self) -> Layout:
        labels = [label for value, label in Outcome.choices if value != Outcome.PASSED_TO_ANOTHER_AUTHORITY]
        return Layout(
            ConditionalRadios(
                "outcome",
                *labels,
                ConditionalQuestion(Outcome.PASSED_TO_ANOTHER_AUTHORITY.label, Field.select("passed_to")),
            ),
            Field.textarea("reasons"),
            Button("submit", self.submit_label),
        )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Outcome.PASSED_TO_ANOTHER_AUTHORITY and not data.get("passed_to"):
            self.add_error("passed_to", "Choose the local authority the referral is passed to")
        return data


# --- Alerts --------------------------------------------------------------------------------------


class AlertForm(GovukForm):
    submit_label = "Send alert to MAST"

    kind = forms.ChoiceField(
        label="What are you telling MAST?",
        widget=forms.RadioSelect,
        error_messages=_required("Choose what you are telling MAST"),
    )
    risk_assessment = forms.CharField(
        label="What is the risk assessment behind issuing this alert?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    authority = forms.ModelChoiceField(
        label="Which local authority's MAST should know?",
        queryset=Organisation.objects.none(),
        empty_label="Choose a local authority",
        help_text="Where the child lives now, or the authority that should look out for them",
        error_messages=_required("Choose the local authority whose MAST should know"),
    )
    child = forms.ModelChoiceField(
        label="The child, if you can see their record here (optional)",
        queryset=Child.objects.none(),
        required=False,
        empty_label="Not recorded here, or I cannot see the record",
    )
    child_first_name = forms.CharField(label="Child's first name", required=False, max_length=100)
    child_last_name = forms.CharField(label="Child's last name", required=False, max_length=100)
    child_date_of_birth = _date("Child's date of birth (optional)", required=False, help_text="For example, 4 5 2018")
    current_address = forms.CharField(
        label="Where is the child living now? (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    previous_area = forms.CharField(
        label="Where did the child live before? (optional)",
        required=False,
        max_length=200,
        help_text="The area, or the last known address",
    )
    what_is_known = forms.CharField(
        label="What do you know?",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="How you learned of the move, when it happened, and who the child lives with",
        error_messages=_required("Say what you know about the move"),
    )

    def __init__(self, *args, kinds: list[str], authorities, children, **kwargs):
        self.kinds = kinds
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, _label(MastAlert.Kind.choices, k)) for k in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]
        self.fields["authority"].queryset = authorities
        self.fields["child"].queryset = children
        self.helper.layout = self.get_layout()

    def get_layout(self) -> Layout:
        kinds = getattr(self, "kinds", [])
        choices = [
            ConditionalQuestion(MastAlert.Kind.WHEREABOUTS_UNKNOWN.label, Field.textarea("risk_assessment"))
            if kind == MastAlert.Kind.WHEREABOUTS_UNKNOWN
            else _label(MastAlert.Kind.choices, kind)
            for kind in kinds
        ]
        return Layout(
            ConditionalRadios("kind", *choices) if choices else Layout(),
            Field.select("authority"),
            Fieldset(
                Field.select("child"),
                Field.text("child_first_name"),
                Field.text("child_last_name"),
                Field("child_date_of_birth"),
                legend="The child",
                legend_size="m",
            ),
            Field.textarea("current_address"),
            Field.text("previous_area"),
            Field.textarea("what_is_known"),
            Button("submit", self.submit_label),
        )

    def clean(self):
        data = super().clean()
        _not_future(self, "child_date_of_birth", data.get("child_date_of_birth"))
        if not data.get("child") and not (
            (data.get("child_first_name") or "").strip() and (data.get("child_last_name") or "").strip()
        ):
            self.add_error("child_first_name", "Enter the child's first and last name, or choose their record")
        if data.get("kind") == MastAlert.Kind.WHEREABOUTS_UNKNOWN and not (data.get("risk_assessment") or "").strip():
            self.add_error("risk_assessment", "Give the risk assessment behind issuing the alert")
        return data


class AlertCloseForm(GovukForm):
    submit_label = "Close alert"

    action_taken = forms.CharField(
        label="What did MAST do about this alert?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required("Say what MAST did about the alert"),
    )


class AlertLinkReferralForm(GovukForm):
    submit_label = "Link referral"

    reference = forms.CharField(
        label="Referral reference number",
        max_length=20,
        help_text="For example, MAST-2026-000123",
        error_messages=_required("Enter the referral's reference number"),
    )
