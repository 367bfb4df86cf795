"""Crawl the portal as one signed-in person: from the home page, every same-origin GET link.

Used by the link check (no link may lead to a page that answers 403 or 404) and by the axe-core
test (every kind of page each demo role can reach). A page is *opened* (its links followed) for at
most `per_kind` addresses of each kind (URL pattern and query), so a list of 200 children costs a few
requests, not 200; every distinct link is still *checked* up to `checks_per_kind` of each kind.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

from django.urls import Resolver404, resolve

# Never followed: leaving the portal, signing out, the Django admin, files and assets.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/sign-out", "/sign-in", "/accounts/sign-out")
PAGINATION = {"page"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_in(html: str, base: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        if href.startswith(("mailto:", "tel:", "javascript:")):
            continue
        url, _fragment = urldefrag(urljoin(base, href))
        parts = urlsplit(url)
        if parts.scheme and parts.netloc not in ("testserver", ""):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path and not path.startswith(SKIPPED_PREFIXES):
            found.append(path)
    return found


def kind_of(url: str) -> str:
    """Which kind of page an address is: its URL pattern and its query (pagination aside)."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
        route = f"{match.namespace}:{match.url_name}" if match.namespace else str(match.url_name)
    except Resolver404:
        route = parts.path
    query = sorted((k, v) for k, v in parse_qsl(parts.query) if k not in PAGINATION)
    return f"{route}?{query}" if query else route


@dataclass
class Crawl:
    opened: dict[str, str] = field(default_factory=dict)  # url -> html of pages whose links were followed
    statuses: dict[str, int] = field(default_factory=dict)  # url -> final status
    linked_from: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def broken(self) -> dict[str, tuple[int, list[str]]]:
        return {
            url: (status, sorted(self.linked_from[url])[:3])
            for url, status in self.statuses.items()
            if status in (403, 404)
        }


def client_fetch(client):
    """Fetch with Django's test client: (status, final address, content type, html)."""

    def fetch(url: str) -> tuple[int, str, str, str]:
        response = client.get(url, follow=True)
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        content_type = response.get("Content-Type", "")
        html = response.content.decode() if content_type.startswith("text/html") else ""
        return response.status_code, final, content_type, html

    return fetch


def crawl(fetch, *, start: str = "/", per_kind: int = 2, checks_per_kind: int = 4, on_open=None) -> Crawl:
    """Crawl with `fetch` (see `client_fetch`); `on_open(url, kind)` is called on each page opened."""
    result = Crawl()
    opened_per_kind: dict[str, int] = defaultdict(int)
    checked_per_kind: dict[str, int] = defaultdict(int)
    queue = [start]
    while queue:
        url = queue.pop(0)
        if url in result.statuses:
            continue
        kind = kind_of(url)
        if checked_per_kind[kind] >= checks_per_kind:
            continue
        checked_per_kind[kind] += 1
        status, final, content_type, html = fetch(url)
        result.statuses[url] = status
        if status != 200 or not content_type.startswith("text/html"):
            continue
        final_kind = kind_of(final)
        if opened_per_kind[final_kind] >= per_kind or final in result.opened:
            continue
        opened_per_kind[final_kind] += 1
        result.opened[final] = html
        if on_open is not None:
            on_open(final, final_kind)
        for link in links_in(html, final):
            result.linked_from[link].add(final)
            if link not in result.statuses:
                queue.append(link)
    return result
