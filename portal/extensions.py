"""What the workflow apps add to the core's pages, registered from their AppConfig.ready(), so that
`portal` shows their parts without importing them (DESIGN §3): navigation and child-page links,
demo seeders, and one typed `Plugin` per app for the whole picture (timeline, who is involved, open
work, dashboards, home page). Plugins are objects, not dotted paths: nothing is imported by name
while a page is served."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from portal.batch import Later, settled


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


class Plugin:
    """One app's part of the core's pages: subclass it, override the hooks the app contributes, and
    register one instance in the app's AppConfig.ready() with `extensions.register(...)`.

    Every hook that returns data is given the viewer (`user`) and returns only rows from records that
    viewer may see (the app's own selectors decide: the caller has checked only that the user may
    see the child). Each runs a fixed number of queries however many records there are.
    """

    name: str = ""
    dashboard_order: int = 100
    home_order: int = 100

    def timeline(self, *, user, child) -> "list | Later":
        """Historical-record querysets about the child, for records the viewer may see: a list, or a
        `Later` that reads the ids of the records the viewer may see (with every other app's, in one
        query) and then gives the list, filtered on those ids (issue 14: the permission filters are
        then planned once each, not once per history table that hangs off the record)."""
        return []

    def involvement(self, *, user, child) -> list[Involvement]:
        """Who is working with the child, from records the viewer may see."""
        return []

    def open_work(self, *, user, children) -> dict[int, list[OpenWork]]:
        """Open work on each child (a child's page, its family's), from records the viewer may see."""
        return {}

    def family(self, *, user, child, children) -> "tuple[dict[int, list[OpenWork]], list[Involvement]] | Later":
        """The family page's part: open work on each of `children` (the child among them) and who is
        involved with `child`. By default the two hooks above; an app that reads the same records for
        both overrides it to read them once, and returns a `Later` so that every app's are read in
        one query (issue 14)."""
        return self.open_work(user=user, children=children), self.involvement(user=user, child=child)

    def dashboard_widgets(self, *, user, teams, today) -> list[Widget]:
        """For a team manager's teams."""
        return []

    def home_sections(self, *, user, today) -> "list[HomeSection] | Later":
        """What the user has in hand and what is due: a `Later` (portal.batch) reads the app's
        querysets together with every other app's, in one query for the whole page (issue 14)."""
        return []

    # --- Subject rights (issue 17) ---------------------------------------------------------------

    def subject_access_items(self, *, person, viewer) -> list["SubjectAccessItem"]:
        """Everything the app holds about `person` (a Child or a Person), for the officer answering
        their subject access request (`viewer`: the caller has checked they may). Each item marks the
        third parties in it, so their details can be redacted. A fixed number of queries."""
        return []

    def sharing_refusals(self, *, child) -> list[str]:
        """Why the child's record may not be shared now (a restriction, with its reason), if at all."""
        return []

    def record_notes(self, *, user, child) -> list["RecordNote"]:
        """Notes shown with the child's record: a restriction, the person's own statement where the
        portal did not agree to correct it."""
        return []

    # --- end subject rights ----------------------------------------------------------------------


_plugins: dict[str, Plugin] = {}


def register(plugin: Plugin) -> None:
    """Register an app's plugin (once: registering the same name again replaces it)."""
    if not plugin.name:
        raise ValueError("A plugin needs a name")
    _plugins[plugin.name] = plugin


def plugins() -> list[Plugin]:
    return list(_plugins.values())


def timeline_sources(*, user, child) -> list:
    return [
        qs for sources in settled([plugin.timeline(user=user, child=child) for plugin in plugins()]) for qs in sources
    ]


def involvements(*, user, child) -> list[Involvement]:
    return [item for plugin in plugins() for item in plugin.involvement(user=user, child=child)]


def open_work(*, user, children) -> dict[int, list[OpenWork]]:
    merged: dict[int, list[OpenWork]] = {child.pk: [] for child in children}
    for plugin in plugins():
        for pk, items in plugin.open_work(user=user, children=children).items():
            merged.setdefault(pk, []).extend(items)
    return merged


def family(*, user, child, children) -> tuple[dict[int, list[OpenWork]], list[Involvement]]:
    """Every app's open work on the children and who is involved with the child, for the family page."""
    merged: dict[int, list[OpenWork]] = {c.pk: [] for c in children}
    involved: list[Involvement] = []
    for work, items in settled([plugin.family(user=user, child=child, children=children) for plugin in plugins()]):
        for pk, found in work.items():
            merged.setdefault(pk, []).extend(found)
        involved += items
    return merged, involved


def dashboard_widgets(*, user, teams, today) -> list[Widget]:
    """Every app's widgets: first those about the manager's own kinds of team, then those about no
    kind in particular, then the rest; a widget with nothing in it goes last (sorted is stable, so
    each app's own order holds within each group)."""
    ordered = sorted(plugins(), key=lambda plugin: plugin.dashboard_order)
    widgets = [widget for plugin in ordered for widget in plugin.dashboard_widgets(user=user, teams=teams, today=today)]
    own = {team.kind for team in teams}

    def place(widget: Widget) -> tuple[bool, int]:
        relevance = 0 if own.intersection(widget.team_kinds) else 1 if not widget.team_kinds else 2
        return widget.is_empty, relevance

    return sorted(widgets, key=place)


def home_sections(*, user, today) -> list[HomeSection]:
    ordered = sorted(plugins(), key=lambda plugin: plugin.home_order)
    answers = settled([plugin.home_sections(user=user, today=today) for plugin in ordered])
    return [section for sections in answers for section in sections]


# --- The escalation lifecycle ---------------------------------------------------------------------
#
# Each escalation kind declares, for each model it can be about, when its subject is finished: then
# no escalation of that kind about it may stay open. The service that finishes a subject closes them
# at once (`portal.services.escalations_close_for`); the `close_finished_escalations` sweep closes any
# a finished subject left behind. A kind may also name the service that settles its subject when a
# reviewer closes the escalation (an advice request is closed only by recording the advice).


@dataclass(frozen=True)
class EscalationKind:
    kind: str
    model: str  # "app_label.model"
    # fn(*, ids: list[int]) -> set[int]: those subjects that are finished. None: the escalation is a
    # review, finished only when a reviewer closes it.
    finished: Callable[..., set[int]] | None
    # fn(*, actor, escalation, resolution: str, rationale: str, actions: str) -> None, or None.
    on_resolve: Callable[..., None] | None = None
    # fn(*, ids: list[int]) -> dict[int, str]: for each subject, the reason in the words of the person
    # who caused the escalation (one query for all of them), for queues to show. None: the
    # escalation's own summary says it.
    reasons: Callable[..., dict[int, str]] | None = None


_escalation_kinds: dict[tuple[str, str], EscalationKind] = {}


def register_escalation_kind(
    kind: str,
    *,
    model: str,
    finished: Callable[..., set[int]] | None,
    on_resolve: Callable[..., None] | None = None,
    reasons: Callable[..., dict[int, str]] | None = None,
) -> None:
    _escalation_kinds[(kind, model.lower())] = EscalationKind(kind, model.lower(), finished, on_resolve, reasons)


def escalation_kinds() -> list[EscalationKind]:
    return list(_escalation_kinds.values())


def escalation_kind(kind: str, model: str) -> EscalationKind | None:
    return _escalation_kinds.get((kind, model.lower()))


# --- Scale data (`manage.py seed_scale`, issue 14) -----------------------------------------------

_scale_seeders: dict[str, int] = {}


def register_scale_seeder(dotted_path: str, *, order: int) -> None:
    """A function `seed(world: portal.scale.ScaleWorld) -> dict[str, int]` that adds an app's share of
    the scale data in bulk, idempotently (only what is missing). `manage.py seed_scale` calls them in
    order after the core's children."""
    _scale_seeders[dotted_path] = order


def scale_seeders() -> list[str]:
    return sorted(_scale_seeders, key=lambda path: _scale_seeders[path])


# --- Starting one app's work from another app's record (issue 15) ---------------------------------
#
# An app that holds a record others may start work from (a MAST alert a transfer request can start
# from) registers a source: `read(*, user, pk)` returns what the record says, or None when the user
# may not see it. An app that can start work from it registers an action: a link shown on the record's
# page to those `visible(user, record)` allows, carrying only the record's kind and id.


@dataclass(frozen=True)
class SourceRecord:
    """What a record tells the work started from it about a child (the user may see all of it)."""

    record: object  # the model instance, linked to the new work as its source
    child_first_name: str = ""
    child_last_name: str = ""
    child_date_of_birth: object = None  # date or None
    child_address: str = ""
    previous_area: str = ""  # where the child lived before, as the record says it
    how_learned: str = ""


@dataclass(frozen=True)
class RecordAction:
    source: str
    label: str
    url_name: str
    visible: Callable  # visible(user, record) -> bool


_sources: dict[str, Callable[..., SourceRecord | None]] = {}
_record_actions: dict[tuple[str, str], RecordAction] = {}


def register_record_source(source: str, read: Callable[..., SourceRecord | None]) -> None:
    _sources[source] = read


def record_source(source: str, *, user, pk: int) -> SourceRecord | None:
    read = _sources.get(source)
    return read(user=user, pk=pk) if read is not None else None


def register_record_action(source: str, label: str, url_name: str, *, visible: Callable) -> None:
    _record_actions[(source, url_name)] = RecordAction(source, label, url_name, visible)


def record_actions(source: str, *, user, record) -> list[dict]:
    """Links to start other apps' work from a record, for those allowed to."""
    return [
        {"label": action.label, "url": f"{reverse(action.url_name)}?source={source}&id={record.pk}"}
        for action in _record_actions.values()
        if action.source == source and action.visible(user, record)
    ]


# --- Subject rights (issue 17): the subject access bundle, restriction and statements -----------


@dataclass(frozen=True)
class ThirdParty:
    """Someone other than the requester named in an item: `key` is the same wherever they appear
    ("person:12"), `values` the name and details to remove when they are redacted."""

    key: str
    label: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class SubjectAccessItem:
    """One record (or one part of one) in a subject access bundle. `key` is unique in the bundle
    ("sharing.consentrecord:4"); `lines` are the words released, third parties' details among them."""

    key: str
    source: str
    title: str
    when: object  # date or datetime
    lines: tuple[str, ...]
    third_parties: tuple[ThirdParty, ...] = ()
    # An exemption's code ("crime-and-taxation"): the item is withheld under it until the officer has
    # reviewed it and chosen to release it (never released unreviewed).
    withhold_until_reviewed: str = ""


@dataclass(frozen=True)
class RecordNote:
    title: str
    text: str
    warning: bool = False


def subject_access_items(*, person, viewer) -> list[SubjectAccessItem]:
    """Every app's part of the bundle, oldest first."""
    items = [item for plugin in plugins() for item in plugin.subject_access_items(person=person, viewer=viewer)]
    return sorted(items, key=lambda item: (_sortable(item.when), item.key))


def _sortable(when) -> str:
    return when.isoformat() if when is not None else ""


def sharing_refusals(*, child) -> list[str]:
    return [reason for plugin in plugins() for reason in plugin.sharing_refusals(child=child)]


def record_notes(*, user, child) -> list[RecordNote]:
    return [note for plugin in plugins() for note in plugin.record_notes(user=user, child=child)]


# --- end subject rights ---------------------------------------------------------------------------
# --- Retention (issue 17) -------------------------------------------------------------------------
#
# Each app says which of its records are kept for a while and then disposed of: the records that can
# be (its candidates), the date each trigger counts from, whose records they are (the organisation
# whose lead information officer reviews them), which child they are about (a legal hold on the child
# holds them), and how to dispose of them. `retention` lists them for review and disposes of them only
# when a person approves; `portal` knows nothing of either.

RETENTION_TRIGGERS: dict[str, str] = {
    "closure": "Closure date",
    "date_of_birth": "Child's date of birth",
    "last_activity": "Last activity",
}


@dataclass(frozen=True)
class RetentionType:
    key: str  # "referrals.no_further_action"
    label: str  # "MAST referral: no further action"
    # fn() -> QuerySet: the records of this type (disposed ones too: `retention` remembers those).
    candidates: Callable
    # trigger (a RETENTION_TRIGGERS key) -> an expression giving the date it counts from.
    triggers: dict
    organisation: str  # lookup to the id of the organisation whose records they are
    child: str  # lookup to the id of the child they are about
    # fn(*, ids: list[int], reason: str) -> int: anonymise or delete the records' personal data and
    # their history rows, inside the caller's transaction; the number disposed of.
    dispose: Callable[..., int]


_retention_types: dict[str, RetentionType] = {}


def register_retention_type(
    key: str,
    *,
    label: str,
    candidates: Callable,
    triggers: dict,
    organisation: str,
    child: str,
    dispose: Callable[..., int],
) -> None:
    unknown = set(triggers) - set(RETENTION_TRIGGERS)
    if unknown:
        raise ValueError(f"Unknown retention triggers for {key}: {sorted(unknown)}")
    _retention_types[key] = RetentionType(key, label, candidates, dict(triggers), organisation, child, dispose)


def retention_types() -> list[RetentionType]:
    return sorted(_retention_types.values(), key=lambda kind: kind.label)


def retention_type(key: str) -> RetentionType | None:
    return _retention_types.get(key)
