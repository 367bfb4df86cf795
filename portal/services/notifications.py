"""Notifications: an inbox item per (recipient, event key), and its email, sent once on commit.
The email carries no personal data about children: it points to the portal."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.access import require as _require
from portal.history import save as _save
from portal.models import Notification, User


def notify(
    *, recipient: User, event_key: str, subject: str, body: str = "", link: str = ""
) -> tuple[Notification, bool]:
    """Put an item in someone's inbox and email them, once per (recipient, event key)."""
    from portal.tasks import send_notification_email

    existing = Notification.objects.filter(recipient=recipient, event_key=event_key).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            notification = Notification(
                recipient=recipient, event_key=event_key, subject=subject[:200], body=body, link=link
            )
            _save(notification, reason="Notification created")
    except IntegrityError:
        return Notification.objects.get(recipient=recipient, event_key=event_key), False
    if recipient.email:
        send_notification_email.delay_on_commit(notification.pk)
    return notification, True


def notify_each(
    recipients: Iterable[User],
    *,
    event_key: str,
    subject: str,
    body: str = "",
    link: str = "",
    exclude: User | None = None,
) -> int:
    """Tell each recipient once (a user listed twice is told once), leaving out `exclude` (whoever
    acted). Returns how many were newly told."""
    told = 0
    for user in {user.pk: user for user in recipients}.values():
        if exclude is not None and user.pk == exclude.pk:
            continue
        told += int(notify(recipient=user, event_key=event_key, subject=subject, body=body, link=link)[1])
    return told


def notification_mark_read(*, actor: User, notification: Notification) -> Notification:
    _require(notification.recipient_id == actor.pk, "This is not your notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        _save(notification, reason="Read", by=actor)
    return notification


def notification_email_send(*, notification_id: int) -> bool:
    """Send one notification's email unless it has gone already. Returns whether it sent."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().select_related("recipient").get(pk=notification_id)
        if notification.email_sent_at is not None or not notification.recipient.email:
            return False
        link = f"{settings.PORTAL_BASE_URL}{notification.link}" if notification.link else settings.PORTAL_BASE_URL
        send_mail(
            subject=f"Information Sharing Portal: {notification.subject}",
            message=f"{notification.subject}\n\nSign in to the portal to see the details:\n{link}\n",
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
        notification.email_sent_at = timezone.now()
        _save(notification, reason="Email sent")
    return True
