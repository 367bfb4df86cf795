"""A practitioner's journey in Chromium: sign in, find a child, make a mistake, fix it, save."""

import re

import pytest
from playwright.sync_api import expect

from portal.models import Child
from tests.e2e.helpers import sign_in
from tests.factories import make_child

pytestmark = pytest.mark.e2e


def test_sign_in_find_a_child_fix_a_bad_form_and_save(page, setup, screenshots):
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Ruby", last_name="Example")
    make_child(worker=setup.south.social_worker, team=setup.south.cin, first_name="Ruby", last_name="Elsewhere")

    sign_in(page, "north.socialworker")
    page.get_by_role("link", name="Children", exact=True).click()
    page.get_by_label("Name").fill("Ruby")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_test_id("search-results-heading")).to_have_text("1 matching child")
    expect(page.get_by_role("link", name="Ruby Elsewhere")).to_have_count(0)
    # The search went by POST: nothing personal in the address bar.
    assert "Ruby" not in page.url
    page.get_by_role("link", name="Ruby Example").click()
    expect(page.get_by_role("heading", name="Ruby Example", level=1)).to_be_visible()

    page.get_by_role("link", name=re.compile("Change details")).click()
    page.get_by_label("NHS number (optional)").fill("123 456 7890")
    page.get_by_label("Postcode (optional)").fill("zz1 1aa")
    page.get_by_role("button", name="Save").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter a valid NHS number")
    # What was typed is still there.
    expect(page.get_by_label("Postcode (optional)")).to_have_value("zz1 1aa")
    page.screenshot(path=screenshots / "error-summary.png", full_page=True)

    # The summary links to the field with the problem.
    summary.get_by_role("link", name=re.compile("Enter a valid NHS number")).click()
    expect(page.get_by_label("NHS number (optional)")).to_be_focused()
    page.get_by_label("NHS number (optional)").fill("943 476 5919")
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Child's details saved")
    expect(page.get_by_test_id("child-details")).to_contain_text("943 476 5919")
    page.screenshot(path=screenshots / "saved.png", full_page=True)

    child.refresh_from_db()
    assert child.nhs_number == "9434765919"
    assert child.postcode == "ZZ1 1AA"
    assert Child.objects.filter(nhs_number="9434765919").count() == 1


def test_another_teams_child_is_not_found(page, setup):
    child = make_child(worker=setup.south.social_worker, team=setup.south.cin)
    sign_in(page, "north.socialworker")
    response = page.goto(f"/children/{child.pk}/")
    assert response.status == 404
