"""The core's sweeps: time-limited access closes, and emails that never went are sent."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from portal import services, sweeps
from portal.models import ChildAccessGrant, Notification
from tests.factories import make_child
from tests.helpers import told
from tests.portal.services import visible


def test_expired_time_limited_access_is_closed_by_the_sweep(setup, time_machine):
    north = setup.north
    child = make_child(worker=north.social_worker, team=north.cin)
    services.child_access_grant(
        child=child,
        basis=ChildAccessGrant.Basis.EMERGENCY,
        level="view",
        user=setup.south.screener,
        expires_at=timezone.now() + timedelta(hours=4),
    )
    assert visible(setup.south.screener, child)
    time_machine.move_to(timezone.now() + timedelta(hours=5))
    assert sweeps.run("expire_child_access").counts == {"grants_closed": 1}
    assert not visible(setup.south.screener, child)
    assert sweeps.run("expire_child_access").counts == {"grants_closed": 0}


def test_unsent_emails_are_picked_up_by_the_sweep(setup, time_machine, django_capture_on_commit_callbacks):
    user = setup.north.social_worker
    notification, _ = told(recipient=user, event_key="e:3", subject="Hello")
    # As if the broker lost the message: the email never went.
    Notification.objects.filter(pk=notification.pk).update(email_sent_at=None)
    mail.outbox.clear()
    time_machine.move_to(timezone.now() + timedelta(minutes=10))
    with django_capture_on_commit_callbacks(execute=True):
        assert sweeps.run("resend_unsent_notification_emails").counts == {"emails_enqueued": 1}
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert sweeps.run("resend_unsent_notification_emails").counts == {"emails_enqueued": 0}
    assert len(mail.outbox) == 1
