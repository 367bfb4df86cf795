"""The whole picture of a child: the timeline of everything about them, who is involved, and the
family around them. Reads only; the workflow apps add their parts through portal.extensions."""

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.db.models import F, IntegerField, Q, Value
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.text import capfirst

from portal import extensions
from portal.extensions import Involvement, Later, OpenWork
from portal.models import Child, ChildAccessGrant, Escalation, Person, Relationship, User
from portal.selectors import child_list_for_user, escalation_list_for_user

# --- Timeline ------------------------------------------------------------------------------------


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class TimelineEntry:
    when: datetime
    who: str
    what: str
    record: str
    changes: list = field(default_factory=list)  # Change, once the names are looked up


def core_timeline_sources(*, user: User, child: Child) -> Later:
    """The child's record, the people around them and the access given; escalations only where the
    viewer may see them (an escalation can say more than the child's record)."""
    escalations = escalation_list_for_user(user=user).filter(child_id=child.pk).values_list("pk", flat=True)
    return Later(
        [escalations],
        lambda: [
            child.history.all(),
            Relationship.history.filter(child_id=child.pk),
            Person.history.filter(id__in=child.relationships.values("person_id")),
            Escalation.history.filter(id__in=list(escalations)),
            ChildAccessGrant.history.filter(child_id=child.pk),
        ],
    )


def _display(value, model_field=None, names: dict | None = None) -> str:
    """A recorded value as a person reads it: the choice's label, the person's or record's name,
    Yes/No, dates in words, lists joined: never a raw code, id or Python literal."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%-d %B %Y, %H:%M}"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    if model_field is not None and model_field.is_relation and names is not None:
        return names.get((model_field.related_model, value), f"record {value}")
    if isinstance(value, dict):  # an item kept as JSON (issue 16: what was shared, fact or opinion)
        return " — ".join(str(_display(item, None)) for item in value.values())
    if isinstance(value, (list, tuple)):
        base = getattr(model_field, "base_field", None)
        # A list of codes kept as JSON has no choices to look up: the code in words ("family_support"
        # -> "Family support") reads as its label does.
        return ", ".join(
            _display(item, base) if base is not None or not isinstance(item, str) else capfirst(item.replace("_", " "))
            for item in value
        )
    choices = dict(model_field.flatchoices) if model_field is not None and model_field.choices else {}
    if value in choices:
        return str(choices[value])
    return str(value)


def _names(changed: list[tuple], also: dict | None = None) -> dict:
    """The names of every person or record a change refers to (and `also`, {model: pks}): one query
    per kind of record."""
    wanted: dict = {model: set(pks) for model, pks in (also or {}).items() if pks}
    for model_field, old, new in changed:
        if model_field.is_relation and model_field.related_model is not None:
            wanted.setdefault(model_field.related_model, set()).update(v for v in (old, new) if v is not None)
    return {
        (model, pk): str(instance)
        for model, pks in wanted.items()
        for pk, instance in model._default_manager.in_bulk(list(pks)).items()
    }


HIDDEN_FIELDS = {"id", "history_id", "history_date", "history_change_reason", "history_type", "history_user"}


# Django's JSONObject is one SQL call, and PostgreSQL allows 100 arguments (50 fields) a call: a
# record with more fields is read as several objects.
FIELDS_PER_OBJECT = 40


def _as_value(model_field, raw):
    """A value read back from JSON as the field's own Python value (a date, a decimal, a bool...)."""
    if raw is None:
        return None
    try:
        value = model_field.to_python(raw)
    except (ValidationError, TypeError, ValueError):
        return raw
    if isinstance(value, datetime) and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def _timeline_rows(sources: list) -> tuple[list[tuple], list[dict]]:
    """Every version from every source in one UNION query: (source, record id, history id, when,
    type, reason, user id, fields as JSON objects) — however many apps add sources."""
    shapes = []
    for history in sources:
        instance_type = history.model.instance_type
        fields = {f.attname: f for f in instance_type._meta.fields if f.attname not in HIDDEN_FIELDS}
        names = list(fields)
        chunks = [names[i : i + FIELDS_PER_OBJECT] for i in range(0, len(names), FIELDS_PER_OBJECT)] or [[]]
        shapes.append((history, fields, chunks))
    width = max((len(chunks) for _, _, chunks in shapes), default=1)
    parts = []
    for index, (history, _, chunks) in enumerate(shapes):
        objects = {
            f"timeline_data{n}": JSONObject(**{name: F(name) for name in (chunks[n] if n < len(chunks) else [])})
            for n in range(width)
        }
        parts.append(
            history.order_by()
            .annotate(timeline_source=Value(index, output_field=IntegerField()), **objects)
            .values_list(
                "timeline_source",
                "id",
                "history_id",
                "history_date",
                "history_type",
                "history_change_reason",
                "history_user_id",
                *objects,
            )
        )
    if not parts:
        return [], []
    rows = list(parts[0].union(*parts[1:], all=True).order_by()) if len(parts) > 1 else list(parts[0])
    return rows, [{"history": h, "fields": f} for h, f, _ in shapes]


def child_timeline(*, user: User, child: Child, limit: int = 300) -> list[TimelineEntry]:
    """Everything that happened to and about the child, newest first, with field-level changes.

    Every app's sources are read together in one query; diffs are computed in memory between
    consecutive versions of the same record, and the names of the people and records the changes
    refer to are looked up in one query per kind, so the page costs the same however long the history
    is (issue 14).
    """
    rows, shapes = _timeline_rows(extensions.timeline_sources(user=user, child=child))
    rows.sort(key=lambda row: (row[0], row[1], row[3], row[2]))
    entries: list[TimelineEntry] = []
    users: list[int | None] = []
    previous: dict[tuple[int, object], dict] = {}
    for source, record_id, _, when, history_type, reason, user_id, *objects in rows:
        fields = shapes[source]["fields"]
        data = {k: v for part in objects for k, v in _loaded(part).items()}
        values = {name: _as_value(fields[name], data.get(name)) for name in fields}
        before = previous.get((source, record_id))
        previous[(source, record_id)] = values
        changes = []
        if before is not None:
            changes = [(fields[name], before[name], new) for name, new in values.items() if before[name] != new]
        model = shapes[source]["history"].model
        entries.append(
            TimelineEntry(
                when=_as_value(model._meta.get_field("history_date"), when),
                who="",
                what=reason or {"+": "Created", "-": "Deleted"}.get(history_type, "Changed"),
                record=capfirst(str(model.instance_type._meta.verbose_name)),
                changes=changes,
            )
        )
        users.append(user_id)
    order = sorted(range(len(entries)), key=lambda i: entries[i].when, reverse=True)[:limit]
    chosen = [(entries[i], users[i]) for i in order]
    changed = [change for entry, _ in chosen for change in entry.changes]
    names = _names(changed, also={User: {user_id for _, user_id in chosen if user_id is not None}})
    for entry, user_id in chosen:
        entry.who = (
            names.get((User, user_id), "The portal (automatic)") if user_id is not None else "The portal (automatic)"
        )
        entry.changes = [
            Change(
                capfirst(str(model_field.verbose_name)),
                _display(old, model_field, names),
                _display(new, model_field, names),
            )
            for model_field, old, new in entry.changes
        ]
    return [entry for entry, _ in chosen]


def _loaded(part) -> dict:
    """A JSON object column as a dict (PostgreSQL's driver decodes it; SQLite gives the text)."""
    if isinstance(part, str):
        return json.loads(part)
    return part or {}


# --- Who is involved -----------------------------------------------------------------------------


def core_involvement(*, user: User, child: Child) -> list[Involvement]:
    """The allocation, and everyone given access on a recorded basis."""
    items = []
    if child.allocated_team_id:
        team = child.allocated_team
        worker = child.allocated_worker
        items.append(
            Involvement(
                organisation=team.organisation.name,
                team=team.name,
                person=str(worker) if worker else "",
                role="Allocated team and worker (case responsibility)",
                since=child.allocated_on,
                contact=(worker.email if worker else "") or team.email or team.organisation.email,
            )
        )
    now = timezone.now()
    grants = (
        ChildAccessGrant.objects.filter(child=child, revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .exclude(basis__in=[ChildAccessGrant.Basis.ALLOCATED_TEAM, ChildAccessGrant.Basis.ALLOCATED_WORKER])
        .select_related("user__organisation", "team__organisation")
    )
    for grant in grants:
        if grant.user_id:
            organisation = grant.user.organisation.name if grant.user.organisation else ""
            items.append(
                Involvement(
                    organisation=organisation,
                    person=str(grant.user),
                    role=grant.get_basis_display(),
                    since=grant.granted_at,
                    contact=grant.user.email,
                )
            )
        else:
            items.append(
                Involvement(
                    organisation=grant.team.organisation.name,
                    team=grant.team.name,
                    role=grant.get_basis_display(),
                    since=grant.granted_at,
                    contact=grant.team.email,
                )
            )
    return items


def child_involvement(*, user: User, child: Child) -> list[Involvement]:
    """Every agency, team and named practitioner working with the child, once each, earliest
    first, with every role they have."""
    return _merged(extensions.involvements(user=user, child=child))


def _merged(involvements: list[Involvement]) -> list[Involvement]:
    merged: dict[tuple, Involvement] = {}
    for item in involvements:
        key = (item.organisation, item.team, item.person)
        if key in merged:
            existing = merged[key]
            roles = existing.role if item.role in existing.role.split("; ") else f"{existing.role}; {item.role}"
            since = min((s for s in (existing.since, item.since) if s), key=_as_datetime, default=None)
            merged[key] = Involvement(
                organisation=existing.organisation,
                team=existing.team,
                person=existing.person,
                role=roles,
                since=since,
                contact=existing.contact or item.contact,
            )
        else:
            merged[key] = item
    return sorted(merged.values(), key=lambda i: (_as_datetime(i.since) if i.since else timezone.now(), i.organisation))


def _as_datetime(value) -> datetime:
    if isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime(value.year, value.month, value.day))


# --- The family ----------------------------------------------------------------------------------


@dataclass
class FamilyChild:
    child: Child
    is_this_child: bool
    open_work: list[OpenWork]
    involved: list[Involvement]


@dataclass
class Family:
    adults: list[Relationship]
    children: list[FamilyChild]


def child_family(*, user: User, child: Child) -> Family:
    """The adults in the child's life and the children who share them (brothers, sisters, and
    others in the household) — only those children the viewer may already see. Each child's open work
    is read for all of them at once; who is involved is shown for this child, and each other child's
    is a link to their own page (issue 14: the page costs the same however many children share the adults)."""
    relationships = list(child.relationships.select_related("person").order_by("-lives_with_child", "kind"))
    person_ids = [r.person_id for r in relationships]
    linked = Child.objects.filter(relationships__person_id__in=person_ids).values("pk")
    visible = list(
        child_list_for_user(user=user).filter(Q(pk__in=linked) | Q(pk=child.pk)).distinct().order_by("date_of_birth")
    )
    work, involved = extensions.family(user=user, child=child, children=visible)
    return Family(
        adults=relationships,
        children=[
            FamilyChild(
                child=c,
                is_this_child=c.pk == child.pk,
                open_work=work.get(c.pk, []),
                involved=_merged(involved) if c.pk == child.pk else [],
            )
            for c in visible
        ],
    )


class CorePlugin(extensions.Plugin):
    """The core's own part of the whole picture, registered like every app's (PortalConfig.ready)."""

    name = "portal"
    dashboard_order = 100

    def timeline(self, *, user, child) -> Later:
        return core_timeline_sources(user=user, child=child)

    def involvement(self, *, user, child) -> list[Involvement]:
        return core_involvement(user=user, child=child)

    def dashboard_widgets(self, *, user, teams, today) -> list:
        from portal.dashboard import core_widgets

        return core_widgets(user=user, teams=teams, today=today)

    def subject_access_items(self, *, person, viewer) -> list:
        from portal.subject_access import core_subject_access_items

        return core_subject_access_items(person=person)
