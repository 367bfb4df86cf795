"""Every link in an error summary lands on its field (issue 15): as a sample of demo roles, every form
reached from the home page is sent empty, and each link the error summary shows must name an
element id on the page that came back."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.test import Client

from portal.models import User
from tests.a11y.test_links import demo_world  # noqa: F401 - the module's demo data
from tests.crawl import client_fetch, crawl

SAMPLE = ["north.socialworker", "north.screener", "north.cinmanager", "north.caldicott", "health.visitor"]


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.actions: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "").lower() == "post":
            self.actions.append(attributes.get("action") or "")


def post_forms(html: str) -> list[str]:
    parser = _Forms()
    parser.feed(html)
    return parser.actions


def summary_targets(html: str) -> list[str]:
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    return re.findall(r'href="#([^"]+)"', match.group(0)) if match else []


@pytest.mark.django_db
@pytest.mark.parametrize("username", SAMPLE)
def test_every_error_summary_link_lands_on_an_element(demo_world, username):  # noqa: F811
    client = Client()
    client.force_login(User.objects.get(username=username))
    result = crawl(client_fetch(client), per_kind=1, checks_per_kind=1)
    summaries = 0
    broken = {}
    for url, html in result.opened.items():
        for action in post_forms(html):
            target = urljoin(url, action) if action else url
            if "sign-out" in target:
                continue
            response = client.post(target, {})
            page = response.content.decode()
            links = summary_targets(page)
            summaries += bool(links)
            ids = set(re.findall(r'\bid="([^"]+)"', page))
            missing = [link for link in links if link not in ids]
            if missing:
                broken[target] = missing
    assert summaries > 0
    assert broken == {}
