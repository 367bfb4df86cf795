"""Navigation for the GOV.UK header: built from what the signed-in user may use, so every link
leads somewhere that works for them."""

from django.conf import settings
from django.urls import reverse

from portal import extensions, policies, selectors


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    # An app that adds a second sign-in step marks a request whose sign-in is not finished.
    if user is None or not user.is_authenticated or getattr(request, "sign_in_incomplete", False):
        return {}
    items = [
        {"label": "Home", "url": reverse("portal:home")},
        {"label": "Children", "url": reverse("portal:child_list")},
        *extensions.nav_links(user),
        {"label": "Escalations", "url": reverse("portal:escalation_list")},
    ]
    if policies.managed_team_ids(user):
        items.insert(1, {"label": "Dashboard", "url": reverse("portal:dashboard")})
    if policies.is_reviewer(user):
        items.append({"label": "Review queue", "url": reverse("portal:review_queue")})
    unread = selectors.notification_unread_count(user=user)
    items.append(
        {
            "label": f"Notifications ({unread})" if unread else "Notifications",
            "url": reverse("portal:notification_list"),
        }
    )
    # Only the closest match is current, should one section's address sit inside another's.
    path = request.path
    matches = [i for i in items if path == i["url"] or (i["url"] != "/" and path.startswith(i["url"]))]
    best = max(matches, key=lambda i: len(i["url"]), default=None)
    for item in items:
        item["active"] = item is best
    return {"nav_items": items, "unread_notifications": unread}


def contacts(request) -> dict:
    """Numbers shown wherever a page says whom to contact (settings, per deployment)."""
    return {"mast_phone": settings.PORTAL_MAST_PHONE, "accessibility_email": settings.PORTAL_ACCESSIBILITY_EMAIL}
