"""Settings for the test suite. DATABASE_URL and REDIS_URL come from the environment in CI."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Tests call task bodies directly or run a real worker (tests marked `celery_worker`); anything a
# service enqueues during an ordinary test runs eagerly so the test sees its effect.
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files are served from the finders in tests; there is no collected STATIC_ROOT.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The suite travels in time (hours and days, for the clocks) with one signed-in client. Sessions end
# only at the absolute limit here, as before the idle timeout; tests/accounts sets the idle timeout
# it tests (30 minutes, the default everywhere else).
PORTAL_IDLE_TIMEOUT_SECONDS = SESSION_COOKIE_AGE  # noqa: F405
