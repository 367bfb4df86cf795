"""Screening forms for MAST: a check with another agency, and the outcome."""

from crispy_forms_gds.layout import Button, ConditionalQuestion, ConditionalRadios, Field, Layout
from django import forms

from portal.forms import GovukForm, event_date_field, not_in_future, text_area_field
from portal.forms import required as _required
from portal.models import Organisation
from referrals.models import Outcome


class ScreeningCheckForm(GovukForm):
    submit_label = "Save check"

    agency = forms.CharField(
        label="Which agency did you check with?",
        max_length=200,
        help_text="For example, the GP surgery, the school, the police or the health visiting team",
        error_messages=_required("Enter the agency you checked with"),
    )
    contact = forms.CharField(label="Who did you speak to? (optional)", required=False, max_length=200)
    checked_on = event_date_field("When did you check?", required=True, message="Enter the date of the check")
    information = text_area_field(
        "What did they tell you?",
        "Enter what they told you, or that they hold nothing",
        rows=5,
        help_text="Or that they hold no information about the child",
    )

    def clean_checked_on(self):
        return not_in_future(self.cleaned_data["checked_on"])


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
    reasons = text_area_field(
        "Reasons for the outcome",
        "Give the reasons for the outcome",
        rows=6,
        help_text="The referrer and the people working with the child will see the outcome and these reasons.",
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
