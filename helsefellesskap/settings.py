"""Settings for Møteportalen, read from the environment.

With no variables set the portal runs on the embedded default: SQLite under ``var/``,
Celery tasks run in-process, media on the local disk and e-mail printed to the console.
``DATABASE_URL`` switches to PostgreSQL, ``REDIS_URL`` to Redis for Celery and the cache,
``S3_BUCKET`` media to an S3-compatible object store.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    # Development only: a key that is stable per checkout but never committed.
    _key_file = VAR_DIR / "secret_key"
    if _key_file.exists():
        SECRET_KEY = _key_file.read_text().strip()
    else:
        import secrets

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        SECRET_KEY = secrets.token_urlsafe(50)
        _key_file.write_text(SECRET_KEY)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
# The portal's address as readers reach it, for links that leave the site (e-mail): the scheme,
# host and any path prefix, without a trailing slash. The embedded default is `make run`'s.
PORTAL_URL = env_str("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# A form refused by the CSRF check gets the portal's own page in Norwegian.
CSRF_FAILURE_VIEW = "helsefellesskap.views.csrf_error"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "csp",
    "axes",
    "rules",  # {% load rules %}: the access rules of moter.access in templates
    "helsefellesskap",
    "moter",
    "saker",
    "avtaler",
    "handlingsplan",
    "api",  # the open-data API under /api/ (docs/api.md)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "helsefellesskap.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "helsefellesskap.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "helsefellesskap.urls"
WSGI_APPLICATION = "helsefellesskap.wsgi.application"

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
                "helsefellesskap.context_processors.nettsted",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL is set.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "db.sqlite3"),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: Celery broker, result backend and cache when REDIS_URL is set.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "helsefellesskap.redis_cache.PageCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "moteportalen"),
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    # Embedded default only: tasks run in-process so one command gives a working portal.
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True

# Pages for anonymous readers, and fragments of members' pages, served from the cache under
# the versions of what they show, which the database keeps (helsefellesskap/pagecache.py).
SIDEHURTIGBUFFER = env_bool("SIDEHURTIGBUFFER", True)
SIDEHURTIGBUFFER_LEVETID = env_int("SIDEHURTIGBUFFER_LEVETID", 600)
# The code's edition in every cache key and ETag (a release's name); empty: a digest of the
# templates' and modules' names, sizes and times, so a deployment renders anew.
SIDEHURTIGBUFFER_UTGAVE = env_str("SIDEHURTIGBUFFER_UTGAVE", "")

# Re-render a meeting's PDFs in the background after each change (debounced). Off in the embedded
# default, where tasks run in-process and would slow every save.
DOKUMENTER_AUTOMATISK = env_bool("DOKUMENTER_AUTOMATISK", not CELERY_TASK_ALWAYS_EAGER)

# A verv «sekretariat» in a body also runs the bodies that report to it, directly or through
# others (SSU's secretariat runs FSU and the groups under it); off: each body only its own
# (helsefellesskap.access.managed_organ_ids).
SEKRETARIAT_ARVER_NEDOVER = env_bool("SEKRETARIAT_ARVER_NEDOVER", True)

# Orders whose Celery message was lost (Redis down when ordered, a worker killed with its broker)
# are sent again by a periodic sweep; the worker runs beat (`celery worker -B`).
CELERY_BEAT_SCHEDULE = {
    "gjenoppta-dokumenter": {"task": "moter.gjenoppta.resume_dokumenter", "schedule": 60.0},
    # The outbox: messages whose mail server failed, tried again when their pause is over.
    "utboks": {"task": "helsefellesskap.outbox.outbox_retry", "schedule": 60.0},
    # Reminders before meetings (Organ.paaminnelse_dager) and follow-up deadlines: hourly, each
    # message once (the outbox's keys), so a missed hour or a restart loses nothing.
    "paaminnelser": {"task": "moter.notices.paaminnelser", "schedule": 3600.0},
    "oppfolgingsfrister": {"task": "saker.notices.oppfolging_frister", "schedule": 3600.0},
    # The text of vedlegg whose message was lost, read for search (saker.vedleggstekst).
    "vedleggstekst": {"task": "saker.vedleggstekst.gjenoppta", "schedule": 3600.0},
}

# The queue tasks go to when nothing routes them (the worker tests give theirs a queue of its own).
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
# A PDF render (moter.dokumenter.render_dokument): past the soft limit it fails with a message on
# the version; at the hard limit the pool process is killed, and gjenoppta_dokumenter counts a
# render still in «lager» after it (plus a margin) as lost and sends it again.
DOKUMENT_RENDER_SOFT_TIME_LIMIT = env_int("DOKUMENT_RENDER_SOFT_TIME_LIMIT", 120)
DOKUMENT_RENDER_TIME_LIMIT = env_int("DOKUMENT_RENDER_TIME_LIMIT", 150)
# The tasks sit next to the services they call (not in tasks.py modules): imported by the worker.
CELERY_IMPORTS = (
    "moter.dokumenter",
    "moter.resume",
    "moter.notices",
    "saker.notices",
    "saker.vedleggstekst",
    "helsefellesskap.outbox",
)
CELERY_TIMEZONE = "Europe/Oslo"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis hands a message that was taken but never acknowledged (acks_late: the whole worker died)
# to a worker again after this many seconds; it must exceed the longest task and countdown. The
# worker tests shorten it. A worker looks for such messages every CELERY_RESTORE_INTERVAL seconds
# (one Redis range query); kombu 5.7 would otherwise look only on every tenth turn (100 s). The
# look holds a lock in Redis for a moment; a worker killed while holding it leaves it for
# CELERY_RESTORE_LOCK_SECONDS (kombu's default is 300 s, which delays every restore that long).
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, int | str] = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    "unacked_restore_interval": env_int("CELERY_RESTORE_INTERVAL", 10),
    "unacked_restore_throttle": 1,
    "unacked_mutex_expire": env_int("CELERY_RESTORE_LOCK_SECONDS", 60),
}
# The broker's Redis keys (queues, unacknowledged messages, locks) under a prefix of their own
# (kombu's global_keyprefix), for several portals or parallel test runs on one Redis database.
if CELERY_KEY_PREFIX := env_str("CELERY_KEY_PREFIX"):
    CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] = CELERY_KEY_PREFIX

AUTH_PASSWORD_VALIDATORS = [
    # Ours: Django's rules with the Norwegian messages its catalogue lacks.
    {"NAME": "helsefellesskap.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "helsefellesskap.passwords.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions in the database (Django's db engine, read by one hand-written query): not in the cache,
# so logging in and out works with Redis down (helsefellesskap/sessions.py).
SESSION_ENGINE = "helsefellesskap.sessions"

# django-axes first: it refuses a locked-out login before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "helsefellesskap.backends.Users",
    # user.has_perm(...) with the access rules of moter.access (object permissions)
    "rules.permissions.ObjectPermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "forside"
LOGOUT_REDIRECT_URL = "forside"

# Single sign-on with the partners' own accounts: OpenID Connect (mozilla-django-oidc,
# helsefellesskap/oidc.py). Off unless OIDC_RP_CLIENT_ID is set; then the provider's endpoints
# and the client's secret must be set too, and the backend, /oidc/ and the login page's button
# are on. The person is found by a verified e-mail address only; nobody registers themselves.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email")
# The official accessibility statement (tilgjengelighetserklæring) in uustatus.no, published by
# the owner organisation: linked from the portal's own page /tilgjengelighet/ when set.
TILGJENGELIGHET_URL = env_str("TILGJENGELIGHET_URL", "")

# The button on the login page: «Logg inn med <OIDC_NAVN>».
OIDC_NAVN = env_str("OIDC_NAVN", "virksomhetens konto")
OIDC_AKTIV = bool(OIDC_RP_CLIENT_ID)
OIDC_BACKEND = "helsefellesskap.oidc.OidcBackend"
OIDC_SIGN_ALGOS = {"RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "HS256", "HS384", "HS512"}
if OIDC_AKTIV:
    _oidc_required = {
        "OIDC_RP_CLIENT_SECRET": OIDC_RP_CLIENT_SECRET,
        "OIDC_OP_AUTHORIZATION_ENDPOINT": OIDC_OP_AUTHORIZATION_ENDPOINT,
        "OIDC_OP_TOKEN_ENDPOINT": OIDC_OP_TOKEN_ENDPOINT,
        "OIDC_OP_USER_ENDPOINT": OIDC_OP_USER_ENDPOINT,
    }
    if OIDC_RP_SIGN_ALGO not in OIDC_SIGN_ALGOS:
        raise ImproperlyConfigured(
            f"OIDC_RP_SIGN_ALGO must be one of {sorted(OIDC_SIGN_ALGOS)}, got {OIDC_RP_SIGN_ALGO!r}"
        )
    if not OIDC_RP_SIGN_ALGO.startswith("HS"):
        # The provider's public keys; HS* signs with the client's secret instead.
        _oidc_required["OIDC_OP_JWKS_ENDPOINT"] = OIDC_OP_JWKS_ENDPOINT
    _oidc_missing = [name for name, value in _oidc_required.items() if not value]
    if _oidc_missing:
        raise ImproperlyConfigured(
            f"OIDC_RP_CLIENT_ID is set (OpenID Connect is on): set {', '.join(_oidc_missing)} too"
        )
    for _name, _value in _oidc_required.items():
        if _name.startswith("OIDC_OP_") and not _value.startswith(("http://", "https://")):
            raise ImproperlyConfigured(f"{_name} must be an http(s) URL, got {_value!r}")
    if not {"openid", "email"} <= set(OIDC_RP_SCOPES.split()):
        raise ImproperlyConfigured(
            f"OIDC_RP_SCOPES must include openid and email, got {OIDC_RP_SCOPES!r}"
        )
    # After the portal's own backend, which still loads every session's user (OidcBackend
    # hands get_user to it); django-axes stays first.
    _users = AUTHENTICATION_BACKENDS.index("helsefellesskap.backends.Users")
    AUTHENTICATION_BACKENDS.insert(_users + 1, OIDC_BACKEND)
# PKCE (S256) on top of state and nonce (a provider ignores parameters it does not know).
OIDC_USE_PKCE = True
# Seconds to wait for the provider's token, user info and key endpoints.
OIDC_TIMEOUT = 10
# Where a refused or failed single sign-on lands, with the reason as a message.
LOGIN_REDIRECT_URL_FAILURE = "login"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål")]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# Media (vedlegg, rendered PDFs and their previews, the logo): on the local disk under MEDIA_ROOT,
# or, when S3_BUCKET is set, in a private bucket of an S3-compatible object store that every web
# and worker container shares (helsefellesskap/storage.py). The bucket is never shown to a
# browser: the portal's own views serve every file after checking access.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
S3_BUCKET = env_str("S3_BUCKET")
# Canned ACLs that keep a file private; "" sends none, for buckets with ACLs turned off (Amazon
# S3's default "bucket owner enforced" refuses every ACL but bucket-owner-full-control).
S3_ACLER = {"private", "bucket-owner-full-control", ""}
if S3_BUCKET:
    S3_ACL = env_str("S3_ACL", "private")
    if S3_ACL not in S3_ACLER:
        raise ImproperlyConfigured(
            f"S3_ACL must be one of {sorted(S3_ACLER)} (files are never public), got {S3_ACL!r}"
        )
    _s3_key, _s3_secret = env_str("S3_ACCESS_KEY_ID"), env_str("S3_SECRET_ACCESS_KEY")
    if bool(_s3_key) != bool(_s3_secret):
        raise ImproperlyConfigured(
            "Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (boto3 then finds "
            "the credentials itself, e.g. from an IAM role)"
        )
    _s3_address = env_str("S3_ENDPOINT_URL")
    if _s3_address and not _s3_address.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"S3_ENDPOINT_URL must be an http(s) URL, got {_s3_address!r}")
    _s3_addressing = env_str("S3_ADDRESSING_STYLE", "path")
    if _s3_addressing not in {"path", "virtual", "auto"}:
        raise ImproperlyConfigured(
            f"S3_ADDRESSING_STYLE must be path, virtual or auto, got {_s3_addressing!r}"
        )
    MEDIA_STORAGE = {
        "BACKEND": "helsefellesskap.storage.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": _s3_address or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": _s3_key or None,
            "secret_key": _s3_secret or None,
            "location": env_str("S3_PREFIX").strip("/"),
            "default_acl": S3_ACL or None,
            # Files are served by the portal, never by a signed link to the bucket.
            "querystring_auth": False,
            # A name in use gets a new one, as on the local disk: a duplicate render that loses
            # deletes only its own file, never the version that was kept.
            "file_overwrite": False,
            "signature_version": "s3v4",
            # MinIO and most self-hosted stores answer on a path, not a subdomain per bucket.
            "addressing_style": _s3_addressing,
            # A file read from the bucket is held in memory up to this size, then on disk.
            "max_memory_size": 8 * 1024 * 1024,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end packages from npm (package-lock.json), served as they are: no bundler.
    ("vendor/designsystemet-css", BASE_DIR / "node_modules/@digdir/designsystemet-css/dist/src"),
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
]
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "moteportalen@localhost")
# SMTP (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend): the mail server.
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# The outbox (helsefellesskap/outbox.py): the pauses, in seconds, before each new try of a
# message the mail server did not take; after the last, the message is marked «feilet».
EPOST_FORSOK_PAUSER = [60, 300, 1800, 7200]
# The innkalling PDF goes with the mail up to this size; a larger pack is linked instead.
EPOST_VEDLEGG_MAKS_MB = env_int("EPOST_VEDLEGG_MAKS_MB", 5)
# The one responsible for a follow-up is reminded this many days before its deadline.
OPPFOLGING_VARSEL_DAGER = env_int("OPPFOLGING_VARSEL_DAGER", 7)
# «Glemt passordet?»: the link is valid for a day, and one message per address per 10 minutes.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 24 * 3600)
PASSORD_EPOST_INTERVALL = env_int("PASSORD_EPOST_INTERVALL", 600)
# The one-time login link by e-mail: valid this many minutes, usable once (one message per
# address per PASSORD_EPOST_INTERVALL, like «Glemt passordet?»).
INNLOGGINGSLENKE_MINUTTER = env_int("INNLOGGINGSLENKE_MINUTTER", 30)
# The invitation a new member gets (helsefellesskap.accounts): its link works once, for so many
# days.
INVITASJON_GYLDIG_DAGER = env_int("INVITASJON_GYLDIG_DAGER", 14)
if INVITASJON_GYLDIG_DAGER < 1:
    raise ImproperlyConfigured(
        f"INVITASJON_GYLDIG_DAGER must be 1 day or more, got {INVITASJON_GYLDIG_DAGER}"
    )

# Production hardening, on when DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): everything from our own origin, no inline scripts or
# styles. Designsystemet's icons are data: URLs in CSS; digital meeting links are plain links.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Failed logins (django-axes, on both /logg-inn/ and /admin/login/): after this many failures
# for one user name from one address, that pair is refused for a while. Counting the pair, not
# the address alone, keeps everyone behind one proxy or NAT from being locked out by one person.
INNLOGGING_MAKS_FORSOK = env_int("INNLOGGING_MAKS_FORSOK", 5)
INNLOGGING_SPERRETID = env_int("INNLOGGING_SPERRETID", 15 * 60)
# Reverse proxies in front of the portal that each append the address they saw to
# X-Forwarded-For (or INNLOGGING_ADRESSEHODE). 0: the header is ignored and REMOTE_ADDR is the
# client, since anybody can send the header.
BETRODDE_PROXYER = env_int("BETRODDE_PROXYER", 0)
INNLOGGING_ADRESSEHODE = env_str("INNLOGGING_ADRESSEHODE", "X-Forwarded-For")
AXES_FAILURE_LIMIT = INNLOGGING_MAKS_FORSOK
AXES_COOLOFF_TIME = datetime.timedelta(seconds=INNLOGGING_SPERRETID)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A try while locked out does not restart the wait, so the page can say how long it is.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "helsefellesskap.login.username_of"
AXES_CLIENT_IP_CALLABLE = "helsefellesskap.login.client_address"
AXES_LOCKOUT_CALLABLE = "helsefellesskap.login.locked_out"
# Logins through OpenID Connect are not counted or locked (helsefellesskap/login.py).
AXES_WHITELIST_CALLABLE = "helsefellesskap.login.is_oidc_attempt"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # WeasyPrint says once per PDF that it subsets the font with fontTools (Debian 12's HarfBuzz
    # lacks a function it wants); the PDFs are right, and the line drowns everything else.
    "filters": {
        "uten_fontvarsel": {
            "()": "django.utils.log.CallbackFilter",
            "callback": lambda record: "instead of HarfBuzz-Subset" not in record.getMessage(),
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["uten_fontvarsel"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# The open-data API (api/http.py): requests per minute per client address; past it, 429.
API_FORESPORSLER_PER_MINUTT = env_int("API_FORESPORSLER_PER_MINUTT", 60)

# Fast settings for the test suite (set by tests/conftest via TESTING=1).
if env_bool("TESTING", False):
    # The tests ask the API far more often than a client may (one address, many tests within a
    # minute); the limit itself is tested with its own low value (tests/api/test_api.py).
    API_FORESPORSLER_PER_MINUTT = env_int("API_FORESPORSLER_PER_MINUTT", 1_000_000)
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Django's test mailbox, unless a test process says otherwise (the Celery worker of the
    # worker tests sends to the tests' SMTP server).
    EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

# Uploads past the attachment limit stop being written to disk (saker/uploads.py), so a 200 MB
# file costs at most the attachment limit (VEDLEGG_MAKS_MB, default 25) on disk before the
# form refuses it.
VEDLEGG_MAKS_MB = env_int("VEDLEGG_MAKS_MB", 25)
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "saker.uploads.LimitedUpload",
]
