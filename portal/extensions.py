"""Registries the workflow apps fill in from their AppConfig.ready(), so that `portal` shows their
pages without importing them (DESIGN §3)."""

from collections.abc import Callable
from dataclasses import dataclass, field

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


# --- The whole picture: timeline, who is involved, open work, dashboards ------------------------
#
# Each registry holds dotted paths to functions an app provides. They are called with keyword
# arguments only and must run a fixed number of queries however many records there are.


@dataclass(frozen=True)
class Involvement:
    """An agency, team or named practitioner currently working with a child."""

    organisation: str
    role: str
    since: object  # date or datetime
    team: str = ""
    person: str = ""
    contact: str = ""


@dataclass(frozen=True)
class OpenWork:
    label: str
    url: str
    status: str = ""
    due: object = None  # date, or None


@dataclass(frozen=True)
class Count:
    """A number on a dashboard that links to a list showing exactly those items."""

    label: str
    number: int
    url: str
    colour: str = ""  # a GOV.UK tag colour: "red", "orange", "green", ...


@dataclass
class Widget:
    title: str
    counts: list[Count] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)  # cells: str, or {"text", "url", "colour"}
    chart: str = ""  # server-rendered SVG (portal.charts)
    chart_rows: list[tuple[str, object]] = field(default_factory=list)  # the chart's data, as a table too
    empty: str = "Nothing to show."
    # The kinds of team (Team.Kind values) whose work this is: a manager of such a team sees it first.
    team_kinds: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Nothing counted, listed or charted: shown as one line, after the rest."""
        charted = bool(self.chart) and any(value not in (0, "0") for _, value in self.chart_rows)
        return not any(count.number for count in self.counts) and not self.rows and not charted


@dataclass
class HomeSection:
    title: str
    items: list[OpenWork] = field(default_factory=list)
    empty: str = "Nothing here."


_timeline_sources: list[str] = []
_involvement_sources: list[str] = []
_open_work_sources: list[str] = []
_dashboard_widgets: dict[str, int] = {}
_home_sections: dict[str, int] = {}


def _add(registry: list[str], dotted_path: str) -> None:
    if dotted_path not in registry:
        registry.append(dotted_path)


def register_timeline_source(dotted_path: str) -> None:
    """fn(*, child) -> list of historical-record querysets about the child."""
    _add(_timeline_sources, dotted_path)


def register_involvement_source(dotted_path: str) -> None:
    """fn(*, child) -> list[Involvement]."""
    _add(_involvement_sources, dotted_path)


def register_open_work_source(dotted_path: str) -> None:
    """fn(*, children) -> dict[child pk, list[OpenWork]]."""
    _add(_open_work_sources, dotted_path)


def register_dashboard_widget(dotted_path: str, *, order: int) -> None:
    """fn(*, user, teams, today) -> list[Widget], for a team manager's teams."""
    _dashboard_widgets[dotted_path] = order


def register_home_section(dotted_path: str, *, order: int) -> None:
    """fn(*, user, today) -> list[HomeSection]: what a practitioner has in hand and what is due."""
    _home_sections[dotted_path] = order


def _call_all(paths, **kwargs) -> list:
    from django.utils.module_loading import import_string

    return [import_string(path)(**kwargs) for path in paths]


def timeline_sources(*, child) -> list:
    return [qs for result in _call_all(_timeline_sources, child=child) for qs in result]


def involvements(*, child) -> list[Involvement]:
    return [item for result in _call_all(_involvement_sources, child=child) for item in result]


def open_work(*, children) -> dict[int, list[OpenWork]]:
    merged: dict[int, list[OpenWork]] = {child.pk: [] for child in children}
    for result in _call_all(_open_work_sources, children=children):
        for pk, items in result.items():
            merged.setdefault(pk, []).extend(items)
    return merged


def dashboard_widgets(*, user, teams, today) -> list[Widget]:
    """Every app's widgets: first those about the manager's own kinds of team, then those about no
    kind in particular, then the rest; a widget with nothing in it goes last (sorted is stable, so
    each app's own order holds within each group)."""
    paths = sorted(_dashboard_widgets, key=lambda path: _dashboard_widgets[path])
    widgets = [widget for result in _call_all(paths, user=user, teams=teams, today=today) for widget in result]
    own = {team.kind for team in teams}

    def place(widget: Widget) -> tuple[bool, int]:
        relevance = 0 if own.intersection(widget.team_kinds) else 1 if not widget.team_kinds else 2
        return widget.is_empty, relevance

    return sorted(widgets, key=place)


def home_sections(*, user, today) -> list[HomeSection]:
    paths = sorted(_home_sections, key=lambda path: _home_sections[path])
    return [section for result in _call_all(paths, user=user, today=today) for section in result]
