"""Task bodies called directly, and the same tasks on a real Celery worker through Redis."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from portal import sweeps, tasks
from portal.models import Notification
from tests.factories import UserFactory
from tests.helpers import wait_for


def test_every_registered_sweep_runs_from_the_command(db, capsys):
    call_command("run_sweeps")
    out = capsys.readouterr().out
    for name in sweeps.registered_names():
        assert f"sweep={name} " in out
    assert "expire_child_access" in sweeps.registered_names()


def test_run_sweeps_refuses_an_unknown_name(db, capsys):
    with pytest.raises(SystemExit):
        call_command("run_sweeps", "no_such_sweep")


def test_the_beat_schedule_is_one_static_dispatcher(settings):
    entries = settings.CELERY_BEAT_SCHEDULE
    assert {e["task"] for e in entries.values()} == {"portal.tasks.run_all_sweeps"}
    from config.celery import app

    assert app.conf.timezone == "Europe/London"
    assert "portal.tasks.run_all_sweeps" in app.tasks
    assert tasks.send_notification_email.acks_late is True


def test_the_email_task_body_is_idempotent(db):
    user = UserFactory()
    notification = Notification.objects.create(recipient=user, event_key="k", subject="Hello")
    assert tasks.send_notification_email(notification.pk) is True
    assert tasks.send_notification_email(notification.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.celery_worker
def test_a_notification_email_is_sent_by_a_real_worker_through_redis(celery_worker):
    user = UserFactory()
    notification = Notification.objects.create(recipient=user, event_key="worker", subject="Screening outcome")

    result = tasks.send_notification_email.delay(notification.pk)
    assert result.id  # went through the broker, not run in this thread

    assert wait_for(lambda: Notification.objects.get(pk=notification.pk).email_sent_at is not None)
    assert [m.to for m in mail.outbox] == [[user.email]]
    # Delivered twice by the broker (acks_late): still one email.
    tasks.send_notification_email.delay(notification.pk)
    time.sleep(1)
    assert len(mail.outbox) == 1


@pytest.mark.celery_worker
def test_the_sweep_dispatcher_runs_every_sweep_on_a_real_worker(celery_worker):
    user = UserFactory()
    # An email the broker lost: created long ago, never sent.
    Notification.objects.create(
        recipient=user,
        event_key="lost",
        subject="Lost",
        created_at=timezone.now() - timedelta(hours=1),
    )
    tasks.run_all_sweeps.delay()
    assert wait_for(lambda: len(mail.outbox) == 1)
    tasks.run_all_sweeps.delay()
    time.sleep(2)
    assert len(mail.outbox) == 1
