"""Reads for the queues of escalations (the review queue, the escalation list, the home page): each
row says which child it is about — by name only to someone who may open that child's record, else a
neutral label — what kind it is, how long it has been open, and the reason in the words of the
person who caused it. Selectors: no writes, and a fixed number of queries however many rows."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, ExpressionWrapper, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal import extensions
from portal.models import Escalation, User
from portal.selectors import child_list_for_user, child_visible_q

NEUTRAL_CHILD = "A child whose record you cannot open"


def with_child_visibility(escalations: QuerySet[Escalation], *, user: User) -> QuerySet[Escalation]:
    """Mark each escalation with whether the user may open its child's record (one subquery)."""
    visible = ExpressionWrapper(child_visible_q(user=user, field="child_id"), output_field=BooleanField())
    return escalations.annotate(child_visible=Coalesce(visible, Value(False)))


@dataclass
class EscalationRow:
    escalation: Escalation
    child_name: str  # the child's name, a neutral label, or "" when it is about no child
    child_url: str
    reason: str  # in the words of the person who caused it, else the escalation's summary
    days_open: int


def escalation_rows(*, escalations: Iterable[Escalation], today: date | None = None) -> list[EscalationRow]:
    """Rows for a page of escalations fetched through `with_child_visibility`. The worker's reasons
    are read with one query per kind of escalation on the page."""
    today = today or timezone.localdate()
    escalations = list(escalations)
    by_kind: dict[tuple[str, int], list[int]] = defaultdict(list)
    for escalation in escalations:
        by_kind[(escalation.kind, escalation.subject_type_id)].append(escalation.subject_id)
    reasons: dict[tuple[str, int, int], str] = {}
    for (kind, type_id), ids in by_kind.items():
        subject_type = ContentType.objects.get_for_id(type_id)
        registered = extensions.escalation_kind(kind, f"{subject_type.app_label}.{subject_type.model}")
        if registered is None or registered.reasons is None:
            continue
        for subject_id, text in registered.reasons(ids=ids).items():
            reasons[(kind, type_id, subject_id)] = text
    rows = []
    for escalation in escalations:
        child = escalation.child if escalation.child_id else None
        visible = child is not None and getattr(escalation, "child_visible", False)
        rows.append(
            EscalationRow(
                escalation=escalation,
                child_name=child.full_name if visible else (NEUTRAL_CHILD if child is not None else ""),
                child_url=child.get_absolute_url() if visible else "",
                reason=reasons.get((escalation.kind, escalation.subject_type_id, escalation.subject_id), "")
                or escalation.summary,
                days_open=max(0, (today - timezone.localdate(escalation.raised_at)).days),
            )
        )
    return rows


def escalation_child(*, user: User, escalation: Escalation) -> tuple[str, str]:
    """The child one escalation is about, as its page shows it: (name, link) for someone who may
    open the record, else the neutral label and no link; ("", "") when it is about no child."""
    if escalation.child_id is None:
        return "", ""
    if child_list_for_user(user=user).filter(pk=escalation.child_id).exists():
        return escalation.child.full_name, escalation.child.get_absolute_url()
    return NEUTRAL_CHILD, ""
