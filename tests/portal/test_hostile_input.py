"""Input that once gave a server error: each comes back as a GOV.UK form error instead."""

import pytest
from django.urls import reverse

from tests.factories import make_child, next_nhs_number
from tests.helpers import client_for


@pytest.fixture
def child(setup):
    return make_child(worker=setup.north.social_worker, team=setup.north.cin)


def _new_child(setup, day: str, month: str, year: str) -> dict:
    return {
        "first_name": "Bea",
        "last_name": "Newchild",
        "date_of_birth_0": day,
        "date_of_birth_1": month,
        "date_of_birth_2": year,
        "nhs_number": next_nhs_number(),
        "local_authority": setup.north.org.pk,
        "whereabouts_known": "yes",
        "tier": "4",
        "team": setup.north.cin.pk,
    }


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        ("4", "5", "9" * 30),  # once OverflowError (crispy-forms-gds builds the date with int())
        ("4", "5", "9" * 400),
        ("9" * 40, "5", "2019"),
        ("31", "2", "2019"),  # once Python's "day is out of range for month"
        ("4", "13", "2019"),
        ("four", "5", "2019"),
        ("4", "5", "²⁰¹⁹"),  # digits to str.isdigit(), not to int()
        ("0", "5", "2019"),
    ],
)
def test_an_impossible_date_of_birth_is_a_govuk_error(setup, day, month, year):
    response = client_for(setup.north.social_worker).post(
        reverse("portal:child_create"), _new_child(setup, day, month, year)
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "Date of birth must be a real date" in content
    assert "out of range" not in content
    # What was typed is still there to correct.
    assert 'value="Bea"' in content


def test_a_two_digit_year_asks_for_four_numbers(setup):
    response = client_for(setup.north.social_worker).post(
        reverse("portal:child_create"), _new_child(setup, "4", "5", "19")
    )
    assert "Year must include 4 numbers" in response.content.decode()


def test_a_date_missing_its_month_says_so(setup):
    response = client_for(setup.north.social_worker).post(
        reverse("portal:child_create"), _new_child(setup, "4", "", "2019")
    )
    assert "Date of birth must include a month" in response.content.decode()


@pytest.mark.parametrize("team", ["abc", "1.5", "²", "9" * 30, "-1", ""])
def test_allocating_to_a_team_that_is_not_a_number_is_a_form_error(setup, child, team):
    # Once a ValueError in portal/views.py for a non-numeric team.
    response = client_for(setup.north.cin_manager).post(
        reverse("portal:child_allocate", args=[child.pk]), {"team": team, "worker": "x"}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


@pytest.mark.parametrize("value", ["²", "abc", "9" * 30, "-3"])
def test_number_filters_in_addresses_ignore_what_is_not_a_number(setup, value):
    client = client_for(setup.north.social_worker)
    assert client.get(reverse("portal:child_list"), {"worker": value}).status_code == 200
    assert client.get(reverse("sharing:privacy_notice_list"), {"team": value}).status_code == 200
    assert client_for(setup.north.screener).get(reverse("referrals:queue"), {"authority": value}).status_code == 200
