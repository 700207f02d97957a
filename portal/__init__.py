"""The co-production portal: create_app() builds it (config → extensions → blueprints → errors)."""

from __future__ import annotations

import logging
import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.config import CONFIGS, INSTANCE_DIR


class ConfigurationError(RuntimeError):
    """The environment does not give what the portal needs to start safely."""


def _load_config(app: Flask, test_config: dict | None) -> None:
    env_name = (test_config or {}).get("ENV_NAME") or os.environ.get("PORTAL_ENV", "production")
    if env_name not in CONFIGS:
        raise ConfigurationError(f"PORTAL_ENV must be one of {', '.join(CONFIGS)}")
    app.config.from_object(CONFIGS[env_name])
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        raise ConfigurationError("set SECRET_KEY in the environment (a long random string)")
    if app.config.get("THROTTLE_BACKEND") not in ("database", "redis"):
        raise ConfigurationError("THROTTLE_BACKEND must be database or redis")
    if app.config.get("THROTTLE_BACKEND") == "redis" and not app.config.get("REDIS_URL"):
        raise ConfigurationError("THROTTLE_BACKEND=redis needs REDIS_URL")


def create_app(test_config: dict | None = None) -> Flask:
    """Build the portal for the environment named by PORTAL_ENV (production by default)."""
    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    _load_config(app, test_config)
    if app.config["DATABASE_URL"].startswith("sqlite:///") and "instance" in app.config["DATABASE_URL"]:
        INSTANCE_DIR.mkdir(exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)

    proxies = {key: app.config[f"PROXY_{key.upper()}"] for key in ("x_for", "x_proto", "x_host", "x_prefix")}
    if any(proxies.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **proxies)

    from portal import extensions, write_turns  # noqa: F401 (SQLite writers take turns)
    from portal.web import i18n

    extensions.db.init_app(app)
    extensions.csrf.init_app(app)
    extensions.htmx.init_app(app)
    extensions.babel.init_app(app, locale_selector=i18n.select_locale)

    from portal.web import assets, compression, errors, htmx, layout, logs, page_cache, security

    # Compression first: after-request hooks run in reverse, so it sees the finished response.
    for plumbing in (compression, security, logs, assets, layout, errors, htmx, page_cache):
        plumbing.init_app(app)

    from portal import settings
    from portal.accounts import current

    settings.init_app(app)
    current.init_app(app)

    from portal.accounts import bp as accounts_bp
    from portal.accounts.cli import bp as users_cli
    from portal.audit.cli import bp as audit_cli
    from portal.audit.routes import bp as audit_bp
    from portal.caseload import bp as caseload_bp
    from portal.content import bp as content_bp
    from portal.claims import bp as claims_bp
    from portal.ideas import bp as ideas_bp
    from portal.proposals import bp as proposals_bp
    from portal.rights import bp as rights_bp
    from portal.rights.cli import bp as retention_cli
    from portal.changes import bp as changes_bp
    from portal.safeguarding import bp as safeguarding_bp
    from portal.safeguarding.cli import bp as safeguarding_cli
    from portal.search import bp as search_bp
    from portal.search.cli import bp as search_cli
    from portal.groups import bp as groups_bp
    from portal.meetings import bp as meetings_bp
    from portal.meetings.cli import bp as meetings_cli
    from portal.notifications import bp as notifications_bp
    from portal.notifications.cli import bp as notifications_cli
    from portal.demo.cli import bp as demo_cli
    from portal.bench import bp as bench_cli
    from portal.settings.routes import bp as settings_bp
    from portal.site import bp as site_bp
    from portal.plan import bp as plan_bp
    from portal.evidence import bp as evidence_bp
    from portal.equality import bp as equality_bp
    from portal.web.cli import backup_command, db_cli, maintenance_cli, restore_command, translations_cli

    for blueprint in (
        site_bp,
        accounts_bp,
        settings_bp,
        notifications_bp,
        groups_bp,
        meetings_bp,
        caseload_bp,
        content_bp,
        claims_bp,
        ideas_bp,
        proposals_bp,
        rights_bp,
        changes_bp,
        plan_bp,
        evidence_bp,
        equality_bp,
        safeguarding_bp,
        search_bp,
        audit_bp,
        audit_cli,
        demo_cli,
        bench_cli,
        users_cli,
        notifications_cli,
        meetings_cli,
        safeguarding_cli,
        retention_cli,
        search_cli,
    ):
        app.register_blueprint(blueprint)
    if app.config.get("BENCH_CEILING_DIR"):
        from portal.bench.ceiling import bp as ceiling_bp

        app.register_blueprint(ceiling_bp)
    app.cli.add_command(db_cli)
    app.cli.add_command(translations_cli)
    app.cli.add_command(maintenance_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    return app
