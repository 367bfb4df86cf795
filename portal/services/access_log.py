"""The access log: who opened which child's record, and break-glass (emergency) access, which is
time-limited, logged, and put in front of the Caldicott Guardian of the organisation holding the
record."""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from portal import policies, selectors
from portal.access import require as _require
from portal.history import save as _save
from portal.logs import log_event
from portal.models import AccessEvent, Child, ChildAccessGrant, Escalation, Organisation, Team, User
from portal.services.escalations import escalation_raise
from portal.services.grants import child_access_grant
from portal.services.notifications import notify_each

EMERGENCY_REASON_MIN_LENGTH = 20
logger = logging.getLogger("portal.refusals")


def access_event_record(
    *, user: User, child: Child, basis: str, kind: str = AccessEvent.Kind.VIEW, reason: str = "", what: str = ""
) -> AccessEvent:
    """One read of a child's information, with the basis it was allowed on and what was read."""
    event = AccessEvent(user=user, child=child, kind=kind, access_basis=basis[:200], reason=reason, what=what[:100])
    _save(event, reason="Record viewed", by=user)
    return event


def access_events_record(*, user: User, reads: list[tuple[Child, str, str]]) -> list[AccessEvent]:
    """Several reads by one user in one request (a family page shows each brother's and sister's
    open work): each (child, basis, what) is its own access event, written together with their
    history in one statement each, so the page costs the same however many children it shows."""
    events = [
        AccessEvent(user=user, child=child, kind=AccessEvent.Kind.VIEW, access_basis=basis[:200], what=what[:100])
        for child, basis, what in reads
    ]
    if not events:
        return []
    with transaction.atomic():
        return bulk_create_with_history(events, AccessEvent, default_user=user, default_change_reason="Record viewed")


def access_events_record_for_children(*, user: User, bases: dict[int, str], what: str) -> int:
    """One read, `what`, of each child (by id) on its basis, with each event's history: an export's
    chunk of thousands of children (issue 14). On PostgreSQL the events and their history rows are
    written by one statement with no model instance per child (those were most of an export's time);
    elsewhere as `access_events_record` does. Returns the number of events written."""
    if not bases:
        return 0
    connection = connections[router.db_for_write(AccessEvent)]
    if connection.vendor != "postgresql":
        events = [
            AccessEvent(user=user, child_id=pk, kind=AccessEvent.Kind.VIEW, access_basis=basis[:200], what=what[:100])
            for pk, basis in bases.items()
        ]
        with transaction.atomic(using=connection.alias):
            created = bulk_create_with_history(
                events, AccessEvent, default_user=user, default_change_reason="Record viewed"
            )
        return len(created)
    sql, params = _events_with_history_sql(connection, user=user, bases=bases, what=what)
    with connection.cursor() as cursor:  # one statement: atomic without a transaction of its own
        cursor.execute(sql, params)
    return len(bases)


def _events_with_history_sql(connection, *, user: User, bases: dict[int, str], what: str) -> tuple[str, list]:
    """`INSERT … SELECT … FROM unnest(children, bases)` of the events, and, in the same statement,
    their history rows as `bulk_create_with_history` writes them ("+", "Record viewed", by the user).
    Tables and columns come from the models' _meta; every value is a parameter. The event's other
    columns take their values from one unsaved event, so they get its defaults as `bulk_create` does."""
    quote = connection.ops.quote_name
    now = timezone.now()
    template = AccessEvent(user=user, kind=AccessEvent.Kind.VIEW, at=now, what=what[:100])
    from_unnest = {"child": "child_read.child_id", "access_basis": "child_read.basis"}
    columns, values, params = [], [], []
    for field in AccessEvent._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(quote(field.column))
        if field.name in from_unnest:
            values.append(from_unnest[field.name])
        else:
            values.append(f"CAST(%s AS {field.db_type(connection)})")
            params.append(field.get_db_prep_save(getattr(template, field.attname), connection))
    params += [list(bases), [basis[:200] for basis in bases.values()]]
    # Names from _meta, quoted; values only ever as parameters.
    table, reads = quote(AccessEvent._meta.db_table), "unnest(%s::bigint[], %s::text[]) AS child_read(child_id, basis)"
    insert = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {reads}"  # noqa: S608
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return insert, params
    historical = AccessEvent.history.model
    history_columns, history_values = [], []
    for field in historical.tracked_fields:
        history_columns.append(quote(historical._meta.get_field(field.name).column))
        history_values.append(f"written_event.{quote(field.column)}")
    for name, value in [
        ("history_date", now),
        ("history_change_reason", "Record viewed"),
        ("history_type", "+"),
        ("history_user", user.pk),
    ]:
        field = historical._meta.get_field(name)
        history_columns.append(quote(field.column))
        history_values.append(f"CAST(%s AS {field.db_type(connection)})")
        params.append(field.get_db_prep_save(value, connection))
    history = f"INSERT INTO {quote(historical._meta.db_table)} ({', '.join(history_columns)})"
    copied = f"SELECT {', '.join(history_values)} FROM written_event"  # noqa: S608
    return f"WITH written_event AS ({insert} RETURNING *) {history} {copied}", params


def _check_emergency_reason(reason: str) -> None:
    if len(reason.strip()) < EMERGENCY_REASON_MIN_LENGTH:
        raise ValidationError(
            {"reason": f"Explain why you need access now, in at least {EMERGENCY_REASON_MIN_LENGTH} characters"}
        )


def emergency_access_search(
    *,
    actor: User,
    reason: str,
    nhs_number: str = "",
    first_name: str = "",
    last_name: str = "",
    date_of_birth: date | None = None,
) -> list[Child]:
    """Look for a record to open in an emergency. Every search is an access event with its reason
    (one per matching child, so each child's access log shows it; one without a child when nothing
    matched), and a user may make only `EMERGENCY_SEARCHES_PER_HOUR` of them in an hour."""
    _require(actor.has_perm("portal.view_child"), "Your role cannot use emergency access.")
    _check_emergency_reason(reason)
    limit = settings.EMERGENCY_SEARCHES_PER_HOUR
    now = timezone.now()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=actor.pk).first()  # one search at a time per user
        # The events of one search share their time, so distinct times count searches.
        recent = (
            AccessEvent.objects.filter(
                user=actor, kind=AccessEvent.Kind.EMERGENCY_SEARCH, at__gt=now - timedelta(hours=1)
            )
            .values("at")
            .distinct()
            .count()
        )
        if recent >= limit:
            log_event(logger, "emergency_search.throttled", limit=limit)
            raise ValidationError(
                f"You have made {limit} emergency searches in the last hour, the most allowed. "
                "Contact MAST or your Caldicott Guardian if a child needs help now."
            )
        found = selectors.child_find_for_emergency(
            nhs_number=nhs_number, first_name=first_name, last_name=last_name, date_of_birth=date_of_birth
        )
        matched: list[Child | None] = list(found) or [None]
        for child in matched:
            event = AccessEvent(
                user=actor,
                child=child,
                kind=AccessEvent.Kind.EMERGENCY_SEARCH,
                at=now,
                access_basis=AccessEvent.Kind.EMERGENCY_SEARCH.label,
                reason=reason.strip(),
            )
            _save(event, reason="Emergency access search", by=actor)
    return found


def emergency_access_grant(*, actor: User, child: Child, reason: str, hours: int | None = None) -> AccessEvent:
    """Break-glass: time-limited read access to a child the user cannot otherwise see, logged, and
    put in front of the Caldicott Guardian of the organisation that holds the record."""
    _require(actor.has_perm("portal.view_child"), "Your role cannot use emergency access.")
    _check_emergency_reason(reason)
    hours = hours or settings.EMERGENCY_ACCESS_HOURS
    now = timezone.now()
    holder = Organisation.objects.get(pk=selectors.child_record_holder_id(child=child))
    with transaction.atomic():
        event = AccessEvent(
            user=actor,
            child=child,
            kind=AccessEvent.Kind.EMERGENCY,
            access_basis=ChildAccessGrant.Basis.EMERGENCY.label,
            reason=reason.strip(),
            expires_at=now + timedelta(hours=hours),
        )
        _save(event, reason="Emergency access", by=actor)
        child_access_grant(
            child=child,
            basis=ChildAccessGrant.Basis.EMERGENCY,
            level=ChildAccessGrant.Level.VIEW,
            user=actor,
            source=event,
            granted_by=actor,
            expires_at=event.expires_at,
        )
        escalation_raise(
            subject=event,
            kind=Escalation.Kind.EMERGENCY_ACCESS,
            level=Escalation.Level.SENIOR,
            organisation=holder,
            summary=f"{actor} used emergency access to a child's record for {hours} hours.",
            assignees=selectors.escalation_reviewers(organisation=holder),
            child=child,
        )
    return event


def child_duplicate_match_report(*, actor: User, children: list[Child]) -> None:
    """Someone recording a child matched records they may not see, held outside their organisation.
    They are told only that a matching record exists; each match goes in that child's access log,
    and the MAST of the local authority holding the record is told, so they can check whether it
    is the same child and link the two."""
    for child in children:
        holder = Organisation.objects.get(pk=selectors.child_record_holder_id(child=child))
        authority = holder.local_authority or child.local_authority
        with transaction.atomic():
            event = AccessEvent(
                user=actor,
                child=child,
                kind=AccessEvent.Kind.DUPLICATE_MATCH,
                access_basis="Duplicate check when recording a child",
            )
            _save(event, reason="Matched by the duplicate check", by=actor)
            notify_each(
                policies.members_of(organisation=authority, team_kinds=[Team.Kind.MAST]),
                event_key=f"duplicate-match:{child.pk}:{actor.pk}",
                subject="A child being recorded matches a record you hold",
                body=(
                    f"{actor} ({actor.job_title or 'no job title'}, {actor.organisation or 'no organisation'}) "
                    f"was recording a child who matches record {child.pk}, held by {holder}. They were told only "
                    "that a matching record exists. Check whether it is the same child and contact them."
                ),
                link=reverse("portal:child_detail", args=[child.pk]),
            )
