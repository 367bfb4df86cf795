"""Escalations and notifications written in bulk, for the sweeps (issue 14): whatever the number of
due items, a batch costs a handful of queries — one read for what already exists, one bulk insert
(with its history rows) per table — instead of a dozen queries per item. The one-at-a-time
`escalation_raise` and `notify` stay for the services that act on a single record."""

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Q, QuerySet
from simple_history.utils import bulk_create_with_history

from portal import policies
from portal.models import Child, Escalation, EscalationAssignment, Notification, Organisation, User

BATCH_SIZE = 500


def due_batches(due: QuerySet[Any], *, size: int = BATCH_SIZE) -> Iterator[list[Any]]:
    """What a sweep must still act on, a batch at a time, for a query that reads only what is still
    to do (`without_escalation`, say): each batch acted on drops out of it, so the next read starts
    where the last ended. Stops at a short batch; the caller stops early when a batch changed nothing
    (someone else did the work), rather than read it again."""
    while batch := list(due[:size]):
        yield batch
        if len(batch) < size:
            return


def once_per(key: Callable[[Any], Hashable], find: Callable[[Any], Iterable[User]]) -> Callable[[Any], list[User]]:
    """Who an item goes to, worked out once per team or authority (`key`) rather than once per item."""
    known: dict[Hashable, list[User]] = {}

    def assignees(item: Any) -> list[User]:
        k = key(item)
        if k not in known:
            known[k] = list(find(item))
        return known[k]

    return assignees


@dataclass(frozen=True)
class EscalationDue:
    """One escalation a sweep found due: raised once per (subject, kind, level), like `escalation_raise`."""

    subject: models.Model
    kind: str
    level: int
    organisation: Organisation
    summary: str
    assignees: Sequence[User] = field(default_factory=tuple)
    child: Child | None = None


@dataclass(frozen=True)
class NotificationDue:
    """One inbox item a sweep found due, once per (recipient, event key), like `notify`."""

    recipient: User
    event_key: str
    subject: str
    body: str = ""
    link: str = ""


def _key(subject_type_id: int, subject_id: int, kind: str, level: int) -> tuple[int, int, str, int]:
    return (subject_type_id, int(subject_id), kind, int(level))


def escalations_raise_many(due: Iterable[EscalationDue]) -> list[tuple[EscalationDue, Escalation]]:
    """Raise every escalation not raised already, with its assignments and the assignees told, in one
    transaction: one query for those already raised, then one bulk insert (and its history) each for
    escalations, assignments and notifications. Returns those newly raised, each with what asked for
    it. Should someone raise one of them at the same moment, the batch falls back to one at a time."""
    wanted: dict[tuple[int, int, str, int], EscalationDue] = {}
    for item in due:
        subject_type = ContentType.objects.get_for_model(item.subject)
        wanted.setdefault(_key(subject_type.pk, item.subject.pk, item.kind, item.level), item)
    if not wanted:
        return []
    groups: dict[tuple[int, str, int], list[int]] = {}
    for type_id, subject_id, kind, level in wanted:
        groups.setdefault((type_id, kind, level), []).append(subject_id)
    existing_filter = Q()
    for (type_id, kind, level), ids in groups.items():
        existing_filter |= Q(subject_type_id=type_id, kind=kind, level=level, subject_id__in=ids)
    existing = {
        _key(*row)
        for row in Escalation.objects.filter(existing_filter).values_list(
            "subject_type_id", "subject_id", "kind", "level"
        )
    }
    new = [(key, item) for key, item in wanted.items() if key not in existing]
    if not new:
        return []
    try:
        with transaction.atomic():
            return _insert(new)
    except IntegrityError:
        return _one_at_a_time(item for _, item in new)


def _insert(new: list[tuple[tuple[int, int, str, int], EscalationDue]]) -> list[tuple[EscalationDue, Escalation]]:
    escalations = bulk_create_with_history(
        [
            Escalation(
                subject_type_id=type_id,
                subject_id=subject_id,
                kind=kind,
                level=level,
                organisation=item.organisation,
                summary=item.summary,
                child=item.child,
            )
            for (type_id, subject_id, kind, level), item in new
        ],
        Escalation,
        default_change_reason="Escalation raised",
    )
    raised = list(zip((item for _, item in new), escalations, strict=True))
    assignments = []
    notifications = []
    fallback: dict[int, list[User]] = {}
    for item, escalation in raised:
        assignees = item.assignees
        if not assignees:
            # As `escalation_raise`: an escalation always reaches someone (once per organisation).
            if item.organisation.pk not in fallback:
                fallback[item.organisation.pk] = list(policies.escalation_fallback(item.organisation))
            assignees = fallback[item.organisation.pk]
        for user in {user.pk: user for user in assignees}.values():
            assignments.append(EscalationAssignment(escalation=escalation, user=user))
            notifications.append(
                NotificationDue(
                    recipient=user,
                    event_key=f"escalation:{escalation.pk}:raised",
                    subject=f"Escalation: {escalation.get_kind_display()}",
                    body=item.summary,
                    link=escalation.get_absolute_url(),
                )
            )
    if assignments:
        bulk_create_with_history(assignments, EscalationAssignment, default_change_reason="Assigned")
    _insert_notifications(notifications)
    return raised


def _one_at_a_time(items: Iterable[EscalationDue]) -> list[tuple[EscalationDue, Escalation]]:
    from portal.services.escalations import escalation_raise

    raised = []
    for item in items:
        escalation, created = escalation_raise(
            subject=item.subject,
            kind=item.kind,
            level=item.level,
            organisation=item.organisation,
            summary=item.summary,
            assignees=list(item.assignees),
            child=item.child,
        )
        if created:
            raised.append((item, escalation))
    return raised


def notify_many(due: Iterable[NotificationDue]) -> int:
    """Put each item in its recipient's inbox once per (recipient, event key) and email them on
    commit: one query for those already there, one bulk insert for the rest. Returns how many were new."""
    wanted: dict[tuple[int, str], NotificationDue] = {}
    for item in due:
        wanted.setdefault((item.recipient.pk, item.event_key), item)
    if not wanted:
        return 0
    existing = set(
        Notification.objects.filter(
            recipient_id__in={pk for pk, _ in wanted}, event_key__in={key for _, key in wanted}
        ).values_list("recipient_id", "event_key")
    )
    new = [item for key, item in wanted.items() if key not in existing]
    if not new:
        return 0
    try:
        with transaction.atomic():
            _insert_notifications(new)
    except IntegrityError:
        from portal.services.notifications import notify

        return sum(
            int(notify(recipient=i.recipient, event_key=i.event_key, subject=i.subject, body=i.body, link=i.link)[1])
            for i in new
        )
    return len(new)


def _insert_notifications(due: list[NotificationDue]) -> None:
    # As `notify`: the inbox items are the outbox, written in the caller's transaction; only the
    # emails are queued after commit (a broker that is down leaves them to the resend sweep).
    from portal.services.notifications import notification_emails_queue

    if not due:
        return
    created = bulk_create_with_history(
        [
            Notification(
                recipient=i.recipient, event_key=i.event_key, subject=i.subject[:200], body=i.body, link=i.link
            )
            for i in due
        ],
        Notification,
        default_change_reason="Notification created",
    )
    emailed = [n.pk for item, n in zip(due, created, strict=True) if item.recipient.email]
    if emailed:
        transaction.on_commit(partial(notification_emails_queue, notification_ids=emailed))
