"""Failed email is a state: a permanent refusal (SMTP 5xx) marks the notification failed with the
server's reason and is never tried again; temporary failures are retried with backoff up to the
limit and then fail visibly too; the administrators see failed email, the recipient's inbox keeps the
item; and the resend sweep never starts a second chain for a notification already in one."""

import smtplib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import services, sweeps, tasks
from portal.models import Notification
from portal.services import notifications
from tests.factories import UserFactory
from tests.helpers import client_for


class MailServer:
    """Stands in for send_mail: answers each call with the next reply (an exception, or None: sent)."""

    def __init__(self, *replies):
        self.replies, self.calls = list(replies), 0

    def __call__(self, **kwargs):
        self.calls += 1
        reply = self.replies[min(self.calls, len(self.replies)) - 1]
        if reply is not None:
            raise reply
        return 1


def refused(user):
    return smtplib.SMTPRecipientsRefused({user.email: (550, b"5.1.1 Mailbox unavailable")})


def busy():
    return smtplib.SMTPResponseException(451, b"4.3.0 Try again later")


@pytest.fixture
def owed(db):
    user = UserFactory()
    return Notification.objects.create(recipient=user, event_key="k", subject="Screening outcome", link="/")


def test_a_permanent_refusal_marks_the_email_failed_with_the_reason_and_stops(owed, monkeypatch, settings):
    server = MailServer(refused(owed.recipient))
    monkeypatch.setattr(notifications, "send_mail", server)

    assert tasks.send_notification_email(owed.pk) is False

    owed.refresh_from_db()
    assert owed.email_failed_at is not None and owed.email_sent_at is None
    assert owed.email_failure == "Refused by the mail server: 550 5.1.1 Mailbox unavailable"
    assert owed.recipient.email not in owed.email_failure
    assert owed.email_attempts == 1 and server.calls == 1
    # Not again: not by the task delivered twice, not by the resend sweep.
    assert services.notification_email_send(notification_id=owed.pk) is False
    Notification.objects.filter(pk=owed.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert sweeps.run("resend_unsent_notification_emails").counts == {"emails_enqueued": 0}
    assert server.calls == 1


def _as_the_worker(notification) -> int:
    """Run the email task's body as a worker does: again after each temporary failure (the task
    retries it with backoff). Returns how many times it ran."""
    runs = 0
    while True:
        runs += 1
        try:
            tasks.send_notification_email(notification.pk)
        except services.TemporaryEmailFailure:
            assert runs <= tasks.send_notification_email.max_retries
            continue
        return runs


def test_temporary_failures_retry_up_to_the_limit_then_fail_visibly(owed, monkeypatch, settings):
    server = MailServer(busy())
    monkeypatch.setattr(notifications, "send_mail", server)
    task = tasks.send_notification_email
    assert services.TemporaryEmailFailure in task.autoretry_for
    assert task.retry_backoff == 30 and task.retry_backoff_max == 1800
    assert task.max_retries >= settings.PORTAL_EMAIL_MAX_ATTEMPTS - 1

    assert _as_the_worker(owed) == settings.PORTAL_EMAIL_MAX_ATTEMPTS

    owed.refresh_from_db()
    assert server.calls == settings.PORTAL_EMAIL_MAX_ATTEMPTS
    assert owed.email_attempts == settings.PORTAL_EMAIL_MAX_ATTEMPTS
    assert (
        owed.email_failure == f"Gave up after {settings.PORTAL_EMAIL_MAX_ATTEMPTS} attempts: 451 4.3.0 Try again later"
    )
    assert tasks.send_notification_email(owed.pk) is False and server.calls == settings.PORTAL_EMAIL_MAX_ATTEMPTS


def test_a_temporary_failure_then_success_sends_once(owed, monkeypatch):
    server = MailServer(busy(), ConnectionRefusedError(), None)
    monkeypatch.setattr(notifications, "send_mail", server)

    assert _as_the_worker(owed) == 3

    owed.refresh_from_db()
    assert server.calls == 3 and owed.email_attempts == 3
    assert owed.email_sent_at is not None and owed.email_failed_at is None


def test_the_resend_sweep_never_starts_a_second_chain(owed, monkeypatch, django_capture_on_commit_callbacks):
    queued = []
    monkeypatch.setattr(notifications, "enqueue", lambda task, pk: queued.append(pk) or True)
    long_ago = timezone.now() - timedelta(hours=2)

    def sweep() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return sweeps.run("resend_unsent_notification_emails").counts["emails_enqueued"]

    # Retrying now (tried a minute ago): left alone, however old the notification.
    Notification.objects.filter(pk=owed.pk).update(
        created_at=long_ago, email_chain_at=timezone.now() - timedelta(minutes=1), email_attempts=2
    )
    assert sweep() == 0
    # Its chain has shown no life for longer than any backoff: lost with the broker, so queued again,
    # once: the queueing itself marks the chain alive.
    Notification.objects.filter(pk=owed.pk).update(email_chain_at=long_ago)
    assert sweep() == 1
    assert sweep() == 0
    assert queued == [owed.pk]


def test_failed_email_is_on_the_administrators_list_and_still_in_the_inbox(owed, monkeypatch):
    monkeypatch.setattr(notifications, "send_mail", MailServer(refused(owed.recipient)))
    services.notification_email_send(notification_id=owed.pk)
    sent = Notification.objects.create(recipient=UserFactory(), event_key="ok", subject="Delivered fine")
    Notification.objects.filter(pk=sent.pk).update(email_sent_at=timezone.now())
    admin = UserFactory(username="site.admin", is_staff=True, is_superuser=True)

    listing = client_for(admin).get(reverse("admin:portal_notification_changelist") + "?email=failed")

    content = listing.content.decode()
    assert listing.status_code == 200
    assert "Screening outcome" in content and "550 5.1.1 Mailbox unavailable" in content
    assert "Delivered fine" not in content
    inbox = client_for(owed.recipient).get(reverse("portal:notification_list")).content.decode()
    assert "Screening outcome" in inbox and "We could not email you this" in inbox
