import pytest

from portal import rules


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("9434765919", True),
        ("943 476 5919", True),
        ("943-476-5919", False),  # spaces only (issue 15): anything else is a slip to show
        ("9434765918", False),  # wrong check digit
        ("1234567890", False),
        ("943476591", False),  # nine digits
        ("94347659190", False),
        ("abcdefghij", False),
        ("", False),
    ],
)
def test_nhs_number_validity_uses_the_mod_11_check_digit(value, valid):
    assert rules.nhs_number_is_valid(value) is valid


def test_nhs_number_is_normalised_to_digits():
    assert rules.normalise_nhs_number(" 943 476 5919 ") == "9434765919"
    assert rules.normalise_nhs_number("") == ""


def test_lowerfirst_keeps_acronyms_and_names():
    from portal.templatetags.portal_text import lowerfirst

    assert lowerfirst("A referral to MAST") == "a referral to MAST"
    assert lowerfirst("Moving a Child in Need case") == "moving a Child in Need case"
    assert lowerfirst("") == ""
