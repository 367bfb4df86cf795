"""Signing in with a password and a code from an authenticator app, in Chromium; the GOV.UK 404 page;
and the warning before an idle session ends."""

import re

import pytest
from playwright.sync_api import expect

from tests.accounts.helpers import code_for, enrol
from tests.e2e.helpers import sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e


def test_signing_in_with_a_totp_code_then_an_unknown_address_shows_the_govuk_404(page, setup, screenshots):
    user = setup.north.caldicott
    device = enrol(user)

    page.goto("/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Enter your code", level=1)).to_be_visible()
    page.screenshot(path=screenshots / "code.png", full_page=True)
    page.get_by_label("Code").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_test_id("signed-in-user")).to_be_visible()
    expect(page.get_by_role("heading", name="Your sign-ins")).to_be_visible()

    response = page.goto("/children/this-page-does-not-exist/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found", level=1)).to_be_visible()
    expect(page.get_by_test_id("signed-in-user")).to_be_visible()
    page.screenshot(path=screenshots / "not-found.png", full_page=True)
    page.get_by_test_id("way-back").click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_the_warning_before_an_idle_session_ends(page, setup, settings, screenshots):
    settings.PORTAL_IDLE_TIMEOUT_SECONDS = 8
    settings.PORTAL_IDLE_WARNING_SECONDS = 5
    sign_in(page, setup.north.social_worker.username)

    dialog = page.get_by_role("dialog", name="You are about to be signed out")
    expect(dialog).to_be_visible(timeout=10_000)
    page.screenshot(path=screenshots / "warning.png")
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()

    # Left alone this time: the warning comes back, and then the portal signs the person out.
    expect(dialog).to_be_visible(timeout=10_000)
    expect(page.get_by_role("heading", name="You have been signed out", level=1)).to_be_visible(timeout=15_000)
    page.screenshot(path=screenshots / "signed-out.png")
    page.get_by_role("link", name="Sign in again").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
