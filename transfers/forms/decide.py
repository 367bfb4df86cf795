"""The receiving authority's decision and a dispute's resolution; and what the family was told."""

from crispy_forms_gds.layout import Button, Layout
from django import forms

from portal.forms import GovukForm, TeamChoiceField, event_date_field, text_area_field
from portal.forms import required as _required
from portal.models import Team, Tier
from transfers.models import CinTransfer, FamilyUpdate
from transfers.services import FamilyUpdateDetails


class AcceptForm(GovukForm):
    submit_label = "Accept the transfer"

    team = TeamChoiceField(
        label="Team taking case responsibility",
        queryset=Team.objects.none(),
        error_messages=_required("Choose the team taking case responsibility"),
    )
    worker = forms.ModelChoiceField(label="Allocated worker (optional)", queryset=None, required=False)
    level_of_need = forms.TypedChoiceField(
        label="Level of risk or need you have decided on",
        choices=Tier.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages=_required("Choose the level of risk or need you have decided on"),
    )
    notes = text_area_field("Notes on the decision (optional)")

    def __init__(self, *args, teams, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        teams = list(teams)
        if len(teams) == 1:
            self.fields["team"].initial = teams[0].pk
        self.fields["worker"].queryset = workers
        self.fields["worker"].empty_label = "No named worker yet"


class ResolveForm(AcceptForm):
    submit_label = "Record the resolution"

    resolution = forms.ChoiceField(
        label="How was the dispute resolved?",
        choices=CinTransfer.Resolution.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Choose how the dispute was resolved"),
    )
    rationale = text_area_field("Rationale", "Record the rationale for the resolution", rows=5)

    def __init__(self, *args, teams, workers, can_accept: bool, **kwargs):
        super().__init__(*args, teams=teams, workers=workers, **kwargs)
        del self.fields["notes"]
        if can_accept:
            for name in ("team", "level_of_need"):
                self.fields[name].required = False
                self.fields[name].label += " (if your authority takes the case)"
        else:
            for name in ("team", "worker", "level_of_need"):
                del self.fields[name]
            self.fields["resolution"].choices = [
                c for c in CinTransfer.Resolution.choices if c[0] != CinTransfer.Resolution.RECEIVING_ACCEPTS
            ]
        self.helper.layout = self.get_layout()

    def get_layout(self) -> Layout:
        order = ["resolution", "rationale", "team", "worker", "level_of_need"]
        return Layout(*[n for n in order if n in self.fields], Button("submit", self.submit_label))


class FamilyUpdateForm(GovukForm):
    submit_label = "Save update"

    told_on = event_date_field("When was the family told?", required=True, message="Enter the date the family was told")
    who_was_told = forms.CharField(
        label="Who was told?",
        max_length=200,
        help_text="For example, mother and the child",
        error_messages=_required("Enter who was told"),
    )
    method = forms.ChoiceField(
        label="How were they told?",
        choices=FamilyUpdate.Method.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Choose how they were told"),
    )
    what_was_told = text_area_field("What were they told?", "Enter what the family was told", rows=5)

    def details(self) -> FamilyUpdateDetails:
        data = self.cleaned_data
        return FamilyUpdateDetails(
            told_on=data["told_on"],
            who_was_told=data["who_was_told"],
            method=data["method"],
            what_was_told=data["what_was_told"],
        )
