"""Who may review records for retention: a lead information officer, for their own organisation."""

from django.core.exceptions import PermissionDenied

from portal.models import User

REVIEW_PERMISSION = "retention.review_retention"


def may_review(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.organisation_id and user.has_perm(REVIEW_PERMISSION))


def organisation_of(user: User) -> int:
    """The organisation whose records the officer reviews (an officer always has one)."""
    if user.organisation_id is None:
        raise PermissionDenied("Retention review is for a lead information officer of an organisation.")
    return user.organisation_id
