"""Registries the workflow apps fill in from their AppConfig.ready(), so that `portal` shows their
pages without importing them (DESIGN §3)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavLink:
    label: str
    url_name: str
    order: int
    visible: Callable | None = None  # visible(user) -> bool


@dataclass(frozen=True)
class ChildLink:
    label: str
    url_name: str  # takes the child's pk
    order: int
    visible: Callable | None = None  # visible(user, child, permissions: set[str]) -> bool


_nav: dict[str, NavLink] = {}
_child_links: dict[str, ChildLink] = {}
_demo_seeders: dict[str, int] = {}


def register_nav(label: str, url_name: str, *, order: int, visible: Callable | None = None) -> None:
    _nav[url_name] = NavLink(label, url_name, order, visible)


def register_child_link(label: str, url_name: str, *, order: int, visible: Callable | None = None) -> None:
    _child_links[url_name] = ChildLink(label, url_name, order, visible)


def nav_links(user) -> list[dict]:
    links = sorted(_nav.values(), key=lambda link: link.order)
    return [
        {"label": link.label, "url": reverse(link.url_name)}
        for link in links
        if link.visible is None or link.visible(user)
    ]


def child_links(user, child, permissions: set[str]) -> list[dict]:
    links = sorted(_child_links.values(), key=lambda link: link.order)
    return [
        {"label": link.label, "url": reverse(link.url_name, args=[child.pk])}
        for link in links
        if link.visible is None or link.visible(user, child, permissions)
    ]


def register_demo_seeder(dotted_path: str, *, order: int) -> None:
    """A function `seed(world: portal.demo.DemoWorld) -> str` that adds an app's demo cases,
    idempotently. `manage.py seed_demo` calls them in order after the core's data."""
    _demo_seeders[dotted_path] = order


def demo_seeders() -> list[str]:
    return sorted(_demo_seeders, key=lambda path: _demo_seeders[path])
