"""Notifications: one inbox item and one email per recipient and event."""

import pytest
from django.core import mail

from portal import services
from portal.models import Notification
from tests.helpers import told


def test_notify_is_idempotent_per_recipient_and_event(setup, django_capture_on_commit_callbacks):
    user = setup.north.social_worker
    with django_capture_on_commit_callbacks(execute=True):
        _, created = told(recipient=user, event_key="e:1", subject="Hello", link="/")
        _, again = told(recipient=user, event_key="e:1", subject="Hello", link="/")
    assert created and not again
    assert Notification.objects.filter(recipient=user).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert Notification.objects.get(recipient=user).email_sent_at is not None


def test_notification_email_is_sent_once_even_if_the_task_runs_twice(setup):
    user = setup.north.social_worker
    notification, _ = told(recipient=user, event_key="e:2", subject="Hello")
    mail.outbox.clear()
    Notification.objects.filter(pk=notification.pk).update(email_sent_at=None)
    assert services.notification_email_send(notification_id=notification.pk) is True
    assert services.notification_email_send(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1
    # The email points to the portal and carries no case details.
    assert "Sign in to the portal" in mail.outbox[0].body


def test_notify_refuses_outside_the_transaction_of_a_change(setup):
    """The inbox item is the outbox: written with the change or not at all (a service that forgot its
    transaction fails here, in its tests, not silently in production)."""
    with pytest.raises(services.NotifiedOutsideTransaction):
        services.notify(recipient=setup.north.social_worker, event_key="e:outside", subject="Hello")
    assert not Notification.objects.filter(event_key="e:outside").exists()
