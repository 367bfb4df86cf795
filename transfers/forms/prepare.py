"""Drafting a transfer: where and when the child moves, the family's agreement, the Case Transfer
Summary and its documents."""

from datetime import date

from crispy_forms_gds.layout import HTML, Button, Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone
from django.utils.html import format_html

from portal import documents as rules
from portal.forms import (
    YES_NO,
    GovukForm,
    TeamChoiceField,
    bool_to_yes_no,
    event_date_field,
    text_area_field,
    yes_no_to_bool,
)
from portal.forms import required as _required
from portal.models import Relationship
from sharing.models import ConsentRecord, InformationCategory, SharingDecision
from sharing.rules import may_decide_for_themselves
from sharing.share_forms import ConsistentIdentifierFormMixin
from transfers import selectors
from transfers.models import CinTransfer, TransferDocument
from transfers.services import CaseTransferSummary, DocumentDetails, FamilyAgreementDetails, MoveDetails


class MoveForm(GovukForm):
    """Where the child is moving, when, and whether for good."""

    submit_label = "Save and continue"

    receiving_authority = forms.ModelChoiceField(
        label="Local authority the child is moving to",
        queryset=selectors.local_authorities(),
        empty_label="Choose a local authority",
        error_messages=_required("Choose the local authority the child is moving to"),
    )
    receiving_team = TeamChoiceField(
        label="Team in that authority (optional)",
        queryset=selectors.local_authority_teams(),
        required=False,
        empty_label="Not known: the authority's team managers and MAST will receive it",
        help_text="Leave this blank if you do not know which team will take the case",
    )
    move_date = event_date_field(
        "When did the child move, or when will they move?",
        required=True,
        message="Enter the date the child moved or will move",
    )
    new_address = forms.CharField(
        label="New address (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    new_postcode = forms.CharField(label="New postcode (optional)", required=False, max_length=10)
    move_kind = forms.ChoiceField(
        label="Is the move permanent?",
        choices=CinTransfer.MoveKind.choices,
        widget=forms.RadioSelect,
        help_text="If the family will not say, choose 'Not known': the move is then treated as permanent",
        error_messages=_required("Say whether the move is permanent, temporary or not known"),
    )

    def __init__(self, *args, sending_authority_id: int, fixed_receiver: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_authority"].queryset = selectors.local_authorities(exclude_id=sending_authority_id)
        self.fields["receiving_team"].queryset = selectors.local_authority_teams(
            exclude_organisation_id=sending_authority_id
        )
        if fixed_receiver:
            # Answering a request: the case goes to the team that asked.
            del self.fields["receiving_authority"]
            del self.fields["receiving_team"]
        self.helper.layout = self.get_layout()

    def clean(self):
        data = super().clean()
        team, authority = data.get("receiving_team"), data.get("receiving_authority")
        if team and authority and team.organisation_id != authority.pk:
            self.add_error("receiving_team", "Choose a team in the receiving authority, or leave it blank")
        return data

    def move_details(self, **fixed) -> MoveDetails:
        data = self.cleaned_data
        values = {
            "receiving_authority": data.get("receiving_authority"),
            "receiving_team": data.get("receiving_team"),
            "move_date": data["move_date"],
            "move_kind": data["move_kind"],
            "new_address": data["new_address"],
            "new_postcode": data["new_postcode"],
        }
        values.update(fixed)
        return MoveDetails(**values)

    @staticmethod
    def initial_from(transfer: CinTransfer) -> dict:
        return {
            "receiving_authority": transfer.receiving_authority_id,
            "receiving_team": transfer.receiving_team_id,
            "move_date": transfer.move_date,
            "new_address": transfer.new_address,
            "new_postcode": transfer.new_postcode,
            "move_kind": transfer.move_kind,
        }


class FamilyAgreementForm(GovukForm):
    """The family's agreement to the referral. Later questions depend on the first; the service
    checks which are needed and says so on the right field."""

    submit_label = "Save and continue"

    agreement = forms.ChoiceField(
        label="Did the family agree to the referral and to their information being shared?",
        choices=CinTransfer.FamilyAgreement.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Say whether the family agreed to the referral"),
    )
    given_by = forms.ChoiceField(label="Who agreed, or did not agree?", required=False)
    capacity_reason = text_area_field(
        "If the child decided: why do you judge them able to decide for themselves?",
        rows=3,
        help_text="Needed for a child under 16 (Gillick competence). From 16 capacity is presumed.",
    )
    method = forms.ChoiceField(
        label="How did they tell you?",
        choices=ConsentRecord.Method.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    decided_on = event_date_field("When did they tell you?")
    protection_concerns = forms.ChoiceField(
        label="Are there child protection concerns?",
        choices=CinTransfer.ProtectionConcerns.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Say whether there are historic or current child protection concerns"),
    )
    proceed_reason = text_area_field(
        "Why is the referral made without the family's agreement, or why was agreement not sought?",
        help_text="Where the family does not agree and there are child protection concerns, the protection of "
        "the child is paramount and the referral must be made",
    )
    advice_from = forms.ChoiceField(
        label="Who did you ask for advice?",
        choices=CinTransfer.AdviceFrom.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    advice_by = forms.CharField(label="Name of the person who advised", required=False, max_length=200)
    advice_on = event_date_field("When was the advice given?")
    advice_summary = text_area_field("What advice were you given?")
    family_told = forms.ChoiceField(
        label="Has the family been told about the referral?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages=_required("Say whether the family has been told about the referral"),
    )
    not_told_reason = forms.ChoiceField(
        label="If not, why not?",
        choices=SharingDecision.NotToldReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, relationships: list[Relationship], child_born: date | None = None, **kwargs):
        """`child_born`: the child's date of birth: a child under 8 is not offered as the one agreeing."""
        self.people = {str(r.person_id): r.person for r in relationships if r.has_parental_responsibility}
        super().__init__(*args, **kwargs)
        choices = [("", "Choose who")]
        choices += [
            (f"person:{r.person_id}", f"{r.person.full_name} ({r.get_kind_display().lower()})")
            for r in relationships
            if r.has_parental_responsibility
        ]
        if may_decide_for_themselves(child_born, timezone.localdate()):
            choices.append(("child", "The child (competent to decide for themselves)"))
        self.fields["given_by"].choices = choices

    def get_layout(self) -> Layout:
        return Layout(
            Field.radios("agreement", legend_size=Size.MEDIUM),
            Fieldset(
                "given_by",
                "capacity_reason",
                Field.radios("method", small=True),
                "decided_on",
                legend="If the family agreed or did not agree",
                legend_size=Size.SMALL,
            ),
            Field.radios("protection_concerns", legend_size=Size.MEDIUM),
            Fieldset(
                "proceed_reason",
                HTML(
                    '<p class="govuk-body">Advice from legal services or the Caldicott Guardian is required when '
                    "the family does not agree and there are child protection concerns, and recommended whenever "
                    "you are in doubt.</p>"
                ),
                Field.radios("advice_from", small=True),
                "advice_by",
                "advice_on",
                "advice_summary",
                legend="If the family did not agree, or was not asked",
                legend_size=Size.SMALL,
            ),
            Field.radios("family_told", inline=True, legend_size=Size.MEDIUM),
            Field.radios("not_told_reason", small=True),
            Button("submit", self.submit_label),
        )

    def details(self) -> FamilyAgreementDetails:
        data = self.cleaned_data
        who = data.get("given_by") or ""
        person = self.people.get(who.removeprefix("person:")) if who.startswith("person:") else None
        given_by = (
            ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY
            if who.startswith("person:")
            else (ConsentRecord.GivenBy.CHILD if who == "child" else "")
        )
        return FamilyAgreementDetails(
            agreement=data["agreement"],
            protection_concerns=data["protection_concerns"],
            family_told=yes_no_to_bool(data["family_told"]),
            given_by=given_by,
            person=person,
            capacity_reason=data.get("capacity_reason") or "",
            method=data.get("method") or "",
            decided_on=data.get("decided_on"),
            proceed_reason=data.get("proceed_reason") or "",
            advice_from=data.get("advice_from") or "",
            advice_by=data.get("advice_by") or "",
            advice_on=data.get("advice_on"),
            advice_summary=data.get("advice_summary") or "",
            not_told_reason=data.get("not_told_reason") or "",
        )

    @staticmethod
    def initial_from(transfer: CinTransfer) -> dict:
        answers = transfer.agreement_answers
        if answers.given_by == ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY:
            who = f"person:{answers.given_by_person_id}"
        else:
            who = answers.given_by
        return {
            "agreement": transfer.family_agreement,
            "given_by": who,
            "capacity_reason": answers.capacity_reason,
            "method": answers.method,
            "decided_on": answers.decided_on,
            "protection_concerns": transfer.protection_concerns,
            "proceed_reason": transfer.proceed_reason,
            "advice_from": transfer.advice_from,
            "advice_by": transfer.advice_by,
            "advice_on": transfer.advice_on,
            "advice_summary": transfer.advice_summary,
            "family_told": bool_to_yes_no(transfer.family_told),
            "not_told_reason": transfer.family_not_told_reason,
        }


class SummaryForm(ConsistentIdentifierFormMixin, GovukForm):
    """The Case Transfer Summary, and the consistent identifier (s16LC) that goes with it."""

    submit_label = "Save and continue"

    def __init__(self, *args, known_nhs_number: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.add_identifier_fields(known_nhs_number=known_nhs_number)

    def clean(self):
        cleaned = super().clean()
        self.add_identifier_problems()
        return cleaned

    reason_for_involvement = text_area_field(
        "Reason for children's social care involvement", "Enter the reason for children's social care involvement"
    )
    current_plan = text_area_field(
        "Current plan", "Enter the current plan", help_text="The Child in Need plan's outcomes and who does what"
    )
    risks = text_area_field(
        "Risks", "Enter the risks", help_text="Keep what is known (fact) apart from your assessment (opinion)"
    )
    strengths = text_area_field("Strengths", "Enter the family's strengths")
    professionals_involved = text_area_field(
        "Professionals involved",
        "Enter the professionals involved",
        help_text="Names, roles, agencies and how to contact them",
    )
    family_views = text_area_field(
        "The family's views", "Enter the family's views", help_text="Including the child's own views"
    )
    outstanding_actions = text_area_field(
        "Outstanding actions", "Enter the outstanding actions, or say there are none", help_text="Who, what and by when"
    )
    information_categories = forms.MultipleChoiceField(
        label="What kinds of information do the summary and documents contain?",
        choices=InformationCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. This is recorded in the decision to share",
        error_messages=_required("Choose the kinds of information the summary and documents contain"),
    )
    sharing_reasons = text_area_field(
        "Why are you sharing this information with the receiving authority?",
        "Say why you are sharing this information with the receiving authority",
        help_text="In your own words: this is recorded as the reasons for your decision to share",
    )

    def summary(self) -> CaseTransferSummary:
        data = self.cleaned_data
        return CaseTransferSummary(
            reason_for_involvement=data["reason_for_involvement"],
            current_plan=data["current_plan"],
            risks=data["risks"],
            strengths=data["strengths"],
            professionals_involved=data["professionals_involved"],
            family_views=data["family_views"],
            outstanding_actions=data["outstanding_actions"],
            information_categories=list(data["information_categories"]),
            sharing_reasons=data["sharing_reasons"],
            identifier=self.identifier_answers(),
        )

    @staticmethod
    def initial_from(transfer: CinTransfer) -> dict:
        names = [
            *selectors.SUMMARY_FIELDS,
            "information_categories",
            "identifier_omitted_reason",
            "identifier_omitted_explanation",
        ]
        initial = {name: getattr(transfer, name) for name in names}
        if not initial["information_categories"]:
            initial["information_categories"] = ["identity", "family", "social_care"]
        return initial


class DocumentForm(GovukForm):
    submit_label = "Upload document"

    kind = forms.ChoiceField(
        label="What is this document?",
        choices=TransferDocument.Kind.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Choose what kind of document this is"),
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Child in Need plan, review of 3 March 2026",
        error_messages=_required("Enter a title for the document"),
    )
    meeting_on = event_date_field("Date of the meeting (for minutes)")
    file = forms.FileField(
        label="File to upload",
        help_text=format_html(
            "{} only, smaller than {}MB",
            rules.ALLOWED_DESCRIPTION[0].upper() + rules.ALLOWED_DESCRIPTION[1:],
            rules.MAX_DOCUMENT_MEGABYTES,
        ),
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        accept = ",".join(f".{ext}" for ext in rules.ALLOWED_EXTENSIONS)
        self.fields["file"].widget.attrs["accept"] = accept

    def details(self) -> DocumentDetails:
        data = self.cleaned_data
        return DocumentDetails(kind=data["kind"], title=data["title"], meeting_on=data.get("meeting_on"))
