"""Project configuration: settings, root URLs, WSGI/ASGI and the Celery app (DESIGN §3)."""

# The Celery app is loaded with Django so that `delay_on_commit` uses the portal's configuration.
from .celery import app as celery_app

__all__ = ("celery_app",)
