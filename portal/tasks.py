"""Celery tasks of the core: thin, primary keys in, idempotent."""

import logging
import traceback

from celery import shared_task
from celery.signals import task_failure, task_retry
from django.conf import settings
from django.db import DatabaseError

from portal import services, sweeps
from portal.logs import log_event
from portal.services.notifications import TemporaryEmailFailure

logger = logging.getLogger("portal.tasks")


@shared_task(
    acks_late=True,
    # A temporary mail failure (counted on the notification) or the database going away: retried
    # with backoff. The service itself marks the email failed at PORTAL_EMAIL_MAX_ATTEMPTS, so the
    # task's own limit is only a backstop.
    autoretry_for=(TemporaryEmailFailure, DatabaseError),
    retry_backoff=30,
    retry_backoff_max=60 * 30,
    retry_jitter=True,
    max_retries=settings.PORTAL_EMAIL_MAX_ATTEMPTS,
)
def send_notification_email(notification_id: int) -> bool:
    return services.notification_email_send(notification_id=notification_id)


@shared_task(
    acks_late=True,
    # A sweep that hit a database error (a dropped connection, a failover) runs again soon, with
    # backoff, rather than waiting for the next minute's beat; each item it handles is its own
    # transaction, so a second run only does what the first did not.
    autoretry_for=(DatabaseError,),
    retry_backoff=5,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=5,
)
def run_sweep(name: str) -> dict[str, int]:
    return sweeps.run(name).counts


@shared_task(acks_late=True)
def run_all_sweeps() -> list[str]:
    """Beat's single static entry: queue every registered sweep as its own task."""
    names = sweeps.registered_names()
    for name in names:
        run_sweep.delay(name)
    return names


# --- Operational logs: every task failure and retry, one line each --------------------------------
# The exception's class and where it was raised, never its message: a database error quotes the
# values it refused, and those can be a child's details.


def _where(tb) -> str:
    frames = traceback.extract_tb(tb) if tb is not None else []
    return f"{frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}" if frames else ""


@task_failure.connect
def _log_task_failure(sender=None, task_id=None, exception=None, traceback=None, **kwargs) -> None:
    log_event(
        logger,
        "task.failed",
        level=logging.ERROR,
        task=getattr(sender, "name", str(sender)),
        task_id=task_id,
        error=type(exception).__name__,
        where=_where(traceback),
    )


@task_retry.connect
def _log_task_retry(sender=None, request=None, reason=None, einfo=None, **kwargs) -> None:
    log_event(
        logger,
        "task.retrying",
        level=logging.WARNING,
        task=getattr(sender, "name", str(sender)),
        task_id=getattr(request, "id", None),
        retries=getattr(request, "retries", None),
        error=type(reason).__name__,
        where=_where(getattr(einfo, "tb", None)),
    )
