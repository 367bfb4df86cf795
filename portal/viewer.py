"""Who is asking, worked out once per request (issue 14): the signed-in user's roles, model-level
permissions and team memberships, read in one query the first time anything asks and then reused by
every view, plugin hook, template and context processor of the same request.

The cache lives only while `ViewerMiddleware` serves a safe (GET or HEAD) request, which changes
none of these facts, so it never needs invalidating; a POST, a Celery task, a sweep or a test calling
a policy directly reads them afresh each time.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import BooleanField, CharField, F, IntegerField, Value

_request_cache: ContextVar[dict | None] = ContextVar("portal_request_cache", default=None)


def per_request(key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()`, once per safe request for each key (every time outside one)."""
    cache = _request_cache.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


@contextmanager
def per_request_cache() -> Iterator[None]:
    """The per-request cache opened for work a response does after its view returned (a streamed
    export's access events, written as each chunk goes), or the request's own if it is still open."""
    if _request_cache.get() is not None:
        yield
        return
    token = _request_cache.set({})
    try:
        yield
    finally:
        _request_cache.reset(token)


class ViewerMiddleware:
    """Opens the per-request cache for GET and HEAD requests, and closes it when the response is made."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _request_cache.set({})
        try:
            return self.get_response(request)
        finally:
            _request_cache.reset(token)


@dataclass(frozen=True)
class Membership:
    team_id: int
    team_name: str
    team_kind: str
    organisation_id: int
    organisation_name: str
    is_manager: bool


@dataclass(frozen=True)
class ViewerFacts:
    organisation_name: str
    roles: frozenset[str]  # the names of the user's groups
    permissions: frozenset[str]  # "app_label.codename", directly or through a group
    memberships: tuple[Membership, ...]

    @property
    def managed_team_ids(self) -> set[int]:
        return {m.team_id for m in self.memberships if m.is_manager}

    def in_team_of_kind(self, kind: str) -> bool:
        return any(m.team_kind == kind for m in self.memberships)


NOBODY = ViewerFacts(organisation_name="", roles=frozenset(), permissions=frozenset(), memberships=())


def _read(user) -> ViewerFacts:
    """One UNION query: (what, text, text, text, team, organisation, manager) rows for the user's
    organisation, each group, each permission (through a group or given directly) and each team
    membership."""
    from portal.models import Organisation, TeamMembership

    text, number, flag = CharField(), IntegerField(), BooleanField()

    def shape(what: str, a, b, team=0, organisation=0, manager=False, c="") -> dict:
        def value(v, field):
            return Value(v, output_field=field) if not hasattr(v, "resolve_expression") else v

        return {
            "what": Value(what, output_field=text),
            "a": value(a, text),
            "b": value(b, text),
            "c": value(c, text),
            "n": value(team, number),
            "m": value(organisation, number),
            "f": value(manager, flag),
        }

    columns = ["what", "a", "b", "c", "n", "m", "f"]
    groups = Group.objects.filter(user=user).order_by().annotate(**shape("role", F("name"), "")).values_list(*columns)
    through_groups = (
        Permission.objects.filter(group__user=user)
        .order_by()
        .annotate(**shape("perm", F("content_type__app_label"), F("codename")))
        .values_list(*columns)
    )
    direct = (
        Permission.objects.filter(user=user)
        .order_by()
        .annotate(**shape("perm", F("content_type__app_label"), F("codename")))
        .values_list(*columns)
    )
    teams = (
        TeamMembership.objects.filter(user=user)
        .order_by()
        .annotate(
            **shape(
                "team",
                F("team__kind"),
                F("team__name"),
                F("team_id"),
                F("team__organisation_id"),
                F("is_manager"),
                F("team__organisation__name"),
            )
        )
        .values_list(*columns)
    )
    organisation = (
        Organisation.objects.filter(pk=user.organisation_id)
        .order_by()
        .annotate(**shape("organisation", F("name"), "", 0, F("pk")))
        .values_list(*columns)
    )
    organisation_name, roles, permissions, memberships = "", set(), set(), []
    rows = organisation.union(groups, through_groups, direct, teams, all=True).order_by()
    for what, a, b, c, team, organisation_id, manager in rows:
        if what == "organisation":
            organisation_name = a
        elif what == "role":
            roles.add(a)
        elif what == "perm":
            permissions.add(f"{a}.{b}")
        else:
            memberships.append(Membership(team, b, a, organisation_id, c, bool(manager)))
    memberships.sort(key=lambda m: (m.team_name, m.team_id))
    return ViewerFacts(organisation_name, frozenset(roles), frozenset(permissions), tuple(memberships))


def viewer_facts(user) -> ViewerFacts:
    """The user's roles, permissions and memberships (nothing for an inactive or anonymous user)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    return per_request(("viewer", user.pk), lambda: _read(user))


class PortalModelBackend(ModelBackend):
    """Django's model permissions, answered from the viewer's facts during a request (one query with
    the roles and teams instead of two of its own); elsewhere exactly as Django does it."""

    def get_all_permissions(self, user_obj, obj=None):
        if (
            obj is not None
            or not user_obj.is_active
            or user_obj.is_anonymous
            or user_obj.is_superuser
            or _request_cache.get() is None
        ):
            return super().get_all_permissions(user_obj, obj)
        return set(viewer_facts(user_obj).permissions)
