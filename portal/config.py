"""Deployment settings from the environment, one class per environment.

Service settings that admins change in the portal (site name, crisis contacts, ...) live in
`portal.settings`; the values here are only their starting defaults.
"""

import json
import os
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "production"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    #: Fernet key for personal details at rest; without it one is derived from SECRET_KEY.
    ENCRYPTION_KEY = os.environ.get("ENCRYPTION_KEY", "")
    DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'portal.sqlite3'}")
    #: Largest request body accepted (bytes); the 413 page explains what to do.
    MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 512 * 1024)
    MAX_FORM_MEMORY_SIZE = MAX_CONTENT_LENGTH
    #: How many proxies set each X-Forwarded-* header in front of the portal (0: none).
    PROXY_X_FOR = _env_int("PROXY_X_FOR", 0)
    PROXY_X_PROTO = _env_int("PROXY_X_PROTO", 0)
    PROXY_X_HOST = _env_int("PROXY_X_HOST", 0)
    PROXY_X_PREFIX = _env_int("PROXY_X_PREFIX", 0)

    SESSION_COOKIE_NAME = "portal_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    HSTS = True
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    WTF_CSRF_HEADERS = ["X-CSRFToken"]
    #: How long a once-only form token stays valid (seconds).
    FORM_TOKEN_MAX_AGE = 24 * 3600

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Europe/London"
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).resolve().parent.parent / "translations")

    # Defaults for the service settings admins can change in the portal.
    SITE_NAME = os.environ.get("SITE_NAME", "Community Voices")
    SITE_LOGO = os.environ.get("SITE_LOGO", "")
    QUICK_EXIT_URL = os.environ.get("QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")
    REVIEWED_LANGUAGES = _env_list("REVIEWED_LANGUAGES", "en")
    SESSION_TIMEOUT_MINUTES = _env_int("SESSION_TIMEOUT_MINUTES", 60)
    STAFF_SESSION_TIMEOUT_MINUTES = _env_int("STAFF_SESSION_TIMEOUT_MINUTES", 20)
    #: Payment for an hour of someone's time at a meeting, in pence.
    PAYMENT_RATE_PENCE_PER_HOUR = _env_int("PAYMENT_RATE_PENCE_PER_HOUR", 2500)
    #: Only for `make bench`: a folder of stored pages served at /__bench/ceiling/<name>.
    BENCH_CEILING_DIR = os.environ.get("BENCH_CEILING_DIR", "")
    #: The stages of the organisation's maturity self-assessment, lowest first, as names
    #: separated by commas. Empty: the six stages of the Race Equity Maturity Index.
    MATURITY_STAGES = _env_list("MATURITY_STAGES")
    #: Which CQC quality statement each part of the evidence pack evidences, as JSON
    #: ({"changes": ["Learning, improvement and innovation"], ...}); empty: the built-in mapping.
    CQC_STATEMENTS = json.loads(os.environ.get("CQC_STATEMENTS") or "{}")
    #: JSON list of {"name", "tel", "sms", "description"}; empty means the built-in defaults.
    CRISIS_CONTACTS = json.loads(os.environ.get("CRISIS_CONTACTS", "[]"))
    ORGANISATION_NAME = os.environ.get("ORGANISATION_NAME", "")
    CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "")
    CONTACT_PHONE = os.environ.get("CONTACT_PHONE", "")

    #: Where people under 16 are pointed (a youth service); empty shows general advice.
    YOUTH_ROUTE_URL = os.environ.get("YOUTH_ROUTE_URL", "")
    #: Sign-in throttling: failures per account before waiting, and per address per window.
    ACCOUNT_FAILURES_BEFORE_WAIT = 5
    ADDRESS_FAILURES_PER_WINDOW = 200
    THROTTLE_WINDOW_SECONDS = 15 * 60
    #: Longest wait an account can be given: nobody is ever locked out for good.
    MAX_ACCOUNT_WAIT_SECONDS = 15 * 60
    #: Where the sign-in counts are kept: "database" (the default) or "redis" (REDIS_URL).
    THROTTLE_BACKEND = os.environ.get("THROTTLE_BACKEND", "database")
    #: A Redis server shared by every server of the portal, e.g. redis://cache.internal:6379/0.
    REDIS_URL = os.environ.get("REDIS_URL", "")
    #: Longest a sign-in waits for Redis before counting in the database instead (seconds).
    REDIS_TIMEOUT_SECONDS = 1.0

    #: The portal's public address, for links in emails and texts.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/")
    #: "" (inbox only), "smtp" or "notify" for email; "" or "notify" for text messages.
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "")
    SMS_BACKEND = os.environ.get("SMS_BACKEND", "")
    SMTP_HOST = os.environ.get("SMTP_HOST", "127.0.0.1")
    SMTP_PORT = _env_int("SMTP_PORT", 25)
    SMTP_STARTTLS = os.environ.get("SMTP_STARTTLS", "") == "1"
    SMTP_USERNAME = os.environ.get("SMTP_USERNAME", "")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
    SMTP_FROM = os.environ.get("SMTP_FROM", "no-reply@localhost")
    SMTP_TIMEOUT = _env_int("SMTP_TIMEOUT", 20)
    NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
    NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
    NOTIFY_EMAIL_TEMPLATE_ID = os.environ.get("NOTIFY_EMAIL_TEMPLATE_ID", "")
    NOTIFY_SMS_TEMPLATE_ID = os.environ.get("NOTIFY_SMS_TEMPLATE_ID", "")
    NOTIFY_TIMEOUT = _env_int("NOTIFY_TIMEOUT", 20)
    #: Delivery tries before a message is set aside for an admin.
    OUTBOX_MAX_ATTEMPTS = _env_int("OUTBOX_MAX_ATTEMPTS", 8)
    #: A delivery marked as being sent for longer than this belongs to a worker that died.
    OUTBOX_LEASE_SECONDS = _env_int("OUTBOX_LEASE_SECONDS", 300)
    #: Hour (Europe/London) daily and weekly (Monday) digests go out.
    DIGEST_HOUR = _env_int("DIGEST_HOUR", 8)

    #: Days without contact after which a supported person is flagged "reach out".
    REACH_OUT_AFTER_DAYS = _env_int("REACH_OUT_AFTER_DAYS", 30)

    #: Safeguarding: minutes a lead has to act on an immediate case (clock time, day and night).
    SAFEGUARDING_IMMEDIATE_MINUTES = _env_int("SAFEGUARDING_IMMEDIATE_MINUTES", 60)
    #: Working hours (Europe/London) for same-day and next-working-day cases.
    WORKING_DAY_START = os.environ.get("WORKING_DAY_START", "09:00")
    WORKING_DAY_END = os.environ.get("WORKING_DAY_END", "17:00")
    #: Bank holidays (ISO dates, comma-separated) on top of weekends; admins can add more.
    BANK_HOLIDAYS = _env_list("BANK_HOLIDAYS", "2026-12-25,2026-12-28,2027-01-01,2027-03-26,2027-03-29,2027-05-03,2027-05-31,2027-08-30,2027-12-27,2027-12-28")
    #: Keys for the identity vault, newest first, comma-separated (Fernet keys); older keys
    #: still open what they sealed, so keys can be rotated. Empty: derived from SECRET_KEY.
    VAULT_KEYS = _env_list("VAULT_KEYS", "")
    #: The service's Patient Advice and Liaison Service and complaints route, shown to people
    #: whose feedback is about their own care.
    PALS_PHONE = os.environ.get("PALS_PHONE", "")
    PALS_EMAIL = os.environ.get("PALS_EMAIL", "")
    COMPLAINTS_URL = os.environ.get("COMPLAINTS_URL", "")
    #: Reports from different people that hide a published idea until a moderator looks.
    IDEA_REPORTS_TO_HIDE = _env_int("IDEA_REPORTS_TO_HIDE", 3)
    #: Languages the moderators read; ideas in others wait for a human translation first.
    MODERATION_LANGUAGES = _env_list("MODERATION_LANGUAGES", "en")

    #: How long things are kept, in days, before `flask retention run` deletes them. Each rule
    #: is described in `portal.rights.retention` and on the privacy page. A JSON object in the
    #: environment variable RETENTION_DAYS changes any of them ({"notifications": 180}).
    RETENTION_DAYS = {
        # Once-only form tokens, after they were spent (never less than a token's lifetime).
        "spent_form_tokens": 2,
        # Counts of failed sign-ins, by account or hashed address, once no wait is running.
        "sign_in_throttles": 1,
        # Signed-in browsers, from when they were signed out or last used.
        "sign_in_sessions": 30,
        # Inbox messages (and their email, text or connector deliveries), from when sent.
        "notifications": 365,
        # Answers to "Can you come?", from the end of the meeting.
        "meeting_replies": 90,
        # Ideas sent back for a change that the author never changed, from when sent back.
        "ideas_sent_back": 180,
        # Problems reported with the website, from when reported.
        "problem_reports": 730,
        # A connector's notes of contact with a person, from the day of the contact.
        "contact_records": 3 * 365,
        # Claims that were decided (or not wanted), with their receipts: six years, as HMRC asks.
        "decided_claims": 6 * 365,
        # The log of requests about people's data, from when each was answered.
        "closed_rights_requests": 3 * 365,
        **json.loads(os.environ.get("RETENTION_DAYS") or "{}"),
    }
    #: Safeguarding records (what the person said, the case, its notes, decisions and the
    #: identity vault) are kept this many years after the case closed. The retention job never
    #: deletes them: it counts those past this time for a safeguarding lead to review, because a
    #: record may be under a legal hold or needed by an inquiry.
    SAFEGUARDING_RETENTION_YEARS = _env_int("SAFEGUARDING_RETENTION_YEARS", 8)

    #: Public pages kept, per worker, for signed-out visitors (0 turns keeping off), and the
    #: longest a kept page is served even when nothing behind it changed.
    PAGE_CACHE_ENTRIES = _env_int("PAGE_CACHE_ENTRIES", 256)
    PAGE_CACHE_SECONDS = _env_int("PAGE_CACHE_SECONDS", 30)

    DEMO_DATA_ALLOWED = False
    #: Argon2id work factors (OWASP: m=19 MiB, t=2, p=1 at least).
    ARGON2_TIME_COST = 2
    ARGON2_MEMORY_COST = 19 * 1024
    ARGON2_PARALLELISM = 1


class ProductionConfig(Config):
    """A real service: secrets from the environment, secure cookies, HSTS."""


class DevelopmentConfig(Config):
    """A developer's machine: a fixed secret, plain-HTTP cookies, demo data allowed."""

    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-secret-key-not-for-production")
    SESSION_COOKIE_SECURE = False
    HSTS = False
    DEMO_DATA_ALLOWED = True


class TestingConfig(DevelopmentConfig):
    """The test suite: cheap password hashing, its own database."""

    ENV_NAME = "testing"
    TESTING = True
    DATABASE_URL = os.environ.get("TEST_DATABASE_URL_SQLITE", "sqlite://")
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8
    ARGON2_PARALLELISM = 1


CONFIGS = {
    "production": ProductionConfig,
    "development": DevelopmentConfig,
    "testing": TestingConfig,
}
