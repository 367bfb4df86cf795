"""Celery tasks of the core: thin, primary keys in, idempotent."""

from smtplib import SMTPException

from celery import shared_task

from portal import services, sweeps


@shared_task(
    acks_late=True,
    autoretry_for=(SMTPException, OSError, ConnectionError),
    retry_backoff=30,
    retry_backoff_max=60 * 30,
    retry_jitter=True,
    max_retries=8,
)
def send_notification_email(notification_id: int) -> bool:
    return services.notification_email_send(notification_id=notification_id)


@shared_task(acks_late=True)
def run_sweep(name: str) -> str:
    return sweeps.run(name).outcome


@shared_task(acks_late=True)
def run_all_sweeps() -> list[str]:
    """Beat's single static entry: queue every registered sweep as its own task."""
    names = sweeps.registered_names()
    for name in names:
        run_sweep.delay(name)
    return names
