"""How long a session has left: an idle timeout (PORTAL_IDLE_TIMEOUT_SECONDS without a request)
and an absolute limit (SESSION_COOKIE_AGE from signing in, however busy). Both are kept in the
session itself, as Unix times, so every web process agrees."""

import time

from django.conf import settings

STARTED = "accounts.signed_in_at"
LAST_SEEN = "accounts.last_seen_at"
# Activity is written at most this often: one session write a minute, not one per request.
RECORD_EVERY_SECONDS = 30


def start(session) -> None:
    now = time.time()
    session[STARTED] = now
    session[LAST_SEEN] = now


def seconds_left(session, now: float | None = None) -> float:
    now = time.time() if now is None else now
    started = session.get(STARTED, now)
    last_seen = session.get(LAST_SEEN, now)
    idle_left = settings.PORTAL_IDLE_TIMEOUT_SECONDS - (now - last_seen)
    absolute_left = settings.SESSION_COOKIE_AGE - (now - started)
    return min(idle_left, absolute_left)


def why_ended(session, now: float | None = None) -> str:
    """ "idle", "limit", or "" while the session may go on."""
    now = time.time() if now is None else now
    if STARTED not in session:
        return ""
    if now - session[STARTED] > settings.SESSION_COOKIE_AGE:
        return "limit"
    if now - session.get(LAST_SEEN, now) > settings.PORTAL_IDLE_TIMEOUT_SECONDS:
        return "idle"
    return ""


def record_activity(session, *, force: bool = False) -> None:
    now = time.time()
    if STARTED not in session:
        start(session)
    elif force or now - session.get(LAST_SEEN, 0) >= RECORD_EVERY_SECONDS:
        session[LAST_SEEN] = now
