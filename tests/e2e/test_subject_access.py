"""Issue 17 in Chromium: a lead information officer opens a subject access request for a parent,
reviews the bundle, redacts a significant other's details with an exemption, and releases the PDF;
the PDF (its text extracted) holds the parent's records and not the redacted name."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from subject_rights.models import Release
from tests.e2e.helpers import sign_in
from tests.subject_rights.factories import family, pdf_text

pytestmark = pytest.mark.e2e


def fill_date(page, field: str, day) -> None:
    page.locator(f"#id_{field}_0").fill(str(day.day))
    page.locator(f"#id_{field}_1").fill(str(day.month))
    page.locator(f"#id_{field}_2").fill(str(day.year))


def test_an_officer_answers_a_parents_subject_access_request_with_a_redaction(
    browser, live_server, django_db_serialized_rollback, setup, screenshots
):
    family(setup)  # Paula Parent, her daughter Ava Example, and Sam Secret, a significant other
    page = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    sign_in(page, setup.north.info_lead.username)

    page.get_by_role("link", name="Subject access").first.click()
    page.get_by_role("link", name="Open a subject access request").click()
    page.get_by_label("Name of the person the request is about").fill("Paula")
    page.get_by_role("button", name="Search").click()
    page.get_by_test_id("person-matches").get_by_role("link", name="open a request about Paula Parent").click()

    received = timezone.localdate() - timedelta(days=4)
    page.get_by_label("Who made the request").fill("Paula Parent, in person")
    fill_date(page, "received_on", received)
    page.get_by_label("Photo identification (passport or driving licence)").check()
    fill_date(page, "identity_checked_on", received)
    page.get_by_role("button", name="Open the request").click()
    expect(page.get_by_role("heading", name="Subject access request about Paula Parent")).to_be_visible()

    page.get_by_role("link", name="Review the bundle").click()
    parties = page.get_by_test_id("third-parties")
    expect(parties).to_contain_text("Sam Secret (significant other)")
    parties.get_by_role("link", name="Decide about Sam Secret (significant other)").click()
    page.get_by_label("Redact their details").check()
    page.get_by_label("Exemption (when redacting)").select_option(
        label="Social work data: serious harm to the physical or mental health of any individual "
        "(Schedule 3, Part 3, para 10)"
    )
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("third-parties")).to_contain_text("Redacted: Social work data")
    expect(page.get_by_test_id("bundle-item").first).to_be_visible()
    page.screenshot(path=screenshots / "subject-access-bundle.png", full_page=True)

    page.get_by_role("link", name="Continue to release").click()
    page.get_by_role("button", name="Release the bundle").click()
    expect(page.get_by_role("link", name="Download the released bundle (PDF)")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the released bundle (PDF)").click()
    with open(download.value.path(), "rb") as handle:
        data = handle.read()

    assert data == bytes(Release.objects.get().pdf)  # the exact bytes kept
    text = pdf_text(data)
    assert "Paula Parent" in text and "1 Parent Street" in text and "Mother of Ava Example" in text
    assert "Sam Secret" not in text and "07000 999999" not in text
    assert "Schedule 3, Part 3, para 10" in text
