"""Settings for the training project.

Everything that differs between a laptop and a server comes from the environment.
With nothing set, the app runs in development mode on a local SQLite file.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-not-secret"  # noqa: S105 - never used with DEBUG off
# Rotating the key: put the new one in DJANGO_SECRET_KEY and the old one here (comma
# separated) until sessions, reset links and signed values made with it have expired.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS", "")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",  # django-bootstrap-static: Bootstrap's CSS served locally
    "axes",  # django-axes: login throttling
    "csp",  # django-csp: the Content-Security-Policy header
    "import_export",  # django-import-export: trainees imported from CSV or XLSX
    "django_tasks",
    "django_tasks_db",  # the task queue in the database: `manage.py db_worker` runs it
    "auditlog",  # django-auditlog: who changed a group, an assignment or a trainee, and how
    "lti_tool",  # django-lti: LTI 1.3 platforms, deployments, keys, launches (quiz/lti/)
    "quiz",
]

MIDDLEWARE = [
    "quiz.health.HealthCheckMiddleware",  # first: a balancer's Host is not refused
    "django.middleware.security.SecurityMiddleware",
    "quiz.bad_requests.RefuseBadInputMiddleware",  # a 400, not a database error
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "quiz.lti.frames.LtiFrameMiddleware",  # framed by a registered LMS only (quiz/lti/)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "quiz.audit.AuditActorMiddleware",  # a change made in the admin names its user
    "quiz.zones.TimeZoneMiddleware",  # times in the trainee's own zone (static/js/time-zone.js)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "quiz.errors.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "training.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "training.wsgi.application"


def sqlite_database(path: Path) -> dict:
    """SQLite tuned for several trainees writing at once.

    WAL lets readers run beside a writer; IMMEDIATE transactions take the write lock
    at BEGIN, so two submits queue on the busy timeout instead of failing with
    "database is locked" when a read lock is upgraded.
    """
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
        # A file, not memory, so tests see the same locking as the app; one per process
        # so that two test runs on one machine never share it.
        "TEST": {"NAME": BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3"},
    }


DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL.startswith("sqlite:"):
    # A SQLite file of one's choice, with the same tuning.
    DATABASES = {"default": sqlite_database(Path(dj_database_url.parse(DATABASE_URL)["NAME"]))}
elif DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_health_checks=True)}
else:
    DATABASES = {"default": sqlite_database(BASE_DIR / "var" / "db.sqlite3")}

# --- Production: connections, the shared cache, sessions, logging ---------------------
# A gunicorn worker is one process with one thread: it keeps its database connection
# between requests (checked before reuse) rather than opening one for every request.
# (A SQLite file replaced under the server, a backup restored, is noticed by
# quiz/database_file.py, which closes a connection kept on the old file.)
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DJANGO_CONN_MAX_AGE", "600"))

# Nothing shared lives in a worker's memory, so app servers are interchangeable. With
# REDIS_URL the cache is Redis, shared by every app server; without it, files that the
# workers of one machine share (so more than one machine needs REDIS_URL). Sessions are
# kept in the database and read through this cache, which saves a query on every request.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # An unreachable Redis fails a request's cache call in a second, not never.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": BASE_DIR / "var" / "cache",
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    }
# Django's cached_db sessions, except that a cache outage costs a query, not a 500.
SESSION_ENGINE = "quiz.accounts.sessions"

# Errors go to stderr, where gunicorn (or the service manager) collects them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "ERROR")}
    },
}
# --- end of the production block --------------------------------------------------------

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# OWASP ASVS level 1: at least 12 characters, any length up to far beyond 128 (Django sets
# no maximum), no rule on which kinds of character to use (so no NumericPasswordValidator),
# and not one of the common passwords Django ships.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "quiz.accounts.passwords.BreachedPasswordValidator"},
]

# django-axes checks every login against the failures recorded in the database, so the
# limit holds across workers and machines.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "quiz:list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns at every start without it
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Login throttling (django-axes) ---------------------------------------------------
# Five failed logins for one account from one address pause that account's logins from
# that address for 15 minutes; 100 failures from one address, whatever the accounts, pause
# every login from it. An account is never locked at every address, so nobody can lock its
# owner out from elsewhere. The address limit is set for a classroom behind one NAT: thirty
# trainees who each mistype their password three times in a quarter of an hour stay under
# it, while a guesser from one address gets at most four tries per account and 100 in all.
# Failures are stored in the database, shared by every worker and app server.
AXES_HANDLER = "quiz.accounts.throttling.AccountAndAddressHandler"
AXES_FAILURE_LIMIT = 5
LOGIN_ADDRESS_FAILURE_LIMIT = 100
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True  # only the account's own failures at that address
AXES_LOCKOUT_CALLABLE = "quiz.accounts.throttling.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # successful logins need no record of their own
# Never stored in clear in the failure records (axes always hides "password").
AXES_SENSITIVE_PARAMETERS = ["password1", "password2", "old_password", "new_password1"]
# The address comes from REMOTE_ADDR. Behind a reverse proxy, name the header the proxy
# sets (for example DJANGO_CLIENT_IP_HEADER=HTTP_X_REAL_IP) so each client counts alone.
CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER", "")
AXES_CLIENT_IP_CALLABLE = "quiz.accounts.throttling.client_network"  # IPv6 by /64
# The signed cookie that lets an owner past a lock on their address (throttling.py).
KNOWN_DEVICE_COOKIE_NAME = "known_device"
AXES_USERNAME_CALLABLE = "quiz.accounts.throttling.client_username"

# --- Rate limits (django-ratelimit, quiz/ratelimits.py) --------------------------------
# Counted in the shared cache; "N/p" is N requests per second (s), minute (m) or hour (h).
# Sign-up by address is generous for a class signing up behind one NAT; resets are mail.
RATE_LIMITS = {
    "signup": "50/h",  # per address
    "signup_email": "3/h",  # per email address signed up with: each gets a mail
    "confirm_resend": "20/h",  # new confirmation links asked for, per address
    "confirm_resend_email": "3/h",  # per email address they go to
    "email_change": "5/h",  # new addresses asked for, per trainee
    "email_change_address": "3/h",  # per new address: each gets a mail
    "password_reset": "20/h",  # per address
    "password_reset_email": "3/h",  # per email address asked for
    "verify": "60/m",  # certificate lookups per address
    "save": "120/m",  # saves per trainee (autosave sends one per change)
    "certificate_pdf": "30/h",  # certificate PDFs drawn per trainee
    # SCORM launches per address: a class behind one NAT, each a few times; each new
    # learner id makes an account, so a stranger's loop must stop.
    "scorm_launch": "300/h",
}
RATELIMIT_IP_META_KEY = "quiz.accounts.throttling.client_ip"  # as login throttling sees it
RATELIMIT_FAIL_OPEN = True  # a cache that answers nothing stops nobody (see the module)

# --- Security headers -------------------------------------------------------------------
# Scripts only from this site's own files: no inline script, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # Bootstrap draws checkboxes and arrows as data: SVGs
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# The autosave script reads the CSRF token from the form, never from the cookie.
CSRF_COOKIE_HTTPONLY = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The mail server, as one address (dj-email-url): smtp://user:pass@host:25, STARTTLS with
# smtp+tls://user:pass@host:587 (or submission://), TLS from the start with
# smtp+ssl://user:pass@host:465; console:// prints mail, memory:// keeps it. Without it,
# DJANGO_EMAIL_BACKEND picks a backend for localhost:25 (console in debug).
EMAIL_SCHEMES = {"smtp+tls": ("smtp", "tls"), "smtp+ssl": ("smtp", "ssl")}


def email_settings(url: str) -> dict:
    """The EMAIL_* settings an EMAIL_URL gives; an address no backend reads is refused at
    start-up rather than found out when the first mail is lost."""
    scheme, sep, rest = url.partition("://")
    if scheme in EMAIL_SCHEMES:
        scheme, flag = EMAIL_SCHEMES[scheme]
        url = f"{scheme}{sep}{rest}{'&' if '?' in rest else '?'}{flag}=True"
    parsed = dj_email_url.parse(url)
    if "EMAIL_BACKEND" not in parsed:
        raise ImproperlyConfigured(
            f"EMAIL_URL: unknown scheme {scheme!r}; use smtp, smtp+tls, smtp+ssl, console, "
            "memory or file."
        )
    return {key: value for key, value in parsed.items() if value is not None}


EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "training@localhost")
# A mail server that stops answering holds a worker this long, not for ever.
EMAIL_TIMEOUT = 30
if os.environ.get("EMAIL_URL"):
    globals().update(email_settings(os.environ["EMAIL_URL"]))

# --- Running the training for an organisation ------------------------------------------
# Mail is sent by tasks, queued in the database (no broker on one machine) and run by
# `manage.py db_worker`, which `make run` starts beside the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Mails sent by a worker have no request to take the site's address from.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# send_reminders mails a trainee this many days before an assignment is due.
REMINDER_DAYS_BEFORE = int(os.environ.get("DJANGO_REMINDER_DAYS_BEFORE", "3"))
# An overdue trainee is reminded again every this many days, this many times more, each
# time with a copy to the group's coordinators.
REMINDER_OVERDUE_EVERY_DAYS = int(os.environ.get("DJANGO_REMINDER_OVERDUE_EVERY_DAYS", "7"))
REMINDER_OVERDUE_REPEATS = int(os.environ.get("DJANGO_REMINDER_OVERDUE_REPEATS", "3"))
# A refresher's link works this many days after it was mailed, and once.
REFRESHER_LINK_DAYS = int(os.environ.get("DJANGO_REFRESHER_LINK_DAYS", "14"))
# Questions in a refresher, from the trainee's weakest objectives.
REFRESHER_QUESTIONS = 3
# Importing trainees needs the permission to add them (the "Training manager" group has it).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
# An import's file waits here between its preview and its confirmation (uploads.py).
IMPORT_UPLOAD_DIR = os.environ.get("DJANGO_IMPORT_UPLOAD_DIR", str(BASE_DIR / "var" / "imports"))
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# --- Production only (DEBUG off): HTTPS, secure cookies, HSTS ---------------------------
# `DJANGO_DEBUG=false DJANGO_SECRET_KEY=... DJANGO_ALLOWED_HOSTS=... manage.py check --deploy`
# reports nothing with these. DJANGO_HTTPS=false turns the HTTPS-only parts off, for running
# the production stack over plain HTTP on a laptop; never on a real server.
if not DEBUG:
    HTTPS = env_bool("DJANGO_HTTPS", True)
    SECURE_SSL_REDIRECT = HTTPS
    SESSION_COOKIE_SECURE = HTTPS
    CSRF_COOKIE_SECURE = HTTPS
    if HTTPS:
        # The __Host- prefix makes browsers refuse these cookies unless they are Secure,
        # for this host only (no Domain) and for every path: no sibling subdomain can set
        # or shadow them.
        SESSION_COOKIE_NAME = "__Host-sessionid"
        CSRF_COOKIE_NAME = "__Host-csrftoken"
        KNOWN_DEVICE_COOKIE_NAME = "__Host-known_device"
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
    SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
    SECURE_HSTS_PRELOAD = HTTPS
    if os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER"):
        # The proxy's header that says the request came over HTTPS, e.g. HTTP_X_FORWARDED_PROTO.
        SECURE_PROXY_SSL_HEADER = (os.environ["DJANGO_SECURE_PROXY_SSL_HEADER"], "https")

# --- Running inside an LMS: LTI 1.3, SCORM 1.2, xAPI -----------------------------------
# xAPI statements go to this learning record store (its base URL, the one that ends
# before /statements), with HTTP basic auth. Unset: no statement is written or sent.
XAPI_ENDPOINT = os.environ.get("XAPI_ENDPOINT", "").rstrip("/")
XAPI_USERNAME = os.environ.get("XAPI_USERNAME", "")
XAPI_PASSWORD = os.environ.get("XAPI_PASSWORD", "")
# An LRS or an LMS's grade service that stops answering holds a worker this long.
OUTBOUND_HTTP_TIMEOUT = 30
# Sites of an LMS's course pages that are neither its issuer nor its login's, as Canvas's
# https://<school>.instructure.com: they may show a refused launch in their frame too.
LTI_FRAME_ORIGINS = env_list("DJANGO_LTI_FRAME_ORIGINS", "")
