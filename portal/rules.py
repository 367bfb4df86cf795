"""Pure rules of the core: no database."""

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
