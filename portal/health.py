"""Health endpoints for the operator's probes (no sign-in, nothing about a person).

* `/healthz` — liveness: the process answers. It checks nothing else, so a database or broker
  outage never gets healthy web processes restarted.
* `/readyz` — readiness and alerting: the database answers, the broker answers (when one is
  configured), and every registered sweep has succeeded in the last PORTAL_SWEEP_STALE_MINUTES.
  503 with the failing checks named otherwise.
"""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal import sweeps
from portal.logs import log_event

logger = logging.getLogger("portal.health")


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, object] = {"database": _database(), "broker": _broker()}
    checks["sweeps"] = _sweeps() if checks["database"] == "ok" else "unknown"
    ready = all(value in ("ok", "not used") for value in checks.values())
    if not ready:
        log_event(logger, "readiness.failed", level=logging.WARNING, checks=_flat(checks))
    return JsonResponse({"status": "ready" if ready else "not ready", "checks": checks}, status=200 if ready else 503)


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return f"failing: {type(error).__name__}"
    return "ok"


def _broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        return "not used"
    import redis

    try:
        client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=2, socket_timeout=2)
        client.ping()
        client.close()
    except redis.RedisError as error:
        return f"failing: {type(error).__name__}"
    return "ok"


def _sweeps() -> object:
    try:
        late = sweeps.stale(minutes=settings.PORTAL_SWEEP_STALE_MINUTES)
    except DatabaseError as error:
        return f"failing: {type(error).__name__}"
    return {"stale": late} if late else "ok"


def _flat(checks: dict[str, object]) -> dict[str, str]:
    return {key: value if isinstance(value, str) else "stale" for key, value in checks.items()}
