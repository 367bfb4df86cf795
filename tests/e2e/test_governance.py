"""Issue 13 in Chromium: advice asked in a school with no reviewer reaches the local authority's
Caldicott Guardian, who answers from the review queue; and a screening outcome "s17 assessment"
puts the child on the CIN manager's "to allocate" list, from which they allocate."""

import re

import pytest
from playwright.sync_api import expect

from portal.models import Child, Organisation, Role, Team
from referrals.models import MastReferral
from sharing.models import SharingDecision
from tests.e2e.helpers import sign_in
from tests.e2e.test_sharing import answer, start_decision
from tests.factories import OrganisationFactory, TeamFactory, UserFactory, join, make_child
from tests.referrals.factories import sent

pytestmark = pytest.mark.e2e


def _new_page(browser, live_server):
    page = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    return page


def test_a_teacher_seeks_advice_the_local_authoritys_guardian_answers_and_the_teacher_decides(
    browser, live_server, django_db_serialized_rollback, setup, screenshots
):
    school = OrganisationFactory(
        name="Riverside Primary", kind=Organisation.Kind.EDUCATION, serves_area=setup.north.org
    )
    team = TeamFactory(organisation=school, name="Safeguarding", kind=Team.Kind.SCHOOL_SAFEGUARDING)
    teacher = join(UserFactory(username="school.teacher", organisation=school, roles=[Role.PRACTITIONER]), team)
    child = make_child(worker=teacher, team=team, first_name="Sam", last_name="Pupil")

    page = _new_page(browser, live_server)
    sign_in(page, teacher.username)
    start_decision(page, child, recipient="Health Trust", purpose_detail="The school nurse asks about home life")
    answer(page, "Is there a clear and legitimate purpose for sharing the information?", "Not sure")
    page.get_by_label("What do you need advice on?").fill("Is the nurse's question a legitimate purpose?")
    page.get_by_role("button", name="Ask for advice").click()
    expect(page.get_by_test_id("decision-advice")).to_be_visible()

    # The school has no reviewer of its own: the local authority's Caldicott Guardian has it.
    guardian = _new_page(browser, live_server)
    sign_in(guardian, setup.north.caldicott.username)
    guardian.get_by_role("link", name="Review queue").click()
    guardian.get_by_test_id("review-table").get_by_role("link", name="Advice on sharing requested").click()
    guardian.screenshot(path=screenshots / "advice-on-the-authoritys-queue.png", full_page=True)
    guardian.get_by_label("Decision").fill("Share what the nurse needs")
    guardian.get_by_label("Rationale").fill("Planning support with the school nurse is a legitimate purpose.")
    guardian.get_by_role("button", name="Close the escalation").click()
    expect(guardian.get_by_test_id("escalation-status")).to_have_text("Resolved")

    # The teacher is told, and completes the decision.
    page.get_by_role("link", name=re.compile("Notifications")).click()
    page.get_by_role("button", name="Advice on your sharing decision is ready").click()
    expect(page.get_by_test_id("decision-advice")).to_contain_text("legitimate purpose")
    page.get_by_role("link", name="Continue this decision").click()
    answer(page, "Is there a clear and legitimate purpose for sharing the information?", "Yes")
    answer(page, "Do you have consent to share?", "No")
    answer(page, "Does the information enable an individual to be identified?", "No")
    page.get_by_label("Education", exact=True).check()
    page.get_by_label("What was shared: item 1").fill("Attendance this term, without names.")
    page.locator("#id_item_1_nature_1").check()  # a fact (issue 16)
    page.get_by_label("Secure email").check()
    page.get_by_label("UK GDPR Article 6 lawful basis").select_option(label="6(1)(e) — Public task")
    page.locator("#id_individual_told_1").check()
    page.get_by_label("Your reasons for sharing").fill("As advised by the Caldicott Guardian.")
    page.get_by_role("button", name="Record the decision to share").click()
    expect(page.get_by_test_id("decision-outcome")).to_have_text("Share")
    page.screenshot(path=screenshots / "teacher-decided.png", full_page=True)
    decision = SharingDecision.objects.get(child=child)
    assert decision.status == "completed" and decision.advice_by == setup.north.caldicott


def test_an_s17_outcome_puts_the_child_on_the_cin_managers_list_to_allocate(
    browser, live_server, django_db_serialized_rollback, setup, screenshots
):
    referral = sent(setup)
    child = referral.child

    page = _new_page(browser, live_server)
    sign_in(page, setup.north.screener.username)
    page.goto(referral.get_absolute_url())
    page.get_by_role("button", name="Start screening").click()
    page.get_by_role("button", name="Record the outcome").click()
    page.get_by_label("Child in Need assessment (s17)").check()
    page.get_by_label("Reasons for the outcome").fill("Needs support at home: a Child in Need assessment.")
    page.get_by_role("button", name="Record outcome").click()
    expect(page.get_by_test_id("outcome")).to_contain_text("Child in Need assessment (s17)")

    manager = _new_page(browser, live_server)
    sign_in(manager, setup.north.cin_manager.username)
    manager.goto("/dashboard/")
    expect(manager.get_by_role("table", name="Children to allocate")).to_contain_text(child.full_name)
    manager.screenshot(path=screenshots / "to-allocate.png", full_page=True)
    manager.get_by_role("link", name=child.full_name).click()
    manager.get_by_label("Team").select_option(label=str(setup.north.cin))
    manager.get_by_label("Allocated worker").select_option(label=str(setup.north.social_worker))
    manager.get_by_role("button", name="Allocate").click()
    expect(manager.get_by_role("heading", name=child.full_name, level=1)).to_be_visible()

    child = Child.objects.get(pk=child.pk)
    assert child.allocated_team == setup.north.cin and child.allocated_worker == setup.north.social_worker
    assert child.tier == 4
    assert MastReferral.objects.get(pk=referral.pk).outcome == "cin_assessment"
