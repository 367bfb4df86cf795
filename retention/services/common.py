from django.core.exceptions import PermissionDenied, ValidationError

from portal import extensions
from portal.models import User
from retention import policies
from retention.models import LegalHold, ReviewItem


def require_reviewer(actor: User) -> None:
    if not policies.may_review(actor):
        raise PermissionDenied("Only a lead information officer reviews records for retention.")


def kind_of(key: str) -> extensions.RetentionType:
    kind = extensions.retention_type(key)
    if kind is None:
        raise ValidationError("This type of record is no longer registered by any part of the portal.")
    return kind


def child_ids_of(items: list[ReviewItem]) -> dict[int, int | None]:
    """Each item's child (by the item's pk): one query per type of record among the items."""
    found: dict[int, int | None] = {}
    by_type: dict[str, list[ReviewItem]] = {}
    for item in items:
        by_type.setdefault(item.record_type, []).append(item)
    for key, group in by_type.items():
        kind = extensions.retention_type(key)
        if kind is None or not kind.child:
            continue
        children = dict(kind.candidates().filter(pk__in=[i.object_id for i in group]).values_list("pk", kind.child))
        for item in group:
            found[item.pk] = children.get(item.object_id)
    return found


def holds_on(items: list[ReviewItem], *, organisation_id: int) -> dict[int, list[LegalHold]]:
    """The active legal holds (of the organisation) on each item's record or on its child."""
    if not items:
        return {}
    children = child_ids_of(items)
    holds = list(
        LegalHold.objects.filter(organisation_id=organisation_id, status=LegalHold.Status.ACTIVE).filter(
            object_id__in=[i.object_id for i in items]
        )
        | LegalHold.objects.filter(
            organisation_id=organisation_id,
            status=LegalHold.Status.ACTIVE,
            child_id__in=[c for c in children.values() if c is not None],
        )
    )
    found: dict[int, list[LegalHold]] = {}
    for item in items:
        child_id = children.get(item.pk)
        matching = [
            hold
            for hold in holds
            if (hold.record_type == item.record_type and hold.object_id == item.object_id)
            or (child_id is not None and hold.child_id == child_id)
        ]
        if matching:
            found[item.pk] = matching
    return found
