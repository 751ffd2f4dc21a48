"""Settings for the Best Value self-assessment manager.

Every setting that differs between a laptop and production is read from the
environment (see README, "Configuration"). The defaults suit development.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from bestvalue.env import envbool, envint, envlist

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)

_secret_key = os.environ.get("SECRET_KEY", "")
if not _secret_key:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    _secret_key = "development-only-secret-key-never-use-in-production"
SECRET_KEY = _secret_key

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")

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
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "bestvalue",
    "frameworks",
    "assessments",
    "people",
    "imports",
    "reports",
    "renders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "bestvalue.sessions.SessionRefreshMiddleware",
    "django.middleware.common.CommonMiddleware",
    "bestvalue.middleware.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "bestvalue.urls"

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
    {
        # The committee report's template tree (HTML page body and PDF): see
        # bestvalue/jinja_environment.py. Templates live in each app's jinja2/ folder.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "bestvalue.jinja_environment.environment"},
    },
]

WSGI_APPLICATION = "bestvalue.wsgi.application"


# A task worker (manage.py db_worker) is allowed longer statements than a web request.
IS_TASK_WORKER = sys.argv[1:2] == ["db_worker"]
DATABASE_CONNECT_TIMEOUT = envint("DATABASE_CONNECT_TIMEOUT", 5)
DATABASE_STATEMENT_TIMEOUT = (
    envint("WORKER_STATEMENT_TIMEOUT", 300)
    if IS_TASK_WORKER
    else envint("DATABASE_STATEMENT_TIMEOUT", 30)
)


def _database_from_url(url):
    try:
        config = dj_database_url.parse(url, conn_max_age=envint("DB_CONN_MAX_AGE", 60))
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a usable database URL: {error}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Several gunicorn workers and task workers write to one file: wait for
        # locks rather than fail. Writes are short (a save), renders hold none.
        # Write-ahead logging lets pages read while another process writes.
        config["OPTIONS"] = {
            "timeout": envint("DATABASE_BUSY_TIMEOUT", 20),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;",
        }
        config["CONN_MAX_AGE"] = 0
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # A database that accepts connections and never answers must not hang a request.
        config.setdefault("OPTIONS", {})
        config["OPTIONS"]["connect_timeout"] = DATABASE_CONNECT_TIMEOUT
        config["OPTIONS"]["options"] = f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}"
    return config


DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": _database_from_url(DATABASE_URL)}

# Heavy work (PDFs, exports, approval papers) runs in task workers, never in a
# request. The default keeps the queue in the app's own database; see README.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
RENDER_TIME_LIMIT = envint("RENDER_TIME_LIMIT", 120)  # seconds for one render in a worker
RENDER_NICENESS = envint("RENDER_NICENESS", 10)  # renders yield the CPU to web requests
RENDERS_PER_USER = envint("RENDERS_PER_USER", 2)  # queued or running at once
RENDER_QUEUE_EXPIRY = envint("RENDER_QUEUE_EXPIRY", 3600)  # a job queued longer is given up
RENDER_REQUEST_INTERVAL = envint("RENDER_REQUEST_INTERVAL", 2)  # seconds between rebuilds per user
RENDER_HELD_REQUESTS = envint("RENDER_HELD_REQUESTS", 6)  # too-quick repeats held per process
RENDER_KEEP = envint("RENDER_KEEP", 24 * 3600)  # finished files kept this long
HEALTHZ_TIMEOUT = envint("HEALTHZ_TIMEOUT", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"

# A do-nothing page for `make bench` to compare pages against; off unless asked for.
BENCHMARK_BASELINE = envbool("BENCHMARK_BASELINE", False)
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# UK formats everywhere: 31/03/2024 on input, 31 Mar 2024 on display.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %b %Y", "%d %B %Y"]
FORMAT_MODULE_PATH = ["bestvalue.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
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

MESSAGE_TAGS = {40: "danger"}  # Bootstrap calls the error colour "danger".

# Standard widgets written in Python, with their templates' markup (bestvalue/widgets.py).
FORM_RENDERER = "bestvalue.widgets.FormRenderer"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SIMPLE_HISTORY_DATE_INDEX = "Composite"

SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60)
# Inactivity expiry: the age counts from the last request, give or take the refresh interval
# (bestvalue/sessions.py), so a page needs no session write.
SESSION_REFRESH_INTERVAL = envint("SESSION_REFRESH_INTERVAL", 60)

# Security. In production (DEBUG off) cookies are secure and HTTPS is enforced;
# behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (os.environ["SECURE_PROXY_SSL_HEADER"], "https")
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Only the app's own files: no inline script or style, nothing from other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Login throttling: after AXES_FAILURE_LIMIT failures for one user name from one
# address, that pair is locked out for AXES_COOLOFF_MINUTES; after
# AXES_ADDRESS_FAILURE_LIMIT failures from one address across any user names,
# the whole address is (see people/throttling.py).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = envint("AXES_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "people.throttling.AddressLimitHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = envint("PROXY_COUNT", 0) or None

# Email: SMTP when EMAIL_HOST is set; printed to the console in development.
# Links in emails start with SITE_URL (else the address of the request).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST or not DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_HOST = EMAIL_HOST or "localhost"
EMAIL_PORT = envint("EMAIL_PORT", 587 if envbool("EMAIL_USE_TLS", False) else 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)  # seconds; a slow mail server never hangs a page
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Best Value self-assessment <noreply@localhost>"
)
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_TIMEOUT", 3 * 24 * 60 * 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
