"""Alerts to MAST: raising one, closing it, and linking a referral to it."""

from crispy_forms_gds.layout import Button, ConditionalQuestion, ConditionalRadios, Field, Fieldset, Layout
from django import forms

from portal.forms import GovukForm, event_date_field, not_in_future, text_area_field
from portal.forms import required as _required
from portal.models import Child, Organisation
from referrals.models import MastAlert


class AlertForm(GovukForm):
    submit_label = "Send alert to MAST"

    kind = forms.ChoiceField(
        label="What are you telling MAST?",
        widget=forms.RadioSelect,
        error_messages=_required("Choose what you are telling MAST"),
    )
    risk_assessment = text_area_field("What is the risk assessment behind issuing this alert?")
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
    child_date_of_birth = event_date_field(
        "Child's date of birth (optional)", required=False, help_text="For example, 4 5 2018"
    )
    current_address = text_area_field("Where is the child living now? (optional)", rows=3)
    previous_area = forms.CharField(
        label="Where did the child live before? (optional)",
        required=False,
        max_length=200,
        help_text="The area, or the last known address",
    )
    what_is_known = text_area_field(
        "What do you know?",
        "Say what you know about the move",
        rows=5,
        help_text="How you learned of the move, when it happened, and who the child lives with",
    )

    def __init__(self, *args, kinds: list[str], authorities, children, **kwargs):
        self.kinds = kinds
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, MastAlert.Kind(k).label) for k in kinds]
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
            else MastAlert.Kind(kind).label
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

    def clean_child_date_of_birth(self):
        return not_in_future(self.cleaned_data["child_date_of_birth"])

    def clean(self):
        data = super().clean()
        if not data.get("child") and not (
            (data.get("child_first_name") or "").strip() and (data.get("child_last_name") or "").strip()
        ):
            self.add_error("child_first_name", "Enter the child's first and last name, or choose their record")
        if data.get("kind") == MastAlert.Kind.WHEREABOUTS_UNKNOWN and not (data.get("risk_assessment") or "").strip():
            self.add_error("risk_assessment", "Give the risk assessment behind issuing the alert")
        return data


class AlertCloseForm(GovukForm):
    submit_label = "Close alert"

    action_taken = text_area_field("What did MAST do about this alert?", "Say what MAST did about the alert")


class AlertLinkReferralForm(GovukForm):
    submit_label = "Link referral"

    reference = forms.CharField(
        label="Referral reference number",
        max_length=20,
        help_text="For example, MAST-2026-000123",
        error_messages=_required("Enter the referral's reference number"),
    )
