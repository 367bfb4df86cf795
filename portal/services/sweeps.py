"""The core's own sweeps (registered in `portal.apps`): each reads what is due from the tables,
acts on it idempotently and returns its counts (DESIGN §7)."""

from datetime import date, timedelta
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portal.models import ChildAccessGrant, Notification
from portal.services.grants import child_access_revoke
from portal.services.notifications import notification_emails_queue

# Longer than the longest wait between two tries of one email (the task's backoff, at most 30
# minutes): a chain that has shown no life for this long has been lost with the broker.
EMAIL_CHAIN_WINDOW = timedelta(minutes=35)


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
    """Queue again the emails that never went (a lost broker, a stopped worker): owed, more than
    five minutes old, and with no chain of retries alive (queued or tried in the last
    EMAIL_CHAIN_WINDOW), so a notification already retrying never gets a second chain. Failed email
    is not retried: it is on the administrators' list."""
    now = timezone.now()
    pending = list(
        Notification.objects.filter(
            email_sent_at__isnull=True, email_failed_at__isnull=True, created_at__lte=now - timedelta(minutes=5)
        )
        .filter(Q(email_chain_at__isnull=True) | Q(email_chain_at__lt=now - EMAIL_CHAIN_WINDOW))
        .exclude(recipient__email="")
        .values_list("pk", flat=True)
    )
    if pending:
        transaction.on_commit(partial(notification_emails_queue, notification_ids=pending))
    return {"emails_enqueued": len(pending)}
