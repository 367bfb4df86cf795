"""A Child-in-Need transfer across borders in Chromium: a social worker in one authority refers the
case with a Case Transfer Summary and a CIN plan PDF; ten days later a team manager in the other
authority sees it amber, reads the preview and accepts; the child is now the receiving team's, and
the sending worker can no longer edit the record."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.access import has_object_permission
from portal.models import ChildAccessGrant
from tests.e2e.helpers import sign_in
from tests.transfers.factories import cin_child, mother_of
from transfers.demo import demo_pdf
from transfers.models import CinTransfer

pytestmark = pytest.mark.e2e


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def fill_date(page, field: str, day) -> None:
    page.locator(f"#id_{field}_0").fill(str(day.day))
    page.locator(f"#id_{field}_1").fill(str(day.month))
    page.locator(f"#id_{field}_2").fill(str(day.year))


def test_refer_see_amber_after_ten_days_preview_and_accept(page, setup, screenshots, time_machine):
    child = cin_child(setup, first_name="Ruby", last_name="Mover")
    today = timezone.localdate()

    # --- The sending social worker (north) prepares and refers the transfer ---------------------
    sign_in(page, "north.socialworker")
    page.goto(f"/children/{child.pk}/")
    page.get_by_test_id("child-links").get_by_role("link", name="Start a transfer").click()
    expect(page.get_by_test_id("unknown-is-permanent")).to_contain_text("treated as permanent")
    page.get_by_label("Local authority the child is moving to").select_option(label="South Council")
    page.get_by_label("Team in that authority (optional)").select_option(label="Children in Need (South Council)")
    fill_date(page, "move_date", today - timedelta(days=1))
    page.get_by_label("New address (optional)").fill("4 New Road\nSouthvale")
    page.get_by_label("New postcode (optional)").fill("zz9 9nn")
    page.get_by_label("Permanent", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Only your team can see it")

    page.get_by_test_id("task-list").get_by_role("link", name="The family's agreement").click()
    page.get_by_label("The family agreed").check()
    page.get_by_label("Who agreed, or did not agree?").select_option(label=f"{mother_of(child).full_name} (mother)")
    page.get_by_label("In writing (signed)").check()
    fill_date(page, "decided_on", today)
    page.get_by_label("No child protection concerns").check()
    page.locator("#id_family_told_1").check()  # "Yes"
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("agreement is recorded")

    page.get_by_test_id("task-list").get_by_role("link", name="Case Transfer Summary").click()
    page.get_by_label("Reason for children's social care involvement").fill("Neglect: poor home conditions.")
    page.get_by_label("Current plan").fill("Six-weekly Child in Need reviews; GP registration.")
    page.get_by_label("Risks").fill("Fact: three missed appointments. Opinion: risk rises when mother is unwell.")
    page.get_by_label("Strengths").fill("Warm relationship with mother.")
    page.get_by_label("Professionals involved").fill("Health visitor; class teacher.")
    page.get_by_label("The family's views").fill("Mother wants a fresh start near her sister.")
    page.get_by_label("Outstanding actions").fill("Register with a GP in Southvale.")
    page.get_by_label("Why are you sharing this information with the receiving authority?").fill(
        "Southvale must know the plan and the risks to keep the child safe after the move."
    )
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Case Transfer Summary saved")

    page.get_by_test_id("task-list").get_by_role("link", name="CIN plans and minutes").click()
    page.get_by_label("Child in Need plan", exact=True).check()
    page.get_by_label("Title").fill("Child in Need plan, March review")
    page.get_by_label("File to upload").set_input_files(
        {"name": "cin-plan.pdf", "mimeType": "application/pdf", "buffer": demo_pdf("Child in Need plan")}
    )
    page.get_by_role("button", name="Upload document").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Child in Need plan uploaded")
    expect(page.get_by_test_id("documents")).to_contain_text("cin-plan.pdf")
    page.get_by_role("link", name="Back to the transfer").click()

    page.get_by_role("link", name="Check your answers and refer").click()
    expect(page.get_by_role("heading", name="Check your answers before referring")).to_be_visible()
    expect(page.get_by_test_id("case-transfer-summary")).to_contain_text("Neglect: poor home conditions.")
    page.screenshot(path=screenshots / "1-check-your-answers.png", full_page=True)
    page.get_by_role("button", name="Refer to South Council").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Transfer referred to South Council")
    expect(page.get_by_test_id("rag")).to_have_text("Green")
    page.screenshot(path=screenshots / "2-referred.png", full_page=True)
    transfer = CinTransfer.objects.get(child=child)
    assert transfer.state == CinTransfer.State.REFERRED
    assert transfer.referred_on == today
    sign_out(page)

    # --- Ten days later, a team manager in the receiving authority (south) ----------------------
    time_machine.move_to(timezone.now() + timedelta(days=10))
    sign_in(page, "south.cinmanager")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Transfers").click()
    row = page.get_by_test_id("transfer-row").filter(has_text="Ruby Mover")
    expect(row.get_by_test_id("rag")).to_have_text("Amber")
    expect(row.get_by_test_id("rag")).to_have_class(re.compile("govuk-tag--orange"))
    expect(row.get_by_test_id("days-left")).to_have_text("5 days left")
    page.screenshot(path=screenshots / "3-incoming-amber.png", full_page=True)

    row.get_by_role("link", name=transfer.reference).click()
    expect(page.get_by_test_id("preview-notice")).to_be_visible()
    expect(page.get_by_test_id("case-transfer-summary")).to_contain_text("Register with a GP in Southvale.")
    expect(page.get_by_test_id("documents")).to_contain_text("Child in Need plan, March review")
    expect(page.get_by_role("link", name=re.compile("Open Ruby Mover's record"))).to_have_count(0)
    page.screenshot(path=screenshots / "4-preview.png", full_page=True)
    # The preview is not the record: the child's own page is still closed to the receiving side.
    assert page.request.get(f"/children/{child.pk}/").status == 404

    page.get_by_role("link", name="Accept", exact=True).click()
    expect(page.get_by_label("Team taking case responsibility")).to_have_value(str(setup.south.cin.pk))
    page.get_by_label("Tier 4 — Child in Need (s17)").check()
    page.get_by_role("button", name="Accept the transfer").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Transfer accepted")
    expect(page.get_by_test_id("transfer-state")).to_have_text("Accepted")
    page.screenshot(path=screenshots / "5-accepted.png", full_page=True)
    page.get_by_role("link", name="Open Ruby Mover's record").click()
    expect(page.get_by_test_id("allocation")).to_contain_text("Children in Need, South Council")
    sign_out(page)

    child.refresh_from_db()
    assert child.allocated_team == setup.south.cin
    assert not ChildAccessGrant.objects.filter(child=child, team=setup.north.cin, revoked_at__isnull=True).exists()

    # --- The sending worker keeps the package it sent, not the live record -----------------------
    sign_in(page, "north.socialworker")
    assert page.goto(f"/children/{child.pk}/").status == 404
    assert page.goto(f"/children/{child.pk}/edit/").status == 404
    page.goto(f"/transfers/cin/{transfer.pk}/")
    expect(page.get_by_test_id("transfer-state")).to_have_text("Accepted")
    page.screenshot(path=screenshots / "6-sender-keeps-the-package.png", full_page=True)
    assert not has_object_permission(setup.north.social_worker, "view_child", child)
