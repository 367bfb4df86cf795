"""The forms of what was shared and of the 2026 Act: the share details (each item marked fact or
opinion, the consistent identifier), not sharing because it would be more detrimental to the child
(s16LA), and the consistent identifier's fields (s16LC) that every workflow's form adds."""

from django import forms
from django.utils import timezone

from portal.forms import YES_NO, GovukForm, date_field, not_in_future, required, text_area_field, yes_no_to_bool
from portal.models import Organisation
from sharing import law, rules, selectors
from sharing.models import (
    IdentifierOmitted,
    InformationCategory,
    LawfulBasis,
    LegalGateway,
    SharedItemNature,
    SharingAgreement,
    SharingDecision,
)

ITEMS = 4  # rows for the items of what was shared
REASON = "identifier_omitted_reason"
EXPLANATION = "identifier_omitted_explanation"


def _radios(label: str, choices, message: str, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, error_messages=required(message), **kwargs
    )


def identifier_form_fields(*, known_nhs_number: str) -> dict[str, forms.Field]:
    """The consistent identifier's questions: why the record goes without the NHS number (asked when
    it is not recorded; offered, only as more detrimental, when it is)."""
    if known_nhs_number:
        label = (
            "The child's NHS number goes with this record (the consistent identifier). Leave it out only if "
            "including it would be more detrimental to the child (optional)"
        )
        choices = [(IdentifierOmitted.MORE_DETRIMENTAL.value, IdentifierOmitted.MORE_DETRIMENTAL.label)]
    else:
        label = "The child's NHS number is not recorded. Why does this record go without it?"
        choices = IdentifierOmitted.choices
    return {
        REASON: forms.ChoiceField(
            label=label,
            choices=choices,
            widget=forms.RadioSelect,
            required=False,
            help_text="Children Act 2004 s16LC: the NHS number is the consistent identifier for a child.",
        ),
        EXPLANATION: text_area_field("Explain why the NHS number is left out (if it is)", rows=3),
    }


class ConsistentIdentifierFormMixin:
    """Adds the consistent identifier's questions to a GOV.UK form and checks them with the rule
    (`sharing.rules.identifier_problems`) the service applies too."""

    identifier_known_nhs_number = ""
    identifier_asked = False

    def add_identifier_fields(self, *, known_nhs_number: str, relayout: bool = True) -> None:
        self.identifier_known_nhs_number = known_nhs_number
        self.identifier_asked = True
        self.fields.update(identifier_form_fields(known_nhs_number=known_nhs_number))
        if relayout:
            self.helper.layout = self.get_layout()

    def add_identifier_problems(self) -> None:
        if not self.identifier_asked:
            return
        problems = rules.identifier_problems(
            known_nhs_number=self.identifier_known_nhs_number,
            omitted_reason=self.cleaned_data.get(REASON) or "",
            explanation=self.cleaned_data.get(EXPLANATION) or "",
            in_force=law.cwsa_in_force(),
        )
        for field, message in problems.items():
            self.add_error(field, message)

    def identifier_answers(self) -> rules.ConsistentIdentifier:
        """What the user said: a reason to leave the NHS number out and its explanation, or neither."""
        reason = self.cleaned_data.get(REASON) or ""
        return rules.ConsistentIdentifier(
            omitted_reason=reason, explanation=(self.cleaned_data.get(EXPLANATION) or "") if reason else ""
        )


def _item_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for n in range(1, ITEMS + 1):
        fields[f"item_{n}"] = text_area_field(
            f"What was shared: item {n}" + ("" if n == 1 else " (optional)"),
            "Say what was shared" if n == 1 else "",
            rows=2,
            help_text="One fact, or one opinion, per item." if n == 1 else "",
        )
        fields[f"item_{n}_nature"] = forms.ChoiceField(
            label=f"Is item {n} a fact or an opinion?",
            choices=SharedItemNature.choices,
            widget=forms.RadioSelect,
            required=False,
        )
    return fields


class ShareDetailsForm(ConsistentIdentifierFormMixin, GovukForm):
    submit_label = "Record the decision to share"

    categories = forms.MultipleChoiceField(
        label="What information did you share?",
        choices=InformationCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages=required("Choose the categories of information shared"),
    )
    recipient_user = forms.ModelChoiceField(
        label="Does the named person use this portal? (optional)",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="No, or not sure",
        help_text="If they do, they are told and can read the child's record.",
    )
    method = _radios("How did you share it?", SharingDecision.Method.choices, "Choose how the information was shared")
    shared_on = date_field("When did you share it?", required=True)
    article_6_basis = forms.ModelChoiceField(
        label="UK GDPR Article 6 lawful basis",
        queryset=LawfulBasis.objects.none(),
        empty_label="Choose a lawful basis",
        error_messages=required("Choose the Article 6 lawful basis"),
        help_text="Includes the recognised legitimate interests (Data (Use and Access) Act 2025): safeguarding.",
    )
    article_9_condition = forms.ModelChoiceField(
        label="Article 9 condition (if health, ethnicity, religion or sexual life information is shared)",
        queryset=LawfulBasis.objects.none(),
        required=False,
        empty_label="None: no special category information",
    )
    schedule_1_condition = forms.ModelChoiceField(
        label="DPA 2018 Schedule 1 condition (optional)",
        queryset=LawfulBasis.objects.none(),
        required=False,
        empty_label="None",
    )
    legal_gateway = forms.ModelChoiceField(
        label="Legal gateway (optional)", queryset=LegalGateway.objects.none(), required=False, empty_label="None"
    )
    agreement = forms.ModelChoiceField(
        label="Information sharing agreement relied on (optional)",
        queryset=SharingAgreement.objects.none(),
        required=False,
        empty_label="None applies",
        help_text="The absence of an information sharing agreement is never, by itself, a reason not to share.",
    )
    individual_told = forms.TypedChoiceField(
        label="Has the individual been told the information was shared?",
        choices=YES_NO,
        coerce=yes_no_to_bool,
        widget=forms.RadioSelect,
        error_messages=required("Say whether the individual was told"),
    )
    not_told_reason = forms.ChoiceField(
        label="If not, why not?",
        choices=SharingDecision.NotToldReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    reasons = text_area_field("Your reasons for sharing", "Record the reasons for your decision", rows=5)

    def __init__(self, *args, decision: SharingDecision, **kwargs):
        super().__init__(*args, **kwargs)
        # Each item of what was shared, marked fact or opinion, after the categories.
        names = list(self.fields)
        items = _item_fields()
        self.fields = {**{n: self.fields[n] for n in names[:1]}, **items, **{n: self.fields[n] for n in names[1:]}}
        today = timezone.localdate()
        self.fields["recipient_user"].queryset = selectors.recipients_for(organisation=decision.recipient_organisation)
        self.fields["article_6_basis"].queryset = selectors.lawful_bases(kind=LawfulBasis.Kind.ARTICLE_6)
        self.fields["article_9_condition"].queryset = selectors.lawful_bases(kind=LawfulBasis.Kind.ARTICLE_9)
        self.fields["schedule_1_condition"].queryset = selectors.lawful_bases(kind=LawfulBasis.Kind.SCHEDULE_1)
        self.fields["legal_gateway"].queryset = selectors.legal_gateways()
        self.fields["agreement"].queryset = selectors.agreements_in_force(on=today)
        self.fields["shared_on"].error_messages["required"] = "Enter the date it was shared"
        self.agreements_available = self.fields["agreement"].queryset.exists()
        self.add_identifier_fields(known_nhs_number=decision.child.nhs_number)

    def clean_shared_on(self):
        return not_in_future(self.cleaned_data["shared_on"])

    def shared_items(self) -> list[rules.SharedItem]:
        """The items given, in order (rows left empty are skipped)."""
        items = []
        for n in range(1, ITEMS + 1):
            text = (self.cleaned_data.get(f"item_{n}") or "").strip()
            nature = self.cleaned_data.get(f"item_{n}_nature") or ""
            if text or nature:
                items.append(rules.SharedItem(text=text, nature=nature))
        return items

    def clean(self):
        cleaned = super().clean()
        for n in range(1, ITEMS + 1):
            text = (cleaned.get(f"item_{n}") or "").strip()
            nature = cleaned.get(f"item_{n}_nature") or ""
            if text and not nature:
                self.add_error(f"item_{n}_nature", f"Say whether item {n} is a fact or an opinion")
            elif nature and not text and f"item_{n}" not in self.errors:
                self.add_error(f"item_{n}", f"Say what was shared as item {n}, or leave its answer empty")
        self.add_identifier_problems()
        return cleaned


class WithholdForm(GovukForm):
    """Not shared, under the duty to share, because sharing would be more detrimental to the child."""

    submit_label = "Record that you are not sharing"

    reasons = text_area_field(
        "Why would sharing be more detrimental to the child than not sharing?",
        "Say why sharing would be more detrimental to the child",
        rows=6,
        help_text="A Caldicott Guardian reviews every decision not to share under the duty to share.",
    )
