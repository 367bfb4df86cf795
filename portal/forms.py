"""GOV.UK forms of the core (crispy-forms-gds). Validation is server-side; errors come back in the
GOV.UK error summary with everything the user typed still in the form."""

from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone

from portal import rules
from portal.govuk_dates import GovukDateField
from portal.models import Child, Organisation, Relationship, Team, Tier, User
from portal.selectors import SAME_NHS_NUMBER
from portal.services import ChildDetails, PersonDetails, RelationshipDetails
from portal.services.break_glass import Finding


class GovukForm(forms.Form):
    """Base form: a crispy-forms-gds helper and one submit button."""

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.layout = self.get_layout()

    def get_layout(self) -> Layout:
        return Layout(*self.fields.keys(), Button("submit", self.submit_label))


def date_field(label: str, required: bool = False, help_text: str = "", *, message: str = "") -> GovukDateField:
    """A GOV.UK date input (day, month, year). `message` is the error shown when a required date is missing."""
    return GovukDateField(
        label=label, required=required, help_text=help_text or "For example, 27 3 2019", required_message=message
    )


def event_date_field(label: str, *, required: bool = False, message: str = "", help_text: str = "") -> GovukDateField:
    """A date something happened or will happen: the example is a recent date, not a birthday."""
    return date_field(label, required, help_text or "For example, 27 3 2026", message=message)


def not_in_future(value: date | None) -> date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError("The date must be today or in the past")
    return value


class NhsNumberField(forms.CharField):
    """An optional NHS number: ten digits with a correct modulus-11 check digit, stored as digits
    only. A bad one is a form error with a GOV.UK message, never a 500."""

    def __init__(self, *, invalid_message: str = "Enter a valid NHS number, like 943 476 5919", **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 14)
        self.invalid_message = invalid_message
        super().__init__(**kwargs)

    def clean(self, value) -> str:
        value = super().clean(value)
        if value and not rules.nhs_number_is_valid(value):
            raise forms.ValidationError(self.invalid_message)
        return rules.normalise_nhs_number(value)


def required(message: str) -> dict[str, str]:
    return {"required": message}


def text_area_field(label: str, message: str = "", *, rows: int = 4, help_text: str = "") -> forms.CharField:
    """Free text over several lines; required when there is a `message` to say it is missing."""
    return forms.CharField(
        label=label,
        required=bool(message),
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        error_messages=required(message) if message else {},
    )


YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no_to_bool(answer: str | None) -> bool | None:
    """A "yes" / "no" radio answer as the bool a service takes; None when it was not answered."""
    return {"yes": True, "no": False}.get(answer)


def bool_to_yes_no(value: bool | None) -> str:
    """A recorded bool as the "yes" / "no" radio answer a form starts with; "" when not recorded."""
    return "" if value is None else ("yes" if value else "no")


class TeamChoiceField(forms.ModelChoiceField):
    """Teams named with their organisation: "Early help team (Northshire County Council)"."""

    def label_from_instance(self, obj: Team) -> str:
        return f"{obj.name} ({obj.organisation.name})"


class ReasonForm(GovukForm):
    """One reason: declining, withdrawing, or explaining why something is not done."""

    reason = text_area_field("Reason", "Enter the reason", rows=5)

    def __init__(self, *args, label: str, message: str, submit_label: str, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = message
        self.fields["reason"].help_text = help_text
        self.submit_label = submit_label
        self.helper.layout = self.get_layout()


class ChildSearchForm(GovukForm):
    submit_label = "Search"

    name = forms.CharField(label="Name", required=False, max_length=100)
    date_of_birth = date_field("Date of birth")
    nhs_number = NhsNumberField(label="NHS number", help_text="10 digits, for example 943 476 5919")

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("name") or data.get("date_of_birth") or data.get("nhs_number")):
            raise forms.ValidationError("Enter a name, a date of birth or an NHS number")
        return data


class ChildForm(GovukForm):
    first_name = forms.CharField(
        label="First name", max_length=100, error_messages=required("Enter the child's first name")
    )
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages=required("Enter the child's last name")
    )
    other_names = forms.CharField(
        label="Other names (optional)", required=False, max_length=200, help_text="Known-as names and aliases"
    )
    date_of_birth = date_field("Date of birth (optional)")
    is_unborn = forms.BooleanField(
        label="The child is not born yet (the date above is the expected date of birth)", required=False
    )
    nhs_number = NhsNumberField(
        label="NHS number (optional)",
        help_text="10 digits, for example 943 476 5919",
        invalid_message="Enter a valid NHS number: 10 digits with a correct check digit",
    )
    address = forms.CharField(label="Address (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    postcode = forms.CharField(label="Postcode (optional)", required=False, max_length=10)
    local_authority = forms.ModelChoiceField(
        label="Local authority the child lives in",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY),
        empty_label="Choose a local authority",
        error_messages=required("Choose the local authority the child lives in"),
    )
    whereabouts_known = forms.TypedChoiceField(
        label="Are the child's whereabouts known?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        initial="yes",
        error_messages=required("Say whether the child's whereabouts are known"),
    )
    tier = forms.TypedChoiceField(
        label="Level on the Continuum of Need",
        choices=Tier.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages=required("Choose the child's level on the Continuum of Need"),
    )
    team = forms.ModelChoiceField(
        label="Team the child is allocated to",
        queryset=Team.objects.none(),
        error_messages=required("Choose the team the child is allocated to"),
    )
    confirm_not_duplicate = forms.BooleanField(
        label="I have checked the possible matches and this is a different child", required=False
    )

    def __init__(self, *args, user: User, instance: Child | None = None, duplicates=None, **kwargs):
        self.instance = instance
        self.duplicates = duplicates or []
        if instance is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"].update(
                {
                    "first_name": instance.first_name,
                    "last_name": instance.last_name,
                    "other_names": instance.other_names,
                    "date_of_birth": instance.date_of_birth,
                    "is_unborn": instance.is_unborn,
                    "nhs_number": instance.nhs_number,
                    "address": instance.address,
                    "postcode": instance.postcode,
                    "local_authority": instance.local_authority_id,
                    "whereabouts_known": "yes" if instance.whereabouts_known else "no",
                    "tier": instance.tier,
                }
            )
        super().__init__(*args, **kwargs)
        if instance is not None:
            # Allocation is a team manager's decision, made on its own page.
            del self.fields["team"]
        else:
            self.fields["team"].queryset = Team.objects.filter(memberships__user=user).select_related("organisation")
            teams = list(self.fields["team"].queryset)
            if len(teams) == 1:
                self.fields["team"].initial = teams[0].pk
        if not self.duplicates:
            del self.fields["confirm_not_duplicate"]
        elif self.nhs_taken:
            self.fields[
                "confirm_not_duplicate"
            ].label = "This is a different child: the NHS number I typed must be wrong, and I will correct it"
        self.helper.layout = self.get_layout()

    @property
    def nhs_taken(self) -> bool:
        return any(d.reason == SAME_NHS_NUMBER for d in self.duplicates)

    @classmethod
    def for_duplicates(cls, posted, *, duplicates, **kwargs) -> "ChildForm":
        """The form again, with the possible matches to check. A different child with an NHS number
        already recorded cannot be saved with it (one number, one child): the number is cleared for
        the user to correct, or leave blank, and the confirmation kept, so the next save succeeds."""
        confirmed = posted.get("confirm_not_duplicate") == "on"
        nhs_taken = any(d.reason == SAME_NHS_NUMBER for d in duplicates)
        if nhs_taken and confirmed:
            posted = posted.copy()
            posted["nhs_number"] = ""
        form = cls(posted, duplicates=duplicates, **kwargs)
        form.is_valid()
        if nhs_taken and confirmed:
            form.add_error(
                "nhs_number",
                "Two children cannot have the same NHS number. Check the number with the family or their GP "
                "and enter it again, or leave it blank if you do not know it",
            )
        elif nhs_taken:
            form.add_error(
                "nhs_number",
                "A child with this NHS number is already recorded: use that record, or if this is a different "
                "child, say so below",
            )
        else:
            form.add_error(
                "confirm_not_duplicate", "Check the possible matches below, and confirm this is a different child"
            )
        return form

    def get_layout(self) -> Layout:
        names = [n for n in ["first_name", "last_name", "other_names"] if n in self.fields]
        rest = [n for n in self.fields if n not in names and n != "confirm_not_duplicate"]
        parts = [Fieldset(*names, legend="Name"), *rest]
        if "confirm_not_duplicate" in self.fields:
            parts.insert(0, Field("confirm_not_duplicate"))
        return Layout(*parts, Button("submit", self.submit_label))

    def clean(self):
        data = super().clean()
        dob = data.get("date_of_birth")
        if dob and not data.get("is_unborn"):
            try:
                not_in_future(dob)
            except forms.ValidationError as error:
                self.add_error("date_of_birth", error)
        if data.get("is_unborn") and not dob:
            self.add_error("date_of_birth", "Enter the expected date of birth")
        return data

    def details(self) -> ChildDetails:
        data = self.cleaned_data
        return ChildDetails(
            first_name=data["first_name"].strip(),
            last_name=data["last_name"].strip(),
            other_names=data["other_names"].strip(),
            date_of_birth=data["date_of_birth"],
            is_unborn=data["is_unborn"],
            nhs_number=data["nhs_number"],
            address=data["address"].strip(),
            postcode=data["postcode"].strip().upper(),
            local_authority=data["local_authority"],
            whereabouts_known=data["whereabouts_known"],
            tier=data["tier"],
        )


class PersonForm(GovukForm):
    first_name = forms.CharField(label="First name", max_length=100, error_messages=required("Enter their first name"))
    last_name = forms.CharField(label="Last name", max_length=100, error_messages=required("Enter their last name"))
    date_of_birth = date_field("Date of birth (optional)")
    address = forms.CharField(label="Address (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    postcode = forms.CharField(label="Postcode (optional)", required=False, max_length=10)
    phone = forms.CharField(label="Phone (optional)", required=False, max_length=40)
    email = forms.EmailField(label="Email (optional)", required=False)

    def clean_date_of_birth(self):
        return not_in_future(self.cleaned_data["date_of_birth"])

    def person_details(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            first_name=data["first_name"].strip(),
            last_name=data["last_name"].strip(),
            date_of_birth=data["date_of_birth"],
            address=data["address"].strip(),
            postcode=data["postcode"].strip().upper(),
            phone=data["phone"].strip(),
            email=data["email"].strip(),
        )


class RelatedPersonForm(PersonForm):
    """A person and how they relate to the child, on one page."""

    kind = forms.ChoiceField(
        label="Relationship to the child",
        choices=Relationship.Kind.choices,
        widget=forms.RadioSelect,
        error_messages=required("Choose how they are related to the child"),
    )
    has_parental_responsibility = forms.BooleanField(label="Has parental responsibility", required=False)
    lives_with_child = forms.BooleanField(label="Lives with the child", required=False)
    source = forms.ChoiceField(
        label="How did we learn about this person?",
        choices=Relationship.Source.choices,
        widget=forms.RadioSelect,
        help_text="If from someone else, the person is owed privacy information within one month.",
        error_messages=required("Say how we learned about this person"),
    )
    obtained_on = date_field("When did we obtain their details?", required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["obtained_on"].error_messages["required"] = "Enter the date we obtained their details"

    def clean_obtained_on(self):
        return not_in_future(self.cleaned_data["obtained_on"])

    def relationship_details(self) -> RelationshipDetails:
        data = self.cleaned_data
        return RelationshipDetails(
            kind=data["kind"],
            has_parental_responsibility=data["has_parental_responsibility"],
            lives_with_child=data["lives_with_child"],
            source=data["source"],
            obtained_on=data["obtained_on"],
        )


class AllocationForm(GovukForm):
    submit_label = "Allocate"

    team = forms.ModelChoiceField(label="Team", queryset=Team.objects.none(), error_messages=required("Choose a team"))
    worker = forms.ModelChoiceField(label="Allocated worker", queryset=User.objects.none(), required=False)

    def __init__(self, *args, teams, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["worker"].queryset = workers
        self.fields["worker"].empty_label = "No named worker yet"


class EscalationResolveForm(GovukForm):
    submit_label = "Close the escalation"

    resolution = forms.CharField(
        label="Decision", max_length=200, help_text="What was decided", error_messages=required("Enter the decision")
    )
    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Why you decided this",
        error_messages=required("Enter the rationale for the decision"),
    )
    actions = forms.CharField(
        label="Actions agreed (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What happens next, and who does it",
    )


class BreakGlassReviewForm(GovukForm):
    """The review of an emergency access: a finding, the reviewer's notes, and whether to end it now."""

    submit_label = "Record the review"

    finding = forms.ChoiceField(
        label="Was the emergency access justified?",
        choices=Finding.choices,
        widget=forms.RadioSelect,
        error_messages=required("Say whether the emergency access was justified"),
    )
    notes = forms.CharField(
        label="Notes",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Why you reached this finding, and anything to follow up",
        error_messages=required("Enter your notes on the review"),
    )
    end_access = forms.BooleanField(
        label="End the access now, if it is still open",
        required=False,
    )


class EmergencySearchForm(GovukForm):
    """The search is itself logged with its reason, so the reason comes first."""

    submit_label = "Find the record"

    reason = forms.CharField(
        label="Why do you need this record now?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Your reason is recorded with the search and reviewed by the Caldicott Guardian.",
        error_messages=required("Explain why you need access now"),
    )
    nhs_number = NhsNumberField(label="NHS number")
    first_name = forms.CharField(label="First name", required=False, max_length=100)
    last_name = forms.CharField(label="Last name", required=False, max_length=100)
    date_of_birth = date_field("Date of birth")

    def clean(self):
        data = super().clean()
        complete_name = data.get("first_name") and data.get("last_name") and data.get("date_of_birth")
        if not self.errors and not (data.get("nhs_number") or complete_name):
            raise forms.ValidationError("Enter the NHS number, or the full name and date of birth")
        return data
