"""The core's own sweeps (registered in `portal.apps`): each reads what is due from the tables,
acts on it idempotently and returns its counts (DESIGN §7)."""

from datetime import date, timedelta

from django.utils import timezone

from portal.models import ChildAccessGrant, Notification
from portal.services.grants import child_access_revoke


def child_access_expire_due(*, today: date) -> dict[str, int]:
    """Close the guardian rows of grants whose time has run out (e.g. emergency access)."""
    expired = list(
        ChildAccessGrant.objects.filter(revoked_at__isnull=True, expires_at__lte=timezone.now()).select_related(
            "child", "user", "team__group"
        )
    )
    for grant in expired:
        child_access_revoke(grant=grant, revoked_by=None, reason="Time-limited access expired")
    return {"grants_closed": len(expired)}


def notification_emails_resend_unsent(*, today: date) -> dict[str, int]:
    """Re-enqueue emails that never went (a lost broker, a stopped worker)."""
    from portal.tasks import send_notification_email

    cutoff = timezone.now() - timedelta(minutes=5)
    pending = list(
        Notification.objects.filter(email_sent_at__isnull=True, created_at__lte=cutoff)
        .exclude(recipient__email="")
        .values_list("pk", flat=True)
    )
    for pk in pending:
        send_notification_email.delay_on_commit(pk)
    return {"emails_enqueued": len(pending)}
