from datetime import date

import pytest

from intelligence import clocks, rules


@pytest.mark.parametrize(
    ("typed", "district"), [("LS11", "LS11"), (" ls11 ", "LS11"), ("m1", "M1"), ("W1A", "W1A"), ("EC1A", "EC1A")]
)
def test_a_postcode_district_is_kept_normalised(typed, district):
    assert rules.postcode_district_normalise(typed) == district


@pytest.mark.parametrize("typed", ["LS11 5AB", "LS115AB", "", "11LS", "LEEDS", "L"])
def test_anything_but_a_district_is_refused(typed):
    with pytest.raises(ValueError, match="postcode district only"):
        rules.postcode_district_normalise(typed)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The car park behind the Kwik Shop", ""),
        ("Outside the 24 hour garage", ""),
        ("By the number 7 bus stop", ""),
        ("12 Acacia Avenue", "a house number and street"),
        ("Flat 3, 4a Mill Lane", "a house number and street"),
        ("near ls11 5ab", "a full postcode"),
        ("LS115AB", "a full postcode"),
    ],
)
def test_a_precise_address_is_recognised(text, found):
    assert rules.precise_address_in(text) == found


def test_the_same_place_typed_two_ways_has_one_key():
    assert rules.place_key("The Kwik-Shop  car park!") == rules.place_key("kwik shop car park") == "kwik shop car park"


def test_registrations_are_normalised_and_checked():
    assert rules.registration_normalise("ab12 cde") == "AB12CDE"
    with pytest.raises(ValueError):
        rules.registration_normalise("not a reg!")


@pytest.mark.parametrize(
    ("submitted", "due"),
    [
        (date(2026, 12, 24), date(2026, 12, 29)),  # Thursday before Christmas → Tuesday after Boxing Day
        (date(2026, 4, 17), date(2026, 4, 20)),  # Friday → Monday
        (date(2026, 3, 3), date(2026, 3, 4)),
    ],
)
def test_assessment_is_due_the_next_working_day(submitted, due):
    assert clocks.assessment_due(submitted) == due
    assert not clocks.is_overdue(due, due) and clocks.is_overdue(due, date.fromordinal(due.toordinal() + 1))
