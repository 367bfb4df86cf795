"""The sections of a draft referral other than the child and consent: the concern, and the child's
and family's views.

Each section has two buttons: "Save and continue" checks the answers, and "Save and come back
later" saves what has been typed without requiring the rest."""

from crispy_forms_gds.layout import Button, ConditionalQuestion, ConditionalRadios, Field, Layout
from django import forms

from portal.forms import YES_NO, GovukForm, bool_to_yes_no, text_area_field, yes_no_to_bool
from portal.forms import required as _required
from referrals.models import ConcernCategory, MastReferral, Urgency
from sharing.models import InformationCategory, SharingDecision
from sharing.share_forms import EXPLANATION, REASON, ConsistentIdentifierFormMixin


class ReferralStepForm(GovukForm):
    """One section of a draft referral."""

    def __init__(self, *args, draft: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        if draft:
            for field in self.fields.values():
                field.required = False
        self.helper.layout = self.get_layout()

    @staticmethod
    def initial_from(referral: MastReferral) -> dict:
        raise NotImplementedError

    def changes(self) -> dict:
        raise NotImplementedError

    def update_arguments(self) -> dict:
        """What `services.referral_update` is given for this section, besides who and which."""
        return {"changes": self.changes()}

    def buttons(self) -> list[Button]:
        return [
            Button("submit", "Save and continue"),
            Button.secondary("save_draft", "Save and come back later"),
        ]

    def get_layout(self) -> Layout:
        return Layout(*self.fields.keys(), *self.buttons())


class ReferralConcernForm(ConsistentIdentifierFormMixin, ReferralStepForm):
    concern_categories = forms.MultipleChoiceField(
        label="What are you worried about?",
        choices=ConcernCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose all that apply",
        error_messages=_required("Choose at least one kind of concern"),
    )
    what_happened = text_area_field(
        "What happened?",
        "Say what happened: the facts",
        rows=6,
        help_text="The facts: what you saw, heard or were told, when, and by whom. "
        "Keep your own opinion for the next question.",
    )
    referrer_view = text_area_field(
        "What do you think?",
        "Say what you think: your opinion",
        rows=5,
        help_text="Your professional opinion: why you think the child is suffering, or is at risk of, "
        "significant harm.",
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
    sharing_reasons = text_area_field(
        "Why are you sharing this information with MAST?",
        "Say why you are sharing this information with MAST",
        rows=4,
        help_text="In your own words: this is recorded as the reasons for your decision to share.",
    )
    advice_from = forms.CharField(
        label="Who have you discussed this concern with? (optional)",
        required=False,
        max_length=200,
        help_text="For example, your agency's child protection adviser or Caldicott Guardian",
    )

    def __init__(self, *args, known_nhs_number: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Asked once the child is known: the consistent identifier (s16LC) goes with the referral.
        if known_nhs_number is not None:
            self.add_identifier_fields(known_nhs_number=known_nhs_number)

    def clean(self):
        cleaned = super().clean()
        if not self.draft:
            self.add_identifier_problems()
        return cleaned

    @staticmethod
    def initial_from(referral: MastReferral) -> dict:
        return {
            "identifier_omitted_reason": referral.identifier_omitted_reason,
            "identifier_omitted_explanation": referral.identifier_omitted_explanation,
            "concern_categories": referral.concern_categories,
            "what_happened": referral.what_happened,
            "referrer_view": referral.referrer_view,
            "urgency": referral.urgency,
            # Nothing ticked for them (issue 15): what the referral holds is the referrer's to say.
            "information_categories": referral.information_categories,
            "sharing_reasons": referral.sharing_reasons,
            "advice_from": referral.advice_from,
        }

    def get_layout(self) -> Layout:
        return Layout(
            Field.checkboxes("concern_categories", legend_size="m"),
            Field.textarea("what_happened", label_size="m"),
            Field.textarea("referrer_view", label_size="m"),
            Field.radios("urgency", legend_size="m"),
            Field.checkboxes("information_categories", legend_size="m", small=True),
            Field.textarea("sharing_reasons", label_size="m"),
            Field.text("advice_from"),
            *([Field.radios(REASON, legend_size="m"), Field.textarea(EXPLANATION)] if REASON in self.fields else []),
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
            "sharing_reasons": data["sharing_reasons"].strip(),
            "advice_from": data["advice_from"].strip(),
        } | (
            {
                REASON: self.identifier_answers().omitted_reason,
                EXPLANATION: self.identifier_answers().explanation,
            }
            if self.identifier_asked
            else {}
        )


class ReferralFamilyForm(ReferralStepForm):
    child_views = text_area_field(
        "What are the child's views?",
        "Give the child's views, or say why you cannot",
        help_text="In their own words if you can. If the child is too young, or you could not ask them, say so.",
    )
    family_views = text_area_field(
        "What are the family's views?",
        "Give the family's views, or say why you cannot",
        help_text="The parents' or carers' views of the concern. If you have not asked them, say why.",
    )
    family_told = forms.TypedChoiceField(
        label="Have you told the family about this referral?",
        choices=YES_NO,
        coerce=yes_no_to_bool,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages=_required("Say whether the family has been told"),
    )
    family_told_detail = text_area_field("What have you told them?", rows=3)
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
            "family_told": bool_to_yes_no(referral.family_told),
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
