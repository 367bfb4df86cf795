"""A conditionally revealed radio answer shows when its radio is checked, and axe-core finds nothing
on the form (issue 15: aria-expanded on radios and aria-controls to missing ids)."""

import pytest
from playwright.sync_api import expect

from tests import services
from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility import AXE, axe_violations

pytestmark = pytest.mark.e2e


def test_the_alert_form_reveals_its_follow_up_question_and_passes_axe(
    browser, live_server, django_db_serialized_rollback, setup
):
    if not AXE.exists():
        services.missing(f"axe-core ({AXE}: run `npm ci`)")
    # axe-core is injected as a script: this context lets it past the Content Security Policy.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, setup.north.social_worker.username)
    page.goto("/referrals/alerts/new/")
    conditional = page.locator(".govuk-radios__conditional").first
    number = conditional.get_attribute("id").rsplit("_", 1)[-1]
    page.locator(f"#id_kind_{number}").check()
    expect(conditional).to_be_visible()
    assert axe_violations(page) == []
    context.close()
