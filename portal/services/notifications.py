"""Notifications: an inbox item per (recipient, event key), and its email, sent once on commit.
The email carries no personal data about children: it points to the portal."""

import logging
import smtplib
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.access import require as _require
from portal.history import save as _save
from portal.logs import log_event
from portal.models import Notification, User
from portal.queue import enqueue

logger = logging.getLogger("portal.notifications")


class NotifiedOutsideTransaction(RuntimeError):
    """A notification was written outside the transaction of the change that causes it."""


def in_transaction() -> bool:
    """Whether the caller is inside a transaction (tests replace this to see past their own)."""
    return transaction.get_connection().in_atomic_block


def notify(
    *, recipient: User, event_key: str, subject: str, body: str = "", link: str = ""
) -> tuple[Notification, bool]:
    """Put an item in someone's inbox and email them, once per (recipient, event key).

    The inbox item is the outbox: it is written in the same transaction as the change that causes
    it (the caller's), so the change and everyone's notification commit together or not at all, and
    only the email goes after commit (the resend sweep catches any whose task was lost). Called
    outside a transaction, it refuses rather than tell people about a change that may not stand."""
    if not in_transaction():
        raise NotifiedOutsideTransaction("notify() runs inside the transaction of the change it tells people about")
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
        pk = notification.pk
        transaction.on_commit(lambda: notification_email_queue(notification_id=pk))
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


class TemporaryEmailFailure(Exception):
    """The mail server could not take the email now (a 4xx, a dropped connection): try again later."""


def notification_email_queue(*, notification_id: int) -> bool:
    """Queue one notification's email now (after commit, from `notify` or the resend sweep). When the
    broker takes it, the notification's chain is alive from now, so the sweep leaves it alone."""
    from portal.tasks import send_notification_email

    if not enqueue(send_notification_email, notification_id):
        return False
    Notification.objects.filter(pk=notification_id, email_sent_at__isnull=True).update(email_chain_at=timezone.now())
    return True


def notification_emails_queue(*, notification_ids: list[int]) -> int:
    """`notification_email_queue` for a sweep's batch (after its commit): each email is still its own
    task, but the chains the broker took are marked alive in one UPDATE, not one per email (issue 14).
    Returns how many were queued."""
    from portal.tasks import send_notification_email

    queued = [pk for pk in notification_ids if enqueue(send_notification_email, pk)]
    if queued:
        Notification.objects.filter(pk__in=queued, email_sent_at__isnull=True).update(email_chain_at=timezone.now())
    return len(queued)


def notification_email_send(*, notification_id: int) -> bool:
    """Send one notification's email unless it has gone (or failed) already. Returns whether it sent.

    A permanent refusal (an SMTP 5xx) marks the notification failed with the server's reason and is
    never tried again. A temporary failure counts the attempt and raises TemporaryEmailFailure, for
    the task to retry with backoff; the attempt that reaches PORTAL_EMAIL_MAX_ATTEMPTS marks it
    failed instead. Failed email is on the administrators' list (and the inbox item stays)."""
    retry_reason = ""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().select_related("recipient").get(pk=notification_id)
        if notification.email_sent_at is not None or notification.email_failed_at is not None:
            return False
        if not notification.recipient.email:
            return False
        now = timezone.now()
        notification.email_attempts += 1
        notification.email_chain_at = now
        link = f"{settings.PORTAL_BASE_URL}{notification.link}" if notification.link else settings.PORTAL_BASE_URL
        try:
            send_mail(
                subject=f"Information Sharing Portal: {notification.subject}",
                message=f"{notification.subject}\n\nSign in to the portal to see the details:\n{link}\n",
                from_email=None,
                recipient_list=[notification.recipient.email],
            )
        except (smtplib.SMTPException, OSError) as error:
            code, reason = _smtp_failure(error)
            permanent = code is not None and 500 <= code < 600
            out_of_attempts = notification.email_attempts >= settings.PORTAL_EMAIL_MAX_ATTEMPTS
            if permanent or out_of_attempts:
                notification.email_failed_at = now
                notification.email_failure = (
                    f"Refused by the mail server: {reason}"
                    if permanent
                    else f"Gave up after {notification.email_attempts} attempts: {reason}"
                )[:300]
                _save(notification, reason="Email failed")
                log_event(
                    logger,
                    "email.failed",
                    level=logging.ERROR,
                    notification=notification.pk,
                    code=code,
                    attempts=notification.email_attempts,
                    permanent=permanent,
                )
                return False
            _save(notification, reason="Email attempt failed")
            retry_reason = reason
        else:
            notification.email_sent_at = now
            _save(notification, reason="Email sent")
            return True
    # Outside the transaction, so the attempt counted above stands when the task retries.
    raise TemporaryEmailFailure(retry_reason)


def _smtp_failure(error: BaseException) -> tuple[int | None, str]:
    """The SMTP reply code (None for a dropped connection) and the reason, for the administrators.
    A refused recipient's reply names the address: the reason keeps the code and text only."""
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code, text = min(error.recipients.values(), key=lambda reply: reply[0])
        return code, f"{code} {_text(text)}"
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code, f"{error.smtp_code} {_text(error.smtp_error)}"
    return None, type(error).__name__


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
