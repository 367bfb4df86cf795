"""The officer's forms: a batch decision on the review list, placing and lifting a legal hold."""

from crispy_forms_gds.layout import Button, ConditionalQuestion, ConditionalRadios, Field, Layout
from django import forms

from portal.forms import GovukForm, event_date_field, required, text_area_field
from retention.models import LegalHold

DISPOSE, EXTEND = "dispose", "extend"


class BatchDecisionForm(GovukForm):
    """The rows ticked on the list (drawn in the table, not by crispy) and what to do with them."""

    items = forms.TypedMultipleChoiceField(
        coerce=int, choices=(), error_messages=required("Select at least one record")
    )
    action = forms.ChoiceField(
        label="What do you want to do with the selected records?",
        choices=[(DISPOSE, "Approve disposal"), (EXTEND, "Keep them longer")],
        widget=forms.RadioSelect,
        error_messages=required("Choose whether to dispose of the records or keep them longer"),
    )
    new_due = event_date_field("Review them again on")
    reason = text_area_field("Why are they kept longer?", rows=3)

    def __init__(self, *args, item_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(pk, str(pk)) for pk in item_ids]

    def get_layout(self) -> Layout:
        return Layout(
            ConditionalRadios(
                "action",
                "Approve disposal",
                ConditionalQuestion("Keep them longer", "new_due", Field.textarea("reason")),
            ),
            Button("submit", "Confirm decision"),
        )

    def clean(self):
        data = super().clean()
        if data.get("action") == EXTEND:
            if not data.get("new_due") and "new_due" not in self.errors:
                self.add_error("new_due", "Enter the date to review them again")
            if not (data.get("reason") or "").strip():
                self.add_error("reason", "Explain why these records are kept longer")
        return data


class HoldForm(GovukForm):
    submit_label = "Place legal hold"

    scope = forms.ChoiceField(
        label="What does the hold cover?",
        choices=[("record", "This record only"), ("child", "Every record about the same child")],
        widget=forms.RadioSelect,
        error_messages=required("Choose what the hold covers"),
    )
    kind = forms.ChoiceField(
        label="Why are the records held?",
        choices=LegalHold.Kind.choices,
        widget=forms.RadioSelect,
        error_messages=required("Choose why the records are held"),
    )
    reason = text_area_field("Details of the hold", "Explain the hold", rows=4)

    def get_layout(self) -> Layout:
        return Layout(
            Field.radios("scope"), Field.radios("kind"), Field.textarea("reason"), Button("submit", self.submit_label)
        )
