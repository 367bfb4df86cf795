"""Helpers for the browser journeys."""

from playwright.sync_api import expect

from tests.factories import PASSWORD


def sign_in(page, username: str) -> None:
    page.goto("/sign-in/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("signed-in-user")).to_be_visible()
