"""Forms for data protection rights: thin, the services validate again."""

from django import forms

from portal.forms import GovukForm, event_date_field, not_in_future, required, text_area_field
from subject_rights.models import Exemption, Rectification, SubjectAccessRequest, ThirdPartyDecision


def _radios(label: str, choices, message: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, error_messages=required(message))


def _exemption_field(label: str = "Which exemption applies?", *, required_: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Exemption.objects.filter(active=True),
        required=required_,
        empty_label="Choose an exemption",
        error_messages=required("Choose the exemption that applies"),
    )


class SearchForm(GovukForm):
    submit_label = "Search"
    q = forms.CharField(
        label="Name of the person the request is about",
        max_length=100,
        error_messages=required("Enter a name to search for"),
    )


class OpenForm(GovukForm):
    submit_label = "Open the request"
    requester = forms.CharField(
        label="Who made the request",
        help_text="The person themselves, or who is acting for them (and how).",
        max_length=200,
        error_messages=required("Enter who made the request"),
    )
    received_on = event_date_field("Date the request was received", required=True, message="Enter the date received")
    identity_evidence = _radios(
        "How was the requester's identity checked?",
        SubjectAccessRequest.IdentityEvidence.choices,
        "Choose how the requester's identity was checked",
    )
    identity_checked_on = event_date_field(
        "Date their identity was checked", required=True, message="Enter the date of the identity check"
    )
    identity_notes = text_area_field("Notes on the identity check (optional)", rows=3)

    def clean_received_on(self):
        return not_in_future(self.cleaned_data["received_on"])

    def clean_identity_checked_on(self):
        return not_in_future(self.cleaned_data["identity_checked_on"])


class ExtendForm(GovukForm):
    submit_label = "Extend the deadline"
    months = forms.TypedChoiceField(
        label="Extend by",
        choices=[("1", "One month"), ("2", "Two months")],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages=required("Choose an extension of one or two months"),
    )
    reason = text_area_field("Why the request is complex", "Say why the request is complex enough to need longer")
    told_on = event_date_field(
        "Date the requester was told of the extension and why",
        required=True,
        message="Enter the date the requester was told",
    )


class WithholdForm(GovukForm):
    submit_label = "Withhold this item"
    item_key = forms.CharField(widget=forms.HiddenInput)
    exemption = _exemption_field()
    note = text_area_field("Note (optional)", rows=2)


class PartyForm(GovukForm):
    submit_label = "Record the decision"
    party_key = forms.CharField(widget=forms.HiddenInput)
    decision = _radios("Their details", ThirdPartyDecision.Action.choices, "Choose whether to redact or release")
    exemption = _exemption_field("Exemption (when redacting)", required_=False)
    reason = text_area_field(
        "Reason (when releasing)", rows=2, help_text="For example, they consented, or the requester already knows."
    )


class RectificationForm(GovukForm):
    submit_label = "Record the request and decision"
    requester = forms.CharField(
        label="Who asked for the correction", max_length=200, error_messages=required("Enter who asked")
    )
    received_on = event_date_field("Date received", required=True, message="Enter the date received")
    what_is_wrong = text_area_field("What they say is wrong", "Say what they say is wrong")
    decision = _radios("Decision", Rectification.Decision.choices, "Choose whether the record was corrected")
    decision_reason = text_area_field("Reason for the decision", "Give the reason for the decision")
    statement = text_area_field(
        "The person's statement (when the record is not corrected)",
        help_text="Shown with the child's record.",
    )


class RestrictForm(GovukForm):
    submit_label = "Restrict the record"
    reason = text_area_field("Why the record is restricted", "Say why the record is restricted")


class LiftForm(GovukForm):
    submit_label = "Lift the restriction"
    lift_reason = text_area_field("Why the restriction is lifted", "Say why the restriction is lifted")
