"""What every page needs to know about the sign-in: whether it is finished (a person who has given
only their password sees no navigation), and the timeout warning's numbers."""

from django.conf import settings
from django.urls import reverse


def sign_in(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "sign_in_incomplete": getattr(request, "sign_in_incomplete", False),
        "session_timeout": {
            "idle_seconds": settings.PORTAL_IDLE_TIMEOUT_SECONDS,
            "warning_seconds": settings.PORTAL_IDLE_WARNING_SECONDS,
            "status_url": reverse("accounts:session_status"),
            "keep_alive_url": reverse("accounts:keep_alive"),
            "ended_url": reverse("accounts:session_ended"),
        },
    }
