"""Routes for the pages every visitor can read."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.accounts import services as account_services
from portal.extensions import csrf, db
from portal.site import bp, queries, services
from portal.site.forms import ConfirmForm, ProblemReportForm
from portal.site.models import ProblemKind, ProblemReport, ProblemReportCreate, ProblemStatus
from portal.web.htmx import render
from portal.web.i18n import LANGUAGE_COOKIE, LANGUAGES, current_language
from portal.web.permissions import PERMISSIONS, ROLE_NAMES, requires
from portal.web.urls import page_number, safe_next
from portal.web.page_cache import for_visitors

#: When the accessibility statement was prepared and last reviewed.
STATEMENT_PREPARED = date(2026, 11, 22)
STATEMENT_REVIEWED = date(2026, 11, 22)


@bp.get("/")
@for_visitors
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


@bp.get("/who-can-see-what")
def who_can_see_what() -> Response:
    """Which roles may see or do each thing, drawn from the same table every page checks."""
    return render(
        "site/who_can_see_what.html",
        role_names=list(ROLE_NAMES.values()),
        rows=[
            (action, permission.description, [role in permission.roles for role in ROLE_NAMES])
            for action, permission in PERMISSIONS.items()
        ],
    )


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


REPORT_STATUS_NAMES = {
    ProblemStatus.new: _l("New"),
    ProblemStatus.in_hand: _l("Being looked at"),
    ProblemStatus.fixed: _l("Fixed"),
    ProblemStatus.wont_fix: _l("Will not be fixed"),
}
REPORT_KIND_NAMES = {
    ProblemKind.accessibility: _l("Could not use part of the website"),
    ProblemKind.translation: _l("Translation"),
    ProblemKind.other: _l("Something else"),
}


@bp.get("/admin/problem-reports")
@requires("problem_reports.review")
def problem_reports() -> Response:
    """Problems people reported with the website, newest first."""
    page = page_number()
    wanted = request.args.get("status") or None
    if wanted and wanted not in ProblemStatus.__members__:
        abort(404)
    status = ProblemStatus(wanted) if wanted else None
    rows, has_next = queries.reports_page(db.session, status=status, page=page, per_page=25)
    return render(
        "site/problem_reports.html",
        rows=rows,
        page=page,
        has_next=has_next,
        shown_status=status,
        status_names=REPORT_STATUS_NAMES,
        kind_names=REPORT_KIND_NAMES,
        language_table=LANGUAGES,
        confirm=ConfirmForm(),
    )


@bp.post("/admin/problem-reports/<uuid:report_id>/status")
@requires("problem_reports.review")
def set_report_status(report_id: uuid.UUID) -> Response:
    """Say how a reported problem is being handled."""
    report = db.session.get(ProblemReport, report_id)
    if report is None:
        abort(404)
    form = ConfirmForm()
    chosen = request.form.get("status", "")
    if not form.validate_on_submit() or chosen not in ProblemStatus.__members__:
        abort(400)
    services.set_report_status(db.session, report=report, status=ProblemStatus(chosen), actor_id=current_user.id)
    flash(_("Status saved."), "success")
    return redirect(url_for("site.problem_reports"), code=303)
