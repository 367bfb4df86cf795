"""Putting work on the broker after commit, without letting a broker outage fail the request.

The database is the record of what is owed (DESIGN §7): a notification's row is its outbox entry,
a deadline is a row a sweep reads. The broker only carries work. So when the broker cannot be
reached, the change has committed and stands; the request answers as usual, one structured line
says the task was not queued, and the sweep that looks for unsent work (the resend sweep for emails)
queues it when the broker is back.
"""

import logging
from typing import Any

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnavailable
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from portal.logs import log_event

logger = logging.getLogger("portal.queue")

BROKER_ERRORS: tuple[type[BaseException], ...] = (BrokerUnavailable, RedisConnectionError, RedisTimeoutError)


def enqueue(task: Task, *args: Any) -> bool:
    """Queue `task(*args)` now. Returns False (and logs) when the broker cannot take it."""
    try:
        task.delay(*args)
    except BROKER_ERRORS as error:
        log_event(logger, "task.not_queued", level=logging.WARNING, task=task.name, error=type(error).__name__)
        return False
    return True


def enqueue_on_commit(task: Task, *args: Any) -> None:
    """Queue `task(*args)` once the current transaction commits (never if it rolls back)."""
    transaction.on_commit(lambda: enqueue(task, *args))
