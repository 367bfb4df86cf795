"""GOV.UK forms for exploitation intelligence (crispy-forms-gds). They collect and tidy what was typed;
the rules live in `intelligence.services`, whose ValidationErrors come back onto these fields."""

from crispy_forms_gds.layout import Button, ConditionalQuestion, ConditionalRadios, Field, Fieldset, Layout, Size
from django import forms
from django.db.models import QuerySet

from intelligence.models import Individual, IntelligenceItem, Place, Subject
from intelligence.services import ItemDetails
from portal.forms import GovukForm, NhsNumberField, date_field, event_date_field, text_area_field
from portal.forms import required as _required

Item = IntelligenceItem


def _radios(label: str, choices, message: str = "", *, required: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        required=required,
        error_messages=_required(message) if message else {},
    )


class ItemForm(GovukForm):
    """What was seen or heard, when, where and how reliable it is. A draft may be saved with parts
    missing; submitting checks it is complete."""

    submit_label = "Save and continue"

    kind = _radios("What type of exploitation may this be?", Item.Kind.choices)
    seen_or_heard = text_area_field(
        "What was seen or heard",
        rows=6,
        help_text="Facts only: what you or your source saw or heard, who said what. Put your view below.",
    )
    opinion = text_area_field(
        "What you think it means (optional)", rows=4, help_text="Your professional opinion, kept apart from the facts"
    )
    happened_on = event_date_field("When was it seen or heard?")
    time_of_day = forms.CharField(label="Time (optional)", required=False, max_length=40, help_text="For example, 9pm")
    place_description = forms.CharField(
        label="Where",
        required=False,
        max_length=200,
        help_text="Describe the place, like \u201cthe car park behind the Kwik Shop\u201d. Never a home address.",
    )
    postcode_district = forms.CharField(
        label="Postcode district",
        required=False,
        max_length=8,
        help_text="The first part of the postcode only, like LS11",
    )
    source_evaluation = _radios("How reliable is the source?", Item.SourceEvaluation.choices)
    assessment = _radios("How does the source know this?", Item.Assessment.choices)
    handling = forms.ChoiceField(
        label="Can it be passed on?", choices=Item.Handling.choices, widget=forms.RadioSelect, required=False
    )
    handling_conditions = text_area_field("On what conditions?", rows=3)

    def get_layout(self) -> Layout:
        return Layout(
            Fieldset(
                Field.radios("kind", small=True),
                Field.textarea("seen_or_heard"),
                Field.textarea("opinion"),
                legend="What was seen or heard",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                "happened_on",
                Field.text("time_of_day", field_width=10),
                Field.text("place_description"),
                Field.text("postcode_district", field_width=5),
                legend="When and where",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("source_evaluation", small=True),
                Field.radios("assessment", small=True),
                ConditionalRadios(
                    "handling",
                    Item.Handling.LAWFUL_SHARING.label,
                    ConditionalQuestion(Item.Handling.CONDITIONS.label, Field.textarea("handling_conditions")),
                ),
                legend="The source and the grading",
                legend_size=Size.MEDIUM,
            ),
            Button("submit", self.submit_label),
        )

    def details(self) -> ItemDetails:
        data = self.cleaned_data
        handling = data.get("handling") or ""
        return ItemDetails(
            kind=data.get("kind") or "",
            seen_or_heard=data.get("seen_or_heard") or "",
            opinion=data.get("opinion") or "",
            happened_on=data.get("happened_on"),
            time_of_day=data.get("time_of_day") or "",
            place_description=data.get("place_description") or "",
            postcode_district=data.get("postcode_district") or "",
            source_evaluation=data.get("source_evaluation") or "",
            assessment=data.get("assessment") or "",
            handling=handling,
            handling_conditions=(data.get("handling_conditions") or "") if handling == Item.Handling.CONDITIONS else "",
        )


def initial_from(item: Item) -> dict:
    return {name: getattr(item, name) for name in ItemDetails.__dataclass_fields__}


class SubjectForm(GovukForm):
    submit_label = "Add"

    kind = _radios("Who or what is this?", Subject.Kind.choices, "Choose who or what this is", required=True)
    description = forms.CharField(
        label="Describe them",
        max_length=300,
        help_text="A name or nickname, a registration, a username, a place (never a home address)",
        error_messages=_required("Describe them: a name or nickname, a registration, a username"),
    )

    def get_layout(self) -> Layout:
        return Layout(Field.radios("kind", small=True), Field.text("description"), Button("submit", self.submit_label))


class ChildFindForm(GovukForm):
    """An exact search: the NHS number, or first name, last name and date of birth together."""

    submit_label = "Find the child"

    nhs_number = NhsNumberField(label="NHS number (if you know it)", help_text="10 digits, for example 943 476 5919")
    first_name = forms.CharField(label="First name", required=False, max_length=100)
    last_name = forms.CharField(label="Last name", required=False, max_length=100)
    date_of_birth = date_field("Date of birth")

    def clean(self):
        data = super().clean()
        names = data.get("first_name") and data.get("last_name") and data.get("date_of_birth")
        if not self.errors and not (data.get("nhs_number") or names):
            raise forms.ValidationError(
                "Enter the child's NHS number, or their first name, last name and date of birth"
            )
        return data


class AssessForm(GovukForm):
    submit_label = "Record the assessment"

    notes = text_area_field(
        "Assessment",
        "Record the assessment: what the intelligence adds and what happens next",
        rows=6,
        help_text="What the intelligence adds to what the team knows, and what happens next",
    )


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Place) -> str:
        count = getattr(obj, "item_count", 0)
        return f"{obj.description} ({obj.postcode_district}) — {count} item{'s' if count != 1 else ''}"


class PlaceLinkForm(GovukForm):
    """A place the team already knows (listed for the item's district first), or a new one."""

    submit_label = "Link the place"

    place = PlaceChoiceField(
        label="A place already recorded", queryset=Place.objects.none(), required=False, empty_label="A new place"
    )
    description = forms.CharField(label="Or describe a new place", required=False, max_length=200)
    postcode_district = forms.CharField(label="Its postcode district", required=False, max_length=8)

    def __init__(self, *args, places: QuerySet[Place] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if places is not None:
            self.fields["place"].queryset = places

    def get_layout(self) -> Layout:
        return Layout(
            Field.select("place"),
            Field.text("description"),
            Field.text("postcode_district", field_width=5),
            Button("submit", self.submit_label),
        )


class VehicleLinkForm(GovukForm):
    submit_label = "Link the vehicle"

    registration = forms.CharField(
        label="Registration", max_length=12, error_messages=_required("Enter the registration, like AB12 CDE")
    )
    description = forms.CharField(label="Make, model and colour (optional)", required=False, max_length=120)

    def get_layout(self) -> Layout:
        return Layout(
            Field.text("registration", field_width=10), Field.text("description"), Button("submit", self.submit_label)
        )


class IndividualChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Individual) -> str:
        count = getattr(obj, "item_count", 0)
        return f"{obj.name} ({obj.get_kind_display().lower()}) — {count} item{'s' if count != 1 else ''}"


class PersonLinkForm(GovukForm):
    """A person the team already knows, or a new one: the same name typed another way is found again."""

    submit_label = "Link the person"

    individual = IndividualChoiceField(
        label="A person already recorded",
        queryset=Individual.objects.none(),
        required=False,
        empty_label="A new person",
    )
    kind = _radios("Or, a new person: who is this?", Individual.Kind.choices)
    name = forms.CharField(label="Their name or nickname, or the account's username", required=False, max_length=200)

    def __init__(self, *args, individuals: QuerySet[Individual] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if individuals is not None:
            self.fields["individual"].queryset = individuals

    def get_layout(self) -> Layout:
        return Layout(
            Field.select("individual"),
            Field.radios("kind", small=True),
            Field.text("name"),
            Button("submit", self.submit_label),
        )


class CloseForm(GovukForm):
    submit_label = "Record the decision"

    outcome = _radios(
        "Decision",
        [
            (Item.State.SHARED_WITH_POLICE, "Shared with the police"),
            (Item.State.NO_FURTHER_ACTION, "No further action"),
        ],
        "Choose shared with the police or no further action",
        required=True,
    )
    police_reference = forms.CharField(label="Police reference (if shared)", required=False, max_length=60)
    reasons = text_area_field("Reasons", "Give the reasons for the decision", rows=5)

    def get_layout(self) -> Layout:
        return Layout(
            Field.radios("outcome"),
            Field.text("police_reference", field_width=20),
            Field.textarea("reasons"),
            Button("submit", self.submit_label),
        )


class TrendsFilterForm(forms.Form):
    """The trends page's filters (GET): each optional."""

    kind = forms.ChoiceField(label="Type", choices=[("", "Any type"), *Item.Kind.choices], required=False)
    district = forms.CharField(label="Postcode district", required=False, max_length=8)
    person_kind = forms.ChoiceField(label="People", choices=[("", "Anyone"), *Individual.Kind.choices], required=False)
    months = forms.TypedChoiceField(
        label="Period",
        choices=[(3, "Last 3 months"), (6, "Last 6 months"), (12, "Last 12 months"), (0, "All time")],
        coerce=int,
        required=False,
        empty_value=12,
    )
