"""axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) finds nothing on any page a demo role can reach
(issue 15). Each demo role is signed in once; from the home page every same-origin GET link is
followed, and axe-core (from the npm package) runs on each kind of page the first role to reach it\nsees, and on every role's home page.

The screenshots of a manager's dashboard and a child's timeline are saved under test-artifacts/."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from portal.demo import demo_users
from portal.models import User
from tests import services
from tests.crawl import client_fetch, crawl

pytestmark = pytest.mark.e2e

AXE = Path(
    os.environ.get("PORTAL_AXE_CORE") or Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"
)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_violations(page) -> list[dict]:
    page.add_script_tag(content=AXE.read_text())
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_TAGS
    )
    return [
        {"rule": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in results["violations"]
    ]


def test_axe_finds_nothing_on_any_page_a_demo_role_reaches(
    browser, live_server, django_db_serialized_rollback, transactional_db, screenshots
):
    if not AXE.exists():
        services.missing(f"axe-core ({AXE}: run `npm ci`)")
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - quiet
    audited_kinds: set[str] = set()
    found: dict[str, list] = {}
    pages = 0
    for username in [user.username for user in demo_users()]:
        # The pages are found with Django's test client (quick); only those to audit open in Chromium.
        client = Client()
        client.force_login(User.objects.get(username=username))
        to_audit: list[tuple[str, str]] = []

        def choose(url, kind, to_audit=to_audit):
            if url == "/" or kind not in audited_kinds:
                audited_kinds.add(kind)
                to_audit.append((url, kind))

        crawl(client_fetch(client), per_kind=1, checks_per_kind=1, on_open=choose)
        context = browser.new_context(
            viewport={"width": 1200, "height": 900}, base_url=live_server.url, bypass_csp=True
        )
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(15_000)
        for url, kind in to_audit:
            page.goto(url)
            pages += 1
            violations = axe_violations(page)
            if violations:
                found[f"{username} {url}"] = violations
            if kind == "portal:child_timeline":
                page.screenshot(path=screenshots / "timeline.png", full_page=True)
        if username == "north.mastmanager":
            page.goto("/dashboard/")
            page.screenshot(path=screenshots / "dashboard-mast-manager.png", full_page=True)
        if username == "north.cinmanager":
            page.goto("/dashboard/")
            toggles = page.get_by_text("Show the figures as a table")
            for index in range(toggles.count()):
                toggles.nth(index).click()
            page.screenshot(path=screenshots / "dashboard-cin-manager.png", full_page=True)
        context.close()
    assert pages > 100
    assert found == {}
