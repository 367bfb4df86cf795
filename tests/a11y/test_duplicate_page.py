"""The duplicate page when the NHS number is already recorded (issue 15): every choice works. "The
same child" uses that record; "a different child" cannot keep the number (one number, one child), so
the number is cleared for the user to correct or leave blank, and the next save succeeds."""

import re

from django.urls import reverse

from portal.models import Child
from tests.factories import make_child, next_nhs_number
from tests.helpers import client_for
from tests.portal.test_views import valid_child_post
from tests.referrals.factories import health_child, start


def _nhs_value(page: str) -> str:
    found = re.search(r'<input[^>]*id="id_nhs_number"[^>]*>', page)
    value = re.search(r'value="([^"]*)"', found.group(0))
    return value.group(1) if value else ""


def test_a_different_child_with_a_recorded_nhs_number_is_recorded_once_the_number_is_corrected(setup):
    existing = make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Ada", last_name="North")
    client = client_for(setup.north.social_worker)
    url = reverse("portal:child_create")
    data = valid_child_post(setup, first_name="Bea", last_name="Other", nhs_number=existing.nhs_number)

    first = client.post(url, data).content.decode()
    assert "A child with this NHS number is already recorded" in first
    assert "This is a different child: the NHS number I typed must be wrong" in first
    assert f'href="{existing.get_absolute_url()}"' in first  # "the same child": open that record

    different = client.post(url, {**data, "confirm_not_duplicate": "on"}).content.decode()
    assert "Two children cannot have the same NHS number" in different
    assert 'href="#id_nhs_number"' in different  # the error summary goes back to that answer
    assert _nhs_value(different) == ""
    assert re.search(r'name="confirm_not_duplicate"[^>]*checked|checked[^>]*name="confirm_not_duplicate"', different)
    assert Child.objects.filter(first_name="Bea").count() == 0

    corrected = client.post(url, {**data, "confirm_not_duplicate": "on", "nhs_number": next_nhs_number()})
    assert corrected.status_code == 302
    blank = client.post(url, {**data, "first_name": "Cy", "confirm_not_duplicate": "on", "nhs_number": ""})
    assert blank.status_code == 302
    assert Child.objects.filter(first_name__in=["Bea", "Cy"]).count() == 2
    assert Child.objects.filter(nhs_number=existing.nhs_number).count() == 1


def test_in_a_referral_the_different_child_choice_also_works(setup):
    draft = start(setup.health_visitor, health_child(setup))
    other = make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Hidden", last_name="Zed")
    client = client_for(setup.health_visitor)
    url = reverse("referrals:step_child_new", args=[draft.pk])
    data = {
        "first_name": "Someone",
        "last_name": "Else",
        "nhs_number": other.nhs_number,
        "local_authority": setup.north.org.pk,
        "whereabouts_known": "yes",
        "tier": "2",
        "team": setup.health_team.pk,
    }
    assert "this is a different child" in client.post(url, data).content.decode().lower()
    different = client.post(url, {**data, "confirm_not_duplicate": "on"}).content.decode()
    assert "Two children cannot have the same NHS number" in different and _nhs_value(different) == ""
    done = client.post(url, {**data, "confirm_not_duplicate": "on", "nhs_number": ""})
    assert done.status_code == 302
    draft.refresh_from_db()
    assert draft.child.first_name == "Someone" and draft.child.nhs_number == ""
