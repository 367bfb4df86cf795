"""The embedded default for `make run`: DEBUG on, SQLite, Celery eager unless REDIS_URL is set."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
