"""Who may review records for retention: a lead information officer, for their own organisation."""

from portal.models import User

REVIEW_PERMISSION = "retention.review_retention"


def may_review(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.organisation_id and user.has_perm(REVIEW_PERMISSION))
