"""Settings shared by every environment, read from the environment (django-environ).

The embedded default (no environment at all) is SQLite with Celery running tasks eagerly, so a
fresh clone runs with `make run` and nothing else. Production sets DATABASE_URL, REDIS_URL,
SECRET_KEY and ALLOWED_HOSTS and uses config.settings.production.
"""

from datetime import date, timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-only-for-the-embedded-default")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "simple_history",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Before accounts: its receivers see what axes decided about a failed sign-in.
    "axes",
    "portal",
    # After portal: its admin extends portal's user admin.
    "accounts",
    "sharing",
    "referrals",
    "transfers",
    "early_intervention",
    "intelligence",  # issue 16 §1
    "meetings",  # issue 16 part 2: professionals meetings
    "subject_rights",
    # Retention (issue 17): after the apps whose records it reviews.
    "retention",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before whitenoise, so static files carry the Permissions-Policy too.
    "portal.middleware.ResponseHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The signed-in user's roles, permissions and teams, read once per GET (issue 14).
    "portal.viewer.ViewerMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Before any view (and CSRF's process_view) reads the body.
    "portal.middleware.RequestSizeLimitMiddleware",
    # Last: turns a sign-in refused by the lockout into the GOV.UK "Sign-in is paused" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
                "portal.context_processors.contacts",
                "accounts.context_processors.sign_in",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Each worker keeps its connection between requests (checked before reuse): a new connection per
# request costs a PostgreSQL backend's start and the warming of its catalogue caches for every table
# a page touches, which a page touching thirty tables paid on every request (issue 14).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several people (and the eager Celery tasks) write at once on the embedded default.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "portal.User"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out name or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's model permissions, read once per request with the roles and teams (portal.viewer).
    "portal.viewer.PortalModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Guardian: the anonymous user is never given object permissions here.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
# Never set GUARDIAN_AUTO_PREFETCH: it breaks direct foreign-key permission checks (DESIGN §5).

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded documents. Nothing serves this folder by URL (no media route, not under a static root:
# the `portal.E001` check says so); documents are downloaded through views that check access.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
# Only the portal's own user reads or writes what was uploaded.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Uploads are checked for type and size by each form (portal.documents, 10MB). A request larger than
# this is refused before anything reads its body (portal.middleware.RequestSizeLimitMiddleware).
PORTAL_MAX_REQUEST_BYTES = env.int("PORTAL_MAX_REQUEST_BYTES", default=11 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A council's antivirus: the dotted path of `scan(*, name, data)`, which raises
# portal.documents.DocumentRefused for a file it refuses. None by default.
PORTAL_UPLOAD_SCANNER = env("PORTAL_UPLOAD_SCANNER", default="")

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Content Security Policy (Django 6): only our own origin, and inline scripts only with a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
# The portal uses none of these browser features (portal.middleware sends this on every response).
PORTAL_PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "usb",
    ]
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# The absolute limit: a session ends this long after signing in, however busy (accounts.sessions).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)

# --- Signing in (accounts) ----------------------------------------------------------------------
# A session also ends after this long without a request, with a warning in the page first.
PORTAL_IDLE_TIMEOUT_SECONDS = env.int("PORTAL_IDLE_TIMEOUT_MINUTES", default=30) * 60
PORTAL_IDLE_WARNING_SECONDS = 2 * 60
# Two-factor sign-in (django-otp: an authenticator app, and backup codes). When required, a person
# who has not set up an app is sent to set one up; an app once set up is always asked for.
PORTAL_REQUIRE_2FA = env.bool("PORTAL_REQUIRE_2FA", default=False)
OTP_TOTP_ISSUER = "Information Sharing Portal"
# Lockout (django-axes): the sixth wrong password in a row for a name pauses sign-in for that name;
# one address gets more tries across names (an office shares one address) before it is paused.
AXES_HANDLER = "accounts.lockout.SignInAttemptHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = 6
PORTAL_SIGN_IN_ADDRESS_FAILURE_LIMIT = env.int("PORTAL_SIGN_IN_ADDRESS_FAILURE_LIMIT", default=30)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("PORTAL_LOCKOUT_MINUTES", default=30))
# Attempts while paused do not extend the pause: its owner can sign in once it ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out_response"
AXES_CLIENT_IP_CALLABLE = "accounts.addresses.client_address"
# The portal's own sign-in audit (accounts.SignInEvent) records sign-ins and failures.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Reverse proxies in front of the portal whose X-Forwarded-For is trusted (accounts.addresses).
PORTAL_TRUSTED_PROXIES = env.int("PORTAL_TRUSTED_PROXIES", default=0)


def mailers_from_url(url: str) -> dict:
    """Django's MAILERS from one URL, e.g. smtp+tls://user:password@smtp.example.org:587."""
    config = environ.Env.email_url_config(url)
    backend = config["EMAIL_BACKEND"]
    if backend != "django.core.mail.backends.smtp.EmailBackend":
        return {"default": {"BACKEND": backend}}
    options = {
        "host": config.get("EMAIL_HOST", ""),
        "port": config.get("EMAIL_PORT") or 25,
        "username": config.get("EMAIL_HOST_USER", ""),
        "password": config.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": bool(config.get("EMAIL_USE_TLS", False)),
        "use_ssl": bool(config.get("EMAIL_USE_SSL", False)),
        "timeout": 20,
    }
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


# Email: the console backend unless EMAIL_URL configures SMTP.
MAILERS = mailers_from_url(env("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Information Sharing Portal <no-reply@portal.invalid>")
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
# A temporary mail failure is tried this many times in all (with backoff), then the email is marked
# failed for the administrators; a permanent refusal (SMTP 5xx) is marked failed at once.
PORTAL_EMAIL_MAX_ATTEMPTS = env.int("PORTAL_EMAIL_MAX_ATTEMPTS", default=6)
# Where "contact MAST" appears, the number to call (and on the accessibility statement, the number to
# report a problem). The default is in Ofcom's range kept for drama: set the real one per deployment.
PORTAL_MAST_PHONE = env("PORTAL_MAST_PHONE", default="01632 960 000")
PORTAL_ACCESSIBILITY_EMAIL = env("PORTAL_ACCESSIBILITY_EMAIL", default="accessibility@example.gov.uk")

# Celery. Deadlines live in the database; the broker only carries work (DESIGN §7).
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that queues work after commit waits at most a few seconds for a broker that is down
# (portal.queue logs it and the sweeps queue the work later), never the TCP timeout.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
CELERY_BEAT_SCHEDULE = {
    # One static entry: the sweep dispatcher runs every sweep an app has registered (portal.sweeps).
    "run-registered-sweeps": {
        "task": "portal.tasks.run_all_sweeps",
        # Every minute: sweeps are cheap queries, and time-limited access must end on time.
        "schedule": env.int("SWEEP_INTERVAL_SECONDS", default=60),
    },
}

# /readyz fails when a registered sweep has not succeeded for this long (beat runs them every minute).
PORTAL_SWEEP_STALE_MINUTES = env.int("PORTAL_SWEEP_STALE_MINUTES", default=10)

# `manage.py seed_demo` makes invented people whose password is published: never in production.
PORTAL_ALLOW_DEMO_DATA = True

# Emergency ("break-glass") access lasts this long; the sweep closes it (runs every sweep interval).
EMERGENCY_ACCESS_HOURS = env.int("EMERGENCY_ACCESS_HOURS", default=4)
# Each emergency-access search is logged with its reason; a user may make this many in an hour.
EMERGENCY_SEARCHES_PER_HOUR = env.int("EMERGENCY_SEARCHES_PER_HOUR", default=5)

# Clocks (DESIGN §10).
TRANSFER_DECISION_DAYS = env.int("TRANSFER_DECISION_DAYS", default=15)
TRANSFER_DECISION_DAY_KIND = env("TRANSFER_DECISION_DAY_KIND", default="calendar")
# A dispute still open after this many working days goes to level 2 (both authorities' Caldicott
# Guardians and heads of service).
TRANSFER_DISPUTE_LEVEL_TWO_WORKING_DAYS = env.int("TRANSFER_DISPUTE_LEVEL_TWO_WORKING_DAYS", default=5)
# A draft transfer whose move date has passed reminds its worker daily, and goes to the team manager
# this many working days after the move (DESIGN §5: the referral "should be made immediately").
TRANSFER_REFERRAL_ESCALATE_WORKING_DAYS = env.int("TRANSFER_REFERRAL_ESCALATE_WORKING_DAYS", default=2)

# --- The Children's Wellbeing and Schools Act 2026 (issue 16) ---------------------------------
# The day the duty to share (Children Act 2004 s16LA) and the consistent identifier (s16LC)
# commence, set by regulations: sharing decisions, referrals, transfers and Early Intervention moves
# made on or after it (its Europe/London date) follow them. Set it (YYYY-MM-DD) to the date the
# commencement regulations give; the default is the portal's working assumption until they are made.
PORTAL_CWSA_2026_COMMENCEMENT = date.fromisoformat(env("PORTAL_CWSA_2026_COMMENCEMENT", default="2026-04-01"))
# --- end Children's Wellbeing and Schools Act 2026 ----------------------------------------------

# Escalations always reach someone (DESIGN §10): when nobody in the organisation can take one (a
# school or police force with no Caldicott Guardian or lead information officer on the portal), it
# goes to these roles in the local authority whose area the organisation serves.
PORTAL_ESCALATION_FALLBACK_ROLES = env.list(
    "PORTAL_ESCALATION_FALLBACK_ROLES", default=["caldicott_guardian", "lead_information_officer"]
)

# Operational logs (portal.logs): one structured line per event, never personal data. JSON in
# production (LOG_FORMAT=json there), `key=value` lines a person can read elsewhere.
LOG_FORMAT = env("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"()": "portal.logs.KeyValueFormatter"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # Request bodies and query strings are never logged: they can hold personal data.
    "loggers": {
        "django.server": {"level": "WARNING"},
        # Axes writes names and addresses into its lines; the portal logs sign-in events itself
        # (accounts.services), with primary keys only.
        "axes": {"level": "ERROR"},
        # Celery's own per-task lines are noise; the portal logs task failures and retries itself
        # (portal.tasks), without the exception's message.
        "celery.app.trace": {"level": env("CELERY_TRACE_LOG_LEVEL", default="CRITICAL")},
    },
}
