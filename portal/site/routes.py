"""Routes for the pages every visitor can read."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.accounts import services as account_services
from portal.extensions import csrf, db
from portal.site import bp, services
from portal.site.forms import ProblemReportForm
from portal.site.models import ProblemKind, ProblemReportCreate
from portal.web.htmx import render
from portal.web.i18n import LANGUAGE_COOKIE, LANGUAGES, current_language
from portal.web.urls import safe_next

#: When the accessibility statement was prepared and last reviewed.
STATEMENT_PREPARED = date(2026, 11, 22)
STATEMENT_REVIEWED = date(2026, 11, 22)


@bp.get("/")
def home() -> Response:
    """The front page: what the portal is for and how to take part."""
    return render("site/home.html")


@bp.get("/get-help-now")
def get_help() -> Response:
    """Crisis contacts with links that call or text straight away."""
    return render("site/get_help.html")


@bp.get("/privacy")
def privacy() -> Response:
    """The privacy notice in plain words."""
    return render("site/privacy.html")


@bp.get("/accessibility")
def accessibility() -> Response:
    """The accessibility statement the public sector regulations ask for."""
    return render(
        "site/accessibility.html",
        prepared=STATEMENT_PREPARED,
        reviewed=STATEMENT_REVIEWED,
    )


@bp.get("/language")
def choose_language() -> Response:
    """Every language the portal speaks, each named in itself."""
    return render("site/language.html", next_url=safe_next(request.args.get("next")))


@bp.post("/language")
def set_language() -> Response:
    """Remember the chosen language in a cookie and go back to the page."""
    code = request.form.get("language", "")
    if code not in LANGUAGES:
        abort(400)
    if current_user.is_authenticated:
        account_services.set_language(db.session, account=current_user.account, language=code)
    response = redirect(safe_next(request.form.get("next")), code=303)
    response.set_cookie(
        LANGUAGE_COOKIE,
        code,
        max_age=365 * 24 * 3600,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response


@bp.route("/report-a-problem", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own CSRF token, so a stale one re-shows what was typed.
def report_problem() -> Response:
    """Report an accessibility, translation or other problem; saved before anything else."""
    form = ProblemReportForm()
    if request.method == "GET":
        kind = request.args.get("kind")
        if kind in ProblemKind.__members__:
            form.kind.data = kind
        form.page.data = safe_next(request.args.get("from")) if request.args.get("from") else ""
    if form.validate_on_submit():
        session = db.session
        form.spend_token(session)
        services.report_problem(
            session,
            report=ProblemReportCreate(
                kind=ProblemKind(form.kind.data),
                page=form.page.data or "",
                description=form.description.data,
                language=current_language().code,
            ),
        )
        session.commit()
        return redirect(url_for("site.problem_reported"), code=303)
    status = 422 if form.errors else 200
    return render("site/report_problem.html", form=form, status=status)


@bp.get("/report-a-problem/sent")
def problem_reported() -> Response:
    """Confirm the report was saved and say what happens next."""
    return render("site/problem_reported.html")


@bp.get("/healthz")
def healthz() -> Response:
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        return Response("database unavailable\n", status=503, mimetype="text/plain")
    return Response("ok\n", mimetype="text/plain")
