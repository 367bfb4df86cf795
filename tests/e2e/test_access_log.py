"""A browser journey through a child's pages, then the child's access log shows every view made in
it, what was read and on what basis (issue 11)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import sign_in
from tests.factories import make_child

pytestmark = pytest.mark.e2e


def test_the_access_log_shows_every_view_of_a_browser_journey(
    browser, live_server, django_db_serialized_rollback, setup, screenshots
):
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Ruby", last_name="Seen")

    manager = browser.new_context(base_url=live_server.url).new_page()
    sign_in(manager, setup.north.cin_manager.username)
    for path in ("", "timeline/", "involved/", "family/", "access/"):
        manager.goto(f"/children/{child.pk}/{path}")
    manager.goto(f"/sharing/children/{child.pk}/log/")

    worker = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900}).new_page()
    sign_in(worker, setup.north.social_worker.username)
    worker.goto(f"/children/{child.pk}/access-log/")
    log = worker.get_by_test_id("access-log")
    for what in ("Child's record", "Timeline", "Who is involved", "Family", "Who can see this child", "Sharing log"):
        expect(log).to_contain_text(what)
    expect(log).to_contain_text(str(setup.north.cin_manager))
    expect(log).to_contain_text("Allocated team")
    worker.screenshot(path=screenshots / "access-log-after-a-journey.png", full_page=True)
