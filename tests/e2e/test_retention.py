"""The lead information officer reviews records due for retention in Chromium: a batch disposed of
with a certificate, and a held record refused."""

import pytest
from django.db import connection
from playwright.sync_api import expect

from retention import services
from retention.models import DisposalCertificate, LegalHold
from tests.e2e.helpers import sign_in
from tests.retention.factories import due_item, nfa_referral

pytestmark = pytest.mark.e2e

NFA = "referrals.no_further_action"
LABEL = "Select MAST referral: no further action"


def test_an_officer_disposes_of_a_batch_and_a_held_record_is_refused(
    browser, live_server, django_db_serialized_rollback, setup, screenshots
):
    referrals = [nfa_referral(setup) for _ in range(3)]
    first, second, held = (due_item(NFA, r.pk, setup.north.org) for r in referrals)
    officer = setup.north.info_lead
    services.legal_hold_place(actor=officer, item=held, scope="record", kind=LegalHold.Kind.LITIGATION, reason="Claim")

    page = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    sign_in(page, officer.username)
    page.get_by_role("link", name="Retention").first.click()
    expect(page.get_by_role("heading", name="Records due for retention review")).to_be_visible()
    expect(page.get_by_test_id("review-items")).to_contain_text("Litigation")
    page.get_by_label(f"{LABEL} {first.object_id}").check()
    page.get_by_label(f"{LABEL} {second.object_id}").check()
    page.get_by_label("Approve disposal").check()
    page.screenshot(path=screenshots / "retention-review.png", full_page=True)
    page.get_by_role("button", name="Confirm decision").click()
    certificate = DisposalCertificate.objects.get()
    expect(page.get_by_text(f"Disposed of: 2 ({certificate.reference})")).to_be_visible()

    page.get_by_label(f"{LABEL} {held.object_id}").check()
    page.get_by_label("Approve disposal").check()
    page.get_by_role("button", name="Confirm decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("under a legal hold")

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, what_happened FROM referrals_mastreferral WHERE id = ANY(%s) ORDER BY id",
            [[r.pk for r in referrals]],
        )
        texts = dict(cursor.fetchall())
    assert texts[referrals[0].pk] == texts[referrals[1].pk] == "" and texts[referrals[2].pk]
