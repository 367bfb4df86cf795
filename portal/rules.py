"""Pure rules of the core: no database."""

from datetime import date

from nhs_number import is_valid, standardise_format


def normalise_nhs_number(value: str) -> str:
    """Digits only ("943 476 5919" -> "9434765919"); blank stays blank."""
    value = (value or "").strip()
    if not value:
        return ""
    return standardise_format(value) or "".join(ch for ch in value if ch.isdigit())


def nhs_number_is_valid(value: str) -> bool:
    """Ten digits (spaces between them allowed, nothing else) with a correct modulus-11 check digit:
    "943 476 5919x" is a typing slip to show, not a number to quietly correct."""
    value = (value or "").strip()
    return bool(value) and all(ch.isdigit() or ch == " " for ch in value) and is_valid(normalise_nhs_number(value))


def child_details_errors(
    *, nhs_number: str, date_of_birth: date | None, is_unborn: bool, today: date
) -> dict[str, str]:
    """What is wrong with a child's identifying details, in GOV.UK words; empty when nothing is.
    An NHS number is ten digits with a correct check digit; a date of birth is not in the future
    nor before 1900; an expected date of birth (an unborn child) is within the next 10 months."""
    errors: dict[str, str] = {}
    if (nhs_number or "").strip() and not nhs_number_is_valid(nhs_number):
        errors["nhs_number"] = "Enter a valid NHS number: 10 digits with a correct check digit"
    if date_of_birth is not None:
        if is_unborn:
            if date_of_birth < today:
                errors["date_of_birth"] = "The expected date of birth must be today or in the future"
            elif date_of_birth > _months_later(today, 10):
                errors["date_of_birth"] = "The expected date of birth must be within the next 10 months"
        elif date_of_birth > today:
            errors["date_of_birth"] = "Date of birth must be today or in the past"
        elif date_of_birth.year < EARLIEST_YEAR:
            errors["date_of_birth"] = f"Date of birth must be after {EARLIEST_YEAR - 1}"
    return errors


EARLIEST_YEAR = 1900


def _months_later(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError("unreachable")
