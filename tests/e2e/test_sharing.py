"""Information governance in Chromium: consent recorded and withdrawn; share, do-not-share and
'unsure' decisions; the Caldicott Guardian's advice used to finish the decision."""

import re

import pytest
from playwright.sync_api import expect

from portal.models import Relationship
from sharing.models import ConsentRecord, SharingDecision
from tests.e2e.helpers import sign_in
from tests.factories import PersonFactory, make_child, relate

pytestmark = pytest.mark.e2e


def start_decision(page, child, *, recipient: str, purpose_detail: str) -> None:
    page.goto(f"/children/{child.pk}/")
    page.get_by_role("link", name="Record a decision to share or not to share").click()
    page.get_by_label("Who is asking for the information?").fill("Health visiting team")
    page.get_by_label("Which organisation would receive it?").select_option(label=recipient)
    page.get_by_label("Named person who would receive it").fill("Hana Visitor")
    page.get_by_label("Safeguarding and protecting the child").check()
    page.get_by_label("What exactly is the information needed for?").fill(purpose_detail)
    page.get_by_role("button", name="Continue").click()


def answer(page, question: str, choice: str) -> None:
    expect(page.get_by_role("heading", name=question)).to_be_visible()
    page.get_by_label(choice, exact=True).check()
    page.get_by_role("button", name="Continue").click()


def test_consent_share_do_not_share_and_advice_journey(
    browser, live_server, django_db_serialized_rollback, setup, screenshots
):
    worker = setup.north.social_worker
    child = make_child(worker=worker, team=setup.north.cin, first_name="Ruby", last_name="Example")
    mother = PersonFactory(first_name="Jo", last_name="Example")
    relate(child, mother, Relationship.Kind.MOTHER, has_parental_responsibility=True)

    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, worker.username)

    # Record consent from the mother, for safeguarding, to the health trust.
    page.goto(f"/children/{child.pk}/")
    page.get_by_role("link", name="Consent", exact=True).click()
    page.get_by_role("link", name="Record consent").click()
    page.get_by_label("Consent was sought and given").check()
    page.get_by_label("A person with parental responsibility").check()
    page.get_by_label("Which person with parental responsibility?").select_option(label="Jo Example")
    page.get_by_label("Safeguarding and protecting the child").check()
    page.get_by_label("Health Trust").check()
    page.get_by_label("In writing (signed)").check()
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save consent record").click()
    expect(page.get_by_test_id("consent-status")).to_have_text("Given")

    # A "share" decision: consent is pre-filled from the consent in force.
    start_decision(page, child, recipient="Health Trust", purpose_detail="To plan home visits")
    answer(page, "Is there a clear and legitimate purpose for sharing the information?", "Yes")
    expect(page.get_by_test_id("consent-in-force")).to_be_visible()
    expect(page.get_by_label("Yes", exact=True)).to_be_checked()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_test_id("outcome")).to_have_text("You can share")
    expect(page.get_by_test_id("no-agreement")).to_contain_text("never, by itself, a reason not to share")
    page.get_by_label("Identity and contact details").check()
    page.get_by_label("What was shared: item 1").fill("Family has moved to 2 New Street.")
    page.locator("#id_item_1_nature_1").check()  # a fact (issue 16)
    page.get_by_label("Does the named person use this portal? (optional)").select_option(
        label=str(setup.health_visitor)
    )
    page.get_by_label("Secure email").check()
    page.get_by_label("UK GDPR Article 6 lawful basis").select_option(label="6(1)(a) — Consent")
    page.locator("#id_individual_told_1").check()
    page.get_by_label("Your reasons for sharing").fill("Mother agreed; visits need the new address.")
    page.get_by_role("button", name="Record the decision to share").click()
    expect(page.get_by_test_id("decision-outcome")).to_have_text("Share")
    page.screenshot(path=screenshots / "share-recorded.png", full_page=True)

    # A "do not share" decision.
    start_decision(page, child, recipient="South Council", purpose_detail="A general enquiry")
    answer(page, "Is there a clear and legitimate purpose for sharing the information?", "No")
    expect(page.get_by_test_id("no-consent-in-force")).to_be_visible()
    answer(page, "Do you have consent to share?", "No")
    expect(page.get_by_test_id("outcome")).to_have_text("Do not share")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Record the reasons for your decision")
    page.get_by_label("Your reasons").fill("No legitimate purpose was given.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("decision-outcome")).to_have_text("Do not share")

    # An "unsure" decision goes to the Caldicott Guardian.
    start_decision(page, child, recipient="South Council", purpose_detail="The family may move south")
    answer(page, "Is there a clear and legitimate purpose for sharing the information?", "Not sure")
    expect(page.get_by_test_id("outcome")).to_have_text("Seek advice")
    page.get_by_label("What do you need advice on?").fill("Is a possible move a legitimate purpose?")
    page.get_by_role("button", name="Ask for advice").click()
    expect(page.get_by_test_id("decision-advice")).to_contain_text("Waiting for the Caldicott Guardian")
    unsure = SharingDecision.objects.get(status="awaiting_advice")

    guardian = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900}).new_page()
    sign_in(guardian, setup.north.caldicott.username)
    guardian.get_by_role("link", name="Sharing", exact=True).click()
    guardian.get_by_test_id("awaiting-advice").get_by_role("link").click()
    guardian.get_by_role("link", name="Record advice").click()
    expect(guardian.get_by_test_id("advice-question")).to_contain_text("legitimate purpose")
    guardian.get_by_label("Your advice").fill("Yes: planning for a move is legitimate. Share the summary only.")
    guardian.get_by_role("button", name="Record advice").click()
    expect(guardian.get_by_test_id("decision-advice")).to_contain_text("planning for a move is legitimate")
    guardian.screenshot(path=screenshots / "advice-recorded.png", full_page=True)

    # The practitioner is told, sees the advice and finishes the decision.
    page.get_by_role("link", name=re.compile("Notifications")).click()
    page.get_by_role("button", name="Advice on your sharing decision is ready").click()
    expect(page.get_by_test_id("decision-advice")).to_contain_text("planning for a move is legitimate")
    page.get_by_role("link", name="Continue this decision").click()
    answer(page, "Is there a clear and legitimate purpose for sharing the information?", "Yes")
    answer(page, "Do you have consent to share?", "No")
    answer(page, "Does the information enable an individual to be identified?", "No")
    expect(page.get_by_test_id("advice")).to_contain_text("planning for a move is legitimate")
    page.get_by_label("Social care history and plans").check()
    page.get_by_label("What was shared: item 1").fill("A summary of the plan, without names.")
    page.locator("#id_item_1_nature_1").check()  # a fact (issue 16)
    page.get_by_label("Secure email").check()
    page.get_by_label("UK GDPR Article 6 lawful basis").select_option(label="6(1)(e) — Public task")
    page.locator("#id_individual_told_1").check()
    page.get_by_label("Your reasons for sharing").fill("As advised by the Caldicott Guardian.")
    page.get_by_role("button", name="Record the decision to share").click()
    expect(page.get_by_test_id("decision-outcome")).to_have_text("Share")
    unsure.refresh_from_db()
    assert unsure.status == "completed" and unsure.advice_by == setup.north.caldicott

    # The health visitor reads what was shared with her (not the child's record), from her home page.
    shared = SharingDecision.objects.get(recipient_user=setup.health_visitor)
    visitor = browser.new_context(base_url=live_server.url).new_page()
    sign_in(visitor, setup.health_visitor.username)
    visitor.goto("/")
    visitor.get_by_role("link", name=re.compile("About Ruby Example")).click()
    expect(visitor.get_by_test_id("disclosure-shared")).to_contain_text("Family has moved to 2 New Street.")
    assert visitor.goto(f"/children/{child.pk}/").status == 404

    # Withdraw the consent: the health visitor loses the access it gave.
    consent = ConsentRecord.objects.get()
    page.goto(f"/sharing/consent/{consent.pk}/")
    page.get_by_role("link", name="Withdraw consent").click()
    page.get_by_label("Verbally, by phone").check()
    page.get_by_role("button", name="Withdraw consent").click()
    expect(page.get_by_test_id("consent-status")).to_have_text("Withdrawn")
    page.screenshot(path=screenshots / "consent-withdrawn.png", full_page=True)

    assert visitor.goto(f"/sharing/shared-with-you/{shared.pk}/").status == 404
    assert visitor.goto(f"/children/{child.pk}/").status == 404
    context.close()
