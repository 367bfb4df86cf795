"""GOV.UK forms for information governance."""

from datetime import date

import django_filters
from crispy_forms_gds.layout import Button, Layout
from django import forms
from django.utils import timezone

from portal import documents
from portal.forms import GovukForm, date_field, not_in_future, required, text_area_field
from portal.models import Organisation, Person
from sharing.models import (
    Answer,
    ConsentRecord,
    InformationCategory,
    PrivacyNotice,
    Purpose,
    SharingAgreement,
    SharingDecision,
)
from sharing.rules import ConsentAnswers, ConsentWording, consent_problems, may_decide_for_themselves


class ConsentAnswersFormMixin:
    """For a form that asks about consent (sharing's own, a MAST referral's consent step, a CIN
    transfer's family agreement, an Early Intervention move): the answers are checked by the one
    validator of consent answers (`sharing.rules.consent_problems`), in the page's words, and each
    problem is put on the question that asks it (unless that question has an error already)."""

    consent_wording: ConsentWording = ConsentWording()
    # `ConsentAnswers` field (or `given_by_person`) -> the form field that asks it.
    consent_field_of: dict[str, str] = {
        "status": "status",
        "given_by": "given_by",
        "given_by_person": "given_by_person",
        "decided_on": "decided_on",
        "method": "method",
        "not_sought_reason": "not_sought_reason",
        "explanation": "explanation",
        "capacity_reason": "capacity_reason",
    }

    def consent_answers(self) -> ConsentAnswers:
        """The answers as typed (from `cleaned_data`)."""
        raise NotImplementedError

    def consent_person_named(self) -> bool:
        """The person with parental responsibility is named other than by choosing a recorded one."""
        return False

    def consent_child_born(self) -> date | None:
        """The child's date of birth, where the page may know it (a child deciding for themselves)."""
        return None

    def add_consent_problems(self) -> None:
        problems = consent_problems(
            self.consent_answers(),
            today=timezone.localdate(),
            wording=self.consent_wording,
            person_named=self.consent_person_named(),
            child_born=self.consent_child_born(),
        )
        for name, message in problems.items():
            field = self.consent_field_of.get(name)
            if field and field in self.fields and field not in self.errors:  # type: ignore[attr-defined]
                self.add_error(field, message)  # type: ignore[attr-defined]


def _radios(label: str, choices, message: str, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, error_messages=required(message), **kwargs
    )


class ConsentForm(ConsentAnswersFormMixin, GovukForm):
    submit_label = "Save consent record"

    status = _radios(
        "What happened when consent was considered?",
        [
            (ConsentRecord.Status.GIVEN, "Consent was sought and given"),
            (ConsentRecord.Status.REFUSED, "Consent was sought and refused"),
            (ConsentRecord.Status.NOT_SOUGHT, "Consent was not sought"),
        ],
        "Say whether consent was given, refused or not sought",
    )
    given_by = _radios("Whose consent?", ConsentRecord.GivenBy.choices, "Say whose consent this is")
    capacity_reason = text_area_field(
        "If the child decided: why do you judge them able to decide for themselves?",
        rows=3,
        help_text="Needed for a child under 16 (Gillick competence): their understanding of what is shared, with "
        "whom and why, and of what happens if they refuse. From 16 capacity is presumed.",
    )
    given_by_person = forms.ModelChoiceField(
        label="Which person with parental responsibility?",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Choose a person",
        help_text="Only people recorded as having parental responsibility are listed.",
    )
    purpose = _radios("What is the information shared for?", Purpose.choices, "Choose the purpose")
    purpose_detail = text_area_field("More about the purpose (optional)", rows=2)
    categories = forms.MultipleChoiceField(
        label="Which information does it cover?",
        choices=InformationCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    recipients = forms.ModelMultipleChoiceField(
        label="Who may it be shared with?",
        queryset=Organisation.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    recipients_detail = forms.CharField(label="Anything more about the recipients (optional)", required=False)
    method = forms.ChoiceField(
        label="How did they tell you?",
        choices=ConsentRecord.Method.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="Needed when consent was given or refused.",
    )
    decided_on = date_field("When?", required=True)
    not_sought_reason = forms.ChoiceField(
        label="If consent was not sought, why not?",
        choices=ConsentRecord.NotSoughtReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    explanation = text_area_field(
        "Your reasons",
        rows=3,
        help_text="Required when consent was refused or not sought: in your own words, what you will do now and why.",
    )

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        if not may_decide_for_themselves(child.date_of_birth, timezone.localdate()):
            # A child this young is not offered as the one deciding.
            self.fields["given_by"].choices = [
                choice for choice in ConsentRecord.GivenBy.choices if choice[0] != ConsentRecord.GivenBy.CHILD
            ]
        self.fields["given_by_person"].queryset = Person.objects.filter(
            relationships__child=child, relationships__has_parental_responsibility=True
        ).distinct()
        self.fields["decided_on"].error_messages["required"] = "Enter the date"

    def clean_decided_on(self):
        return not_in_future(self.cleaned_data["decided_on"])

    def consent_answers(self) -> ConsentAnswers:
        data = self.cleaned_data
        person = data.get("given_by_person")
        return ConsentAnswers(
            status=data.get("status") or "",
            given_by=data.get("given_by") or "",
            given_by_person_id=person.pk if person is not None else None,
            method=data.get("method") or "",
            decided_on=data.get("decided_on"),
            not_sought_reason=data.get("not_sought_reason") or "",
            explanation=data.get("explanation") or "",
            capacity_reason=data.get("capacity_reason") or "",
        )

    def consent_child_born(self) -> date | None:
        return self.child.date_of_birth

    def clean(self):
        data = super().clean()
        self.add_consent_problems()
        return data


class ConsentWithdrawForm(GovukForm):
    submit_label = "Withdraw consent"

    method = _radios("How did the withdrawal come?", ConsentRecord.Method.choices, "Say how the withdrawal came")
    note = text_area_field("Notes (optional)", rows=3)


class DecisionStartForm(GovukForm):
    submit_label = "Continue"

    requested_by = forms.CharField(
        label="Who is asking for the information?",
        max_length=200,
        help_text="Their role and organisation, for example 'School designated safeguarding lead'.",
        error_messages=required("Say who is asking for the information"),
    )
    recipient_organisation = forms.ModelChoiceField(
        label="Which organisation would receive it?",
        queryset=Organisation.objects.all(),
        empty_label="Choose an organisation",
        error_messages=required("Choose the organisation that would receive the information"),
    )
    recipient_name = forms.CharField(
        label="Named person who would receive it",
        max_length=200,
        error_messages=required("Name the person who would receive the information"),
    )
    purpose = _radios("What would it be shared for?", Purpose.choices, "Choose the purpose")
    purpose_detail = text_area_field(
        "What exactly is the information needed for?", "Say what the information is needed for", rows=3
    )


QUESTION_TEXT = {
    "purpose": (
        "Is there a clear and legitimate purpose for sharing the information?",
        "For example, to protect a child from harm, or so that a service can support the family.",
    ),
    "consent": ("Do you have consent to share?", "Consent must be unambiguous, freely given, and can be withdrawn."),
    "identifiable": (
        "Does the information enable an individual to be identified?",
        "Information that has been properly anonymised can be shared.",
    ),
    "lawful_without_consent": (
        "Have you identified a lawful reason to share the information without consent?",
        "For example, where a child is at risk of significant harm, or sharing is in the public interest.",
    ),
}


class QuestionForm(GovukForm):
    submit_label = "Continue"

    answer = forms.ChoiceField(
        choices=Answer.choices, widget=forms.RadioSelect, error_messages=required("Choose yes, no or not sure")
    )

    def __init__(self, *args, question: str, **kwargs):
        super().__init__(*args, **kwargs)
        label, hint = QUESTION_TEXT[question]
        self.fields["answer"].label = label
        self.fields["answer"].help_text = hint
        self.helper.legend_size = "l"
        self.helper.legend_tag = "h1"
        self.helper.layout = self.get_layout()


class ReasonsForm(GovukForm):
    submit_label = "Record the decision"

    reasons = text_area_field(
        "Your reasons",
        "Record the reasons for your decision",
        rows=5,
        help_text="Record why you decided this. The record is kept, whether you share or not.",
    )


class AdviceRequestForm(GovukForm):
    submit_label = "Ask for advice"

    advice_question = text_area_field(
        "What do you need advice on?",
        "Say what you need advice on",
        help_text="Describe the situation without naming the family where you can.",
    )


class AdviceForm(GovukForm):
    submit_label = "Record advice"

    advice = text_area_field("Your advice", "Enter your advice", rows=6)


class AmendForm(GovukForm):
    submit_label = "Start the correction"

    reason = text_area_field(
        "Why does the decision need correcting?",
        "Say why the decision needs correcting",
        rows=3,
        help_text="The original decision stays on the record; the correction is added beside it.",
    )


class AgreementForm(GovukForm):
    submit_label = "Save agreement"

    tier = _radios("Tier", SharingAgreement.Tier.choices, "Choose the tier of the agreement")
    title = forms.CharField(label="Title", max_length=200, error_messages=required("Enter the title"))
    purpose = text_area_field("Purpose", "Enter the purpose", rows=3)
    parties = forms.ModelMultipleChoiceField(
        label="Parties",
        queryset=Organisation.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages=required("Choose the organisations that are party to the agreement"),
    )
    starts_on = date_field("Start date", required=True)
    review_on = date_field("Review date", required=True)
    ends_on = date_field("End date (optional)")
    document = forms.FileField(
        label="Signed agreement (optional)", required=False, help_text="PDF or Office document, up to 10 MB."
    )

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document:
            try:
                documents.check_upload(document)
            except documents.DocumentRefused as refused:
                raise forms.ValidationError(str(refused)) from refused
        return document


class ProvidedForm(GovukForm):
    submit_label = "Record as provided"

    provided_how = _radios(
        "How was the privacy information provided?", PrivacyNotice.ProvidedHow.choices, "Choose how it was provided"
    )
    provided_on = date_field("When?", required=True)

    def clean_provided_on(self):
        return not_in_future(self.cleaned_data["provided_on"])


class ExemptForm(GovukForm):
    submit_label = "Record the exemption"

    exemption = _radios(
        "Which exemption applies?", PrivacyNotice.Exemption.choices, "Choose the exemption that applies"
    )
    justification = text_area_field("Justification", "Justify why the exemption applies")


class DecisionFilterForm(GovukForm):
    submit_label = "Filter"

    def get_layout(self) -> Layout:
        return Layout(*self.fields.keys(), Button("filter", self.submit_label))


class DecisionFilter(django_filters.FilterSet):
    outcome = django_filters.ChoiceFilter(
        label="Outcome",
        choices=[
            (SharingDecision.Outcome.SHARE, "Share"),
            (SharingDecision.Outcome.DO_NOT_SHARE, "Do not share"),
            (SharingDecision.Outcome.SEEK_ADVICE, "Waiting for advice"),
        ],
        empty_label="Any outcome",
    )
    consent = django_filters.ChoiceFilter(
        label="Consent",
        choices=[("with", "With consent"), ("without", "Without consent")],
        empty_label="With or without consent",
        method="filter_consent",
    )
    date_from = django_filters.DateFilter(
        label="Started on or after",
        field_name="started_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label="Started on or before",
        field_name="started_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = SharingDecision
        fields = ["outcome", "consent", "date_from", "date_to"]
        form = DecisionFilterForm

    def filter_consent(self, queryset, name, value):
        if value == "with":
            return queryset.filter(consent_answer=Answer.YES)
        if value == "without":
            return queryset.exclude(consent_answer=Answer.YES)
        return queryset


# The share details form lives with the 2026 Act's forms; importable from here as before.
from sharing.share_forms import ShareDetailsForm as ShareDetailsForm  # noqa: E402
