"""What the referrals pages share."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def require_perm(request: HttpRequest, *permissions: str) -> None:
    """A 403 unless the user's role includes one of the permissions."""
    if not any(request.user.has_perm(permission) for permission in permissions):
        raise PermissionDenied("Your role does not include this.")
