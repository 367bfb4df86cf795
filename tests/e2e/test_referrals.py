"""A MAST referral in Chromium: a health visitor refers without seeking consent (it would put the
child at increased risk), a MAST screener of that authority screens it and records a strategy
discussion, and the health visitor finds the outcome in their inbox."""

import re

import pytest
from playwright.sync_api import expect

from portal.models import Notification
from referrals.models import MastReferral
from sharing.models import ConsentRecord
from tests.e2e.test_child_journey import sign_in

pytestmark = pytest.mark.e2e


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_referral_without_consent_screened_to_a_strategy_discussion(page, setup, screenshots):
    # The health visitor makes the referral.
    sign_in(page, "health.visitor")
    page.get_by_role("link", name="Referrals", exact=True).click()
    page.get_by_role("button", name="Make a referral").click()
    expect(page.get_by_test_id("not-sure-advice")).to_contain_text("Do not ignore it")
    page.get_by_role("button", name="Start now").click()

    page.get_by_role("link", name="Record the child").click()
    page.get_by_label("First name").fill("Poppy")
    page.get_by_label("Last name").fill("Example")
    page.get_by_label("Day").fill("12")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Local authority the child lives in").select_option(label="North Council")
    page.get_by_label("Tier 2 — additional needs (single agency)").check()
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Your concern")).to_be_visible()
    page.get_by_label("Physical abuse or an unexplained injury").check()
    page.get_by_label("What happened?").fill("At the 9 month check on 20 November the baby had bruises on both arms.")
    page.get_by_label("What do you think?").fill("The bruising is not consistent with the mother's account.")
    page.get_by_label("Urgent: significant harm is likely within days without action").check()
    page.get_by_label("Health (special category)").check()
    page.get_by_label("Why are you sharing this information with MAST?").fill(
        "MAST must see the bruising today to decide whether the baby is safe at home."
    )
    # The baby has no NHS number recorded: the consistent identifier's reason (s16LC, issue 16).
    page.get_by_label("The NHS number is not known, and finding it would cause unreasonable delay").check()
    page.get_by_label("Explain why the NHS number is left out (if it is)").fill("Her GP surgery is closed today.")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="The child's and family's views")).to_be_visible()
    page.get_by_label("What are the child's views?").fill("The baby is too young to give views.")
    page.get_by_label("What are the family's views?").fill("Not asked: the mother's partner may be the risk.")
    page.get_by_label("No", exact=True).check()
    page.get_by_label("Why have they not been told?").select_option("would_increase_risk")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Agreement to the referral")).to_be_visible()
    page.get_by_label("No, I did not seek their agreement").check()
    page.get_by_label("It would place the child at increased risk of significant harm").check()
    page.get_by_label("Explain your decision").fill("The mother's partner may have caused the injuries.")
    page.get_by_label("A parent or carer with parental responsibility who is not recorded yet").check()
    page.get_by_label("First name").fill("Jo")
    page.get_by_label("Last name").fill("Example")
    page.get_by_label("Relationship to the child").select_option("mother")
    page.get_by_label("From the person themselves").check()
    page.screenshot(path=screenshots / "0-agreement-not-sought.png", full_page=True)
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Check your answers before sending your referral")).to_be_visible()
    expect(page.get_by_test_id("check-consent")).to_contain_text(
        "It would place the child at increased risk of significant harm"
    )
    expect(page.get_by_test_id("check-concern")).to_contain_text("bruises on both arms")
    page.screenshot(path=screenshots / "1-check-your-answers.png", full_page=True)
    page.get_by_role("button", name="Send referral").click()

    expect(page.get_by_test_id("confirmation")).to_contain_text("Referral sent")
    reference = page.get_by_test_id("reference").inner_text()
    assert re.fullmatch(r"MAST-\d{4}-\d{6}", reference)
    page.screenshot(path=screenshots / "2-referral-sent.png", full_page=True)
    sign_out(page)

    # A MAST screener in the child's authority screens it.
    sign_in(page, "north.screener")
    page.get_by_role("link", name="Referrals", exact=True).click()
    page.get_by_role("link", name="Screening queue").click()
    expect(page.get_by_test_id("queue-table")).to_contain_text("Poppy Example")
    page.screenshot(path=screenshots / "3-screening-queue.png", full_page=True)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_test_id("referral-consent")).to_contain_text("No, I did not seek their agreement")
    page.get_by_role("button", name="Start screening").click()

    page.get_by_role("button", name="Record a check with another agency").click()
    page.get_by_label("Which agency did you check with?").fill("GP surgery")
    page.get_by_label("What did they tell you?").fill("Seen twice in October with minor injuries.")
    page.get_by_role("button", name="Save check").click()
    expect(page.get_by_test_id("checks")).to_contain_text("GP surgery")

    page.get_by_role("button", name="Record the outcome").click()
    page.get_by_label("Strategy discussion (s47)").check()
    page.get_by_label("Reasons for the outcome").fill("Reasonable cause to suspect significant harm: s47 with police.")
    page.screenshot(path=screenshots / "4-recording-the-outcome.png", full_page=True)
    page.get_by_role("button", name="Record outcome").click()
    expect(page.get_by_test_id("outcome")).to_contain_text("Strategy discussion (s47)")
    page.screenshot(path=screenshots / "4b-screened.png", full_page=True)
    sign_out(page)

    # The health visitor finds the outcome in their inbox.
    sign_in(page, "health.visitor")
    page.get_by_role("link", name=re.compile(r"^Notifications")).click()
    subject = f"Outcome of your MAST referral {reference}: Strategy discussion (s47)"
    expect(page.get_by_test_id("notification-table")).to_contain_text(subject)
    page.screenshot(path=screenshots / "5-inbox.png", full_page=True)
    page.get_by_role("button", name=subject).click()
    expect(page.get_by_role("heading", name=reference)).to_be_visible()
    expect(page.get_by_test_id("outcome")).to_contain_text("Strategy discussion (s47)")
    expect(page.get_by_test_id("checks")).to_have_count(0)  # MAST's checks stay with MAST

    referral = MastReferral.objects.get(reference=reference)
    assert referral.outcome == "strategy_discussion" and referral.referrer == setup.health_visitor
    assert referral.consent_record.status == ConsentRecord.Status.NOT_SOUGHT
    assert referral.consent_record.not_sought_reason == ConsentRecord.NotSoughtReason.CHILD_AT_RISK
    assert Notification.objects.filter(recipient=setup.health_visitor, subject=subject).count() == 1
