"""Asking for a transfer, and answering a request by referring the case."""

from crispy_forms_gds.layout import Button, Layout
from django import forms

from portal.forms import GovukForm, TeamChoiceField, event_date_field, text_area_field
from portal.forms import required as _required
from portal.models import Team
from transfers import selectors
from transfers.forms.prepare import MoveForm
from transfers.services import RequestDetails


class RequestForm(GovukForm):
    """A receiving team asks the sending authority to refer a child it learned of."""

    submit_label = "Send the request"

    requesting_team = TeamChoiceField(
        label="Your team", queryset=Team.objects.none(), error_messages=_required("Choose your team")
    )
    sending_authority = forms.ModelChoiceField(
        label="Local authority the child has come from",
        queryset=selectors.local_authorities(),
        empty_label="Choose a local authority",
        error_messages=_required("Choose the local authority the child has come from"),
    )
    child_first_name = forms.CharField(
        label="Child's first name", max_length=100, error_messages=_required("Enter the child's first name")
    )
    child_last_name = forms.CharField(
        label="Child's last name", max_length=100, error_messages=_required("Enter the child's last name")
    )
    child_date_of_birth = event_date_field("Child's date of birth (optional)")
    child_nhs_number = forms.CharField(
        label="NHS number (optional)", required=False, max_length=14, help_text="10 digits, for example 943 476 5919"
    )
    child_address = forms.CharField(
        label="Where the child is living now (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    how_learned = text_area_field(
        "How did you learn of the child?",
        "Say how you learned of the child",
        help_text="For example, a MAST alert from the school, with its date",
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requesting_team"].queryset = teams
        teams = list(teams)
        if len(teams) == 1:
            self.fields["requesting_team"].initial = teams[0].pk
            self.fields["sending_authority"].queryset = selectors.local_authorities(exclude_id=teams[0].organisation_id)

    def details(self) -> RequestDetails:
        data = self.cleaned_data
        return RequestDetails(
            requesting_team=data["requesting_team"],
            sending_authority=data["sending_authority"],
            child_first_name=data["child_first_name"],
            child_last_name=data["child_last_name"],
            child_date_of_birth=data["child_date_of_birth"],
            child_nhs_number=data["child_nhs_number"],
            child_address=data["child_address"],
            how_learned=data["how_learned"],
        )


class ChildChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        born = f", born {obj.date_of_birth:%-d %B %Y}" if obj.date_of_birth else ""
        return f"{obj.full_name}{born}"


class RequestReferForm(MoveForm):
    """Answer a request by referring: which child, and the move."""

    submit_label = "Start the referral"

    child = ChildChoiceField(
        label="Which child is it?",
        queryset=None,
        empty_label="Choose the child",
        error_messages=_required("Choose the child the request is about"),
    )

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, fixed_receiver=True, **kwargs)
        self.fields["child"].queryset = children
        self.helper.layout = Layout(
            "child", *[n for n in self.fields if n != "child"], Button("submit", self.submit_label)
        )
