"""An Early Intervention move in Chromium: an early help worker records an unplanned move of a child on
a multi-agency plan to another authority; the multi-agency meeting finds increased risk and possible
significant harm; a MAST referral to the receiving authority already holds the child, the move and
the meeting, so the worker adds only what only they can say, and sends it to that authority's MAST."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from early_intervention.models import EarlyInterventionMove
from referrals.models import MastReferral, Screening
from tests.e2e.test_child_journey import sign_in
from tests.early_intervention.factories import eh_child

pytestmark = pytest.mark.e2e

Move = EarlyInterventionMove


def fill_date(page, field: str, day) -> None:
    page.locator(f"#id_{field}_0").fill(str(day.day))
    page.locator(f"#id_{field}_1").fill(str(day.month))
    page.locator(f"#id_{field}_2").fill(str(day.year))


def success(page):
    return page.locator(".govuk-notification-banner--success")


def test_unplanned_move_meeting_finds_increased_risk_and_the_referral_goes_to_the_receiving_mast(
    page, setup, screenshots
):
    child = eh_child(setup, first_name="Ruby", last_name="Mover")
    today = timezone.localdate()

    # --- The early help worker records the move from the child's page ---------------------------
    sign_in(page, "north.earlyhelp")
    page.goto(f"/children/{child.pk}/")
    page.get_by_test_id("child-links").get_by_role("link", name="Record an Early Intervention move").click()
    expect(page.get_by_role("heading", name="Record an Early Intervention move")).to_be_visible()

    # Sending an empty form shows what is missing, in the GOV.UK error summary.
    page.get_by_role("button", name="Record the move").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the Early Intervention plan reference")
    page.screenshot(path=screenshots / "1-record-errors.png", full_page=True)

    page.get_by_label("Early Intervention plan reference").fill("EIP-2026-0107")
    page.get_by_label("Tier 3 — multi-agency Early Intervention plan").check()
    expect(page.get_by_label("Your team (the lead professional's team)")).to_have_value(str(setup.north.early_help.pk))
    page.get_by_label("Health visiting, Health Trust").check()
    page.get_by_label("Children in Need, North Council").check()
    page.get_by_label("Unplanned").check()
    page.get_by_label("Where is the child moving to?").select_option(label="South Council")
    page.get_by_label("New address, if known (optional)").fill("12 Harbour View\nSouthvale")
    fill_date(page, "move_date", today - timedelta(days=3))
    page.get_by_label("Not obtained: the family could not be asked").check()
    page.get_by_label("Why could the family not be asked?").fill("The family left without notice.")
    page.screenshot(path=screenshots / "2-record-a-move.png", full_page=True)
    page.get_by_role("button", name="Record the move").click()

    expect(success(page)).to_contain_text("recorded: waiting for the multi-agency meeting")
    expect(page.get_by_test_id("ei-state")).to_have_text("Waiting for the multi-agency meeting")
    expect(page.get_by_test_id("ei-agencies")).to_contain_text("Health visiting, Health Trust")
    page.screenshot(path=screenshots / "3-awaiting-the-meeting.png", full_page=True)
    move = Move.objects.get(child=child)

    # --- The multi-agency meeting ---------------------------------------------------------------
    page.get_by_role("link", name="Record the multi-agency meeting").click()
    fill_date(page, "held_on", today - timedelta(days=1))
    page.get_by_label("Early help, North Council").check()
    page.get_by_label("Health visiting, Health Trust").check()
    page.get_by_label("Anyone else present (optional)").fill("Class teacher, Riverside Primary")
    page.get_by_label("Summary of the discussion").fill(
        "The family left at night. School has not seen Ruby for a week; the health visitor found the home empty."
    )
    page.locator("#id_need_or_risk_increased_1").check()  # "Yes"
    page.locator("#id_significant_harm_1").check()  # "Yes"
    page.get_by_label("Neglect, including failure to thrive").check()
    page.get_by_label("What did the meeting agree?").fill("Refer to children's social care in Southvale today.")
    page.screenshot(path=screenshots / "4-the-meeting.png", full_page=True)
    page.get_by_role("button", name="Record the meeting").click()

    expect(success(page)).to_contain_text("Meeting recorded")
    expect(page.get_by_test_id("ei-state")).to_have_text(
        "Referral to children's social care in the receiving authority"
    )
    expect(page.get_by_test_id("ei-referral")).to_contain_text("A referral to South Council MAST was started")
    page.screenshot(path=screenshots / "5-outcome-referral.png", full_page=True)
    move.refresh_from_db()
    referral = move.referral
    assert referral.is_draft and referral.authority == setup.south.org and referral.child == child

    # --- The referral: the child, the move and the meeting are already in it --------------------
    page.get_by_role("link", name="Continue the referral").click()
    expect(page.get_by_role("heading", name="Your concern")).to_be_visible()
    expect(page.get_by_label("Neglect, including failure to thrive")).to_be_checked()
    what_happened = page.get_by_label("What happened?")
    expect(what_happened).to_have_value(re.compile(r"^Ruby Mover is supported by an Early Intervention plan"))
    expect(what_happened).to_have_value(re.compile("School has not seen Ruby for a week"))
    expect(page.get_by_label("What do you think?")).to_have_value(re.compile("may be at risk of, or suffering"))
    page.screenshot(path=screenshots / "6-referral-prefilled.png", full_page=True)
    page.get_by_label("Urgent: significant harm is likely within days without action").check()
    page.get_by_label("Identity and contact details").check()  # nothing is ticked for the referrer
    page.get_by_label("Why are you sharing this information with MAST?").fill(
        "Ruby is missing and at risk: MAST must know now to find her."
    )
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="The child's and family's views")).to_be_visible()
    page.get_by_label("What are the child's views?").fill("Not seen since the move.")
    page.get_by_label("What are the family's views?").fill("Not known: the family cannot be reached.")
    page.get_by_label("No", exact=True).check()
    page.get_by_label("Why have they not been told?").select_option("would_increase_risk")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Agreement to the referral")).to_be_visible()
    page.get_by_label("No, I did not seek their agreement").check()
    page.get_by_label("It would lead to unjustified delay in making enquiries").check()
    page.get_by_label("Explain your decision").fill("The family cannot be reached and the concern cannot wait.")
    page.get_by_label(re.compile(r"\(mother\)")).check()
    fill_date(page, "consent_decided_on", today)
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Check your answers before sending your referral")).to_be_visible()
    expect(page.get_by_test_id("check-child")).to_contain_text("Ruby Mover")
    page.get_by_role("button", name="Send referral").click()

    expect(page.get_by_test_id("confirmation")).to_contain_text("Referral sent")
    expect(page.locator("main")).to_contain_text("South Council MAST will screen your referral")
    page.screenshot(path=screenshots / "7-referral-sent.png", full_page=True)

    referral = MastReferral.objects.get(pk=referral.pk)
    assert referral.status == MastReferral.Status.SUBMITTED and referral.authority == setup.south.org
    assert Screening.objects.get(referral=referral).authority == setup.south.org
    assert referral.child == child  # the same record: the child's details were never typed again

    # --- Back on the move: complete, with the referral it made ----------------------------------
    page.goto(move.get_absolute_url())
    expect(page.get_by_test_id("ei-state")).to_have_text("Completed")
    expect(page.get_by_test_id("ei-referral")).to_contain_text(
        f"Referral {referral.reference} was sent to South Council"
    )
    page.screenshot(path=screenshots / "8-move-completed.png", full_page=True)
    assert Move.objects.get(pk=move.pk).state == Move.State.COMPLETED
