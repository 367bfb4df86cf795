"""A team manager opens the dashboard in Chromium and follows the red count to the overdue transfer."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.transfers.factories import cin_child, referred_transfer

pytestmark = pytest.mark.e2e


def test_a_manager_follows_the_red_transfer_count_to_the_overdue_transfer(page, setup, screenshots):
    today = timezone.localdate()
    overdue = referred_transfer(
        setup, child=cin_child(setup, first_name="Olly", last_name="Overdue"), referred_on=today - timedelta(days=18)
    )
    referred_transfer(
        setup, child=cin_child(setup, first_name="Gina", last_name="Green"), referred_on=today - timedelta(days=1)
    )

    page.goto("/sign-in/")
    page.get_by_label("Username").fill(setup.south.cin_manager.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    page.screenshot(path=screenshots / "dashboard.png", full_page=True)

    red = page.get_by_test_id("count").filter(has_text="Incoming: overdue")
    expect(red).to_contain_text("1")
    red.click()
    expect(page.get_by_test_id("filtered")).to_be_visible()
    rows = page.get_by_test_id("transfer-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Olly Overdue")
    expect(rows.first).to_contain_text("overdue")
    page.screenshot(path=screenshots / "red-transfers.png", full_page=True)
    rows.first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Olly Overdue", level=1)).to_be_visible()
    assert page.url.endswith(overdue.get_absolute_url())
