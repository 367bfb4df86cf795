"""Emergency access used in Chromium, then reviewed and closed by the Caldicott Guardian."""

import pytest
from playwright.sync_api import expect

from portal.models import Escalation
from tests.e2e.helpers import sign_in
from tests.factories import make_child

pytestmark = pytest.mark.e2e


def test_a_guardian_reviews_an_emergency_access_and_closes_it(
    browser, live_server, django_db_serialized_rollback, setup, screenshots
):
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Ruby", last_name="Example")

    # A MAST screener in the other authority needs the record out of hours.
    screener = browser.new_context(base_url=live_server.url).new_page()
    sign_in(screener, setup.south.screener.username)
    assert screener.goto(f"/children/{child.pk}/").status == 404
    screener.goto("/emergency-access/")
    screener.get_by_label("Why do you need this record now?").fill(
        "Police brought Ruby to us at 2am; we need her carer's details to keep her safe tonight."
    )
    screener.get_by_label("NHS number").fill(child.nhs_number)
    screener.get_by_role("button", name="Find the record").click()
    expect(screener.get_by_test_id("emergency-matches")).to_be_visible()
    screener.get_by_role("button", name="Get emergency access").click()
    expect(screener.get_by_role("heading", name="Ruby Example", level=1)).to_be_visible()

    # The Caldicott Guardian of the authority holding the record reviews it.
    guardian = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900}).new_page()
    sign_in(guardian, setup.north.caldicott.username)
    guardian.get_by_role("link", name="Review queue").click()
    guardian.get_by_test_id("review-table").get_by_role("link", name="Emergency access").click()
    expect(guardian.get_by_test_id("escalation-details")).to_contain_text("2am")
    expect(guardian.get_by_test_id("escalation-details")).to_contain_text(str(setup.south.screener))
    guardian.screenshot(path=screenshots / "emergency-access-to-review.png", full_page=True)
    # What the screener read while the access was open, from the access log.
    expect(guardian.get_by_test_id("break-glass-viewed")).to_contain_text("Child's record")
    guardian.get_by_label("Justified", exact=True).check()
    guardian.get_by_label("Notes").fill("A child at risk overnight; the carer's details were needed.")
    guardian.get_by_label("End the access now, if it is still open").check()
    guardian.get_by_role("button", name="Record the review").click()
    expect(guardian.get_by_test_id("escalation-status")).to_have_text("Resolved")
    expect(guardian.get_by_test_id("escalation-rationale")).to_contain_text("A child at risk overnight")
    guardian.screenshot(path=screenshots / "emergency-access-reviewed.png", full_page=True)

    expect(guardian.get_by_test_id("break-glass-state")).to_have_text("The access has ended.")
    escalation = Escalation.objects.get(kind=Escalation.Kind.EMERGENCY_ACCESS)
    assert escalation.status == "resolved" and escalation.resolved_by == setup.north.caldicott
    assert escalation.resolution == "Emergency access justified"
    assert screener.goto(f"/children/{child.pk}/").status == 404
    guardian.goto("/review/")
    expect(guardian.get_by_text("Nothing is waiting for review.")).to_be_visible()
