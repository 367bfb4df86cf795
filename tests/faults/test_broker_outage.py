"""A broker outage only delays email: the four notifying actions answer as usual with Redis down,
every notification is written with its change, and each email goes once when the broker is back."""

import contextlib
import logging
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal import sweeps
from portal.models import Notification
from tests.factories import make_child
from tests.helpers import client_for
from tests.transfers.factories import draft_transfer, referred_transfer
from transfers.models import CinTransfer

# Nothing listens on the discard port: the connection is refused at once.
UNREACHABLE_BROKER = "redis://127.0.0.1:9/0"


def _reset_broker_pools(app) -> None:
    # The next publish picks its connection pool for the broker URL configured then (kombu keeps
    # one pool per URL, so the real broker's pool is there again afterwards).
    app._pool = None
    app.amqp._producer_pool = None


@contextlib.contextmanager
def broker_down():
    """Tasks go to a broker that cannot be reached (as in production: not eager)."""
    from config.celery import app

    saved = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, UNREACHABLE_BROKER
    _reset_broker_pools(app)
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        _reset_broker_pools(app)


def test_four_notifying_actions_answer_normally_with_the_broker_down_and_email_once_it_is_back(
    setup, django_capture_on_commit_callbacks, caplog
):
    north, south = setup.north, setup.south
    to_accept, to_decline, to_refer = referred_transfer(setup), referred_transfer(setup), draft_transfer(setup)
    child = make_child(worker=north.social_worker, team=north.cin)
    Notification.objects.all().delete()
    mail.outbox.clear()

    actions = [
        (
            south.cin_manager,
            reverse("transfers:cin_accept", args=[to_accept.pk]),
            {"team": south.cin.pk, "level_of_need": "4"},
        ),
        (south.cin_manager, reverse("transfers:cin_decline", args=[to_decline.pk]), {"reason": "Not living here"}),
        (north.social_worker, reverse("transfers:cin_check", args=[to_refer.pk]), {}),
        (
            north.cin_manager,
            reverse("portal:child_allocate", args=[child.pk]),
            {"team": north.cin.pk, "worker": north.social_worker.pk},
        ),
    ]
    caplog.set_level(logging.WARNING, logger="portal.queue")
    with broker_down():
        for user, url, data in actions:
            with django_capture_on_commit_callbacks(execute=True):
                response = client_for(user).post(url, data)
            assert response.status_code == 302, url

    for transfer in (to_accept, to_decline, to_refer):
        transfer.refresh_from_db()
    assert to_accept.state == CinTransfer.State.ACCEPTED
    assert to_decline.state in (CinTransfer.State.DECLINED, CinTransfer.State.DISPUTED)
    assert to_refer.state == CinTransfer.State.REFERRED
    for event in (f"{to_accept.pk}:accepted", f"{to_decline.pk}:declined", f"{to_refer.pk}:referred"):
        assert Notification.objects.filter(event_key=f"cin-transfer:{event}").exists(), event
    assert Notification.objects.filter(recipient=north.social_worker, event_key__startswith="child:").exists()
    owed = Notification.objects.exclude(recipient__email="")
    assert owed.count() >= 4
    assert not mail.outbox
    lines = [r for r in caplog.records if r.getMessage() == "task.not_queued"]
    assert len(lines) == owed.count()
    assert all(r.task == "portal.tasks.send_notification_email" and r.error == "OperationalError" for r in lines)

    # The broker is back; the resend sweep finds what was never sent (after its five minutes).
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=10))
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            sweeps.run("resend_unsent_notification_emails")
    assert len(mail.outbox) == owed.count()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(owed.values_list("recipient__email", flat=True))
    assert not Notification.objects.filter(pk__in=owed, email_sent_at__isnull=True).exists()
