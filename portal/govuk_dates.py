"""The one GOV.UK date input every form uses.

crispy-forms-gds' ``DateInputField`` draws the GOV.UK day / month / year boxes, but builds the date
with ``int()``: a 30-digit year raised ``OverflowError`` (a server error) and 31 February showed
Python's "day is out of range for month". This field keeps the widget and checks the parts itself,
with the Design System's wording (https://design-system.service.gov.uk/components/date-input/):

* nothing entered: the field's own "Enter …" message, if it is required;
* a part missing: "Date of birth must include a month";
* not a date that exists, or not numbers: "Date of birth must be a real date";
* a year of fewer than 4 numbers: "Year must include 4 numbers" (more than 4 cannot be real).
"""

import re
from datetime import date

from crispy_forms_gds.fields import DateInputField
from django import forms

UNITS = ("day", "month", "year")
# ASCII digits only: str.isdigit() also accepts "²" and other digits int() refuses.
_DAY_OR_MONTH = re.compile(r"[0-9]{1,2}")
_YEAR = re.compile(r"[0-9]{4}")
_NUMBER = re.compile(r"[0-9]+")


def name_from_label(label: str) -> str:
    """What the error messages call the date: the label without "(optional)" and the like, or
    "The date" when the label is a question ("When was the meeting held?")."""
    name = re.sub(r"\s*\(.*?\)\s*", " ", str(label)).strip()
    if not name or name.endswith("?"):
        return "The date"
    return name[0].upper() + name[1:]


class GovukDateField(DateInputField):
    def __init__(
        self,
        *,
        label: str,
        required: bool = False,
        help_text: str = "For example, 27 3 2019",
        name: str = "",
        required_message: str = "",
        **kwargs,
    ):
        super().__init__(label=label, required=required, help_text=help_text, **kwargs)
        self.date_name = name or name_from_label(label)
        if required_message:
            self.error_messages["required"] = required_message

    def clean(self, value):
        if self.disabled and not isinstance(value, (list, tuple)):
            value = self.widget.decompress(value)
        parts = self._parts(value)
        if not any(parts):
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return None
        missing = [unit for unit, part in zip(UNITS, parts, strict=True) if not part]
        if missing:
            raise forms.ValidationError(f"{self.date_name} must include a {' and '.join(missing)}", code="incomplete")
        day, month, year = parts
        if not all(_NUMBER.fullmatch(part) for part in parts):
            raise self._not_real()
        if len(year) < 4:
            raise forms.ValidationError("Year must include 4 numbers", code="year")
        # Past 4 numbers (a 30-digit year once overflowed) the date cannot be real.
        if not (_YEAR.fullmatch(year) and _DAY_OR_MONTH.fullmatch(day) and _DAY_OR_MONTH.fullmatch(month)):
            raise self._not_real()
        try:
            value = date(int(year), int(month), int(day))
        except ValueError:
            raise self._not_real() from None
        self.validate(value)
        self.run_validators(value)
        return value

    def _parts(self, value) -> list[str]:
        if isinstance(value, date):
            value = self.widget.decompress(value)
        if not isinstance(value, (list, tuple)):
            value = []
        parts = [("" if part is None else str(part)).strip() for part in value[:3]]
        return parts + [""] * (3 - len(parts))

    def _not_real(self) -> forms.ValidationError:
        return forms.ValidationError(f"{self.date_name} must be a real date", code="invalid_date")
