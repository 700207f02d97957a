"""Routes for a person's own data (see it, download it, delete the account) and, for
administrators, the log of requests about data. No route takes an account id: a person only
ever reaches their own data."""

from __future__ import annotations

import json
import uuid
from datetime import date

from flask import abort, flash, redirect, request, session, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from portal.changes.feedback import ANSWER_NAMES, QUESTION_TEXTS
from portal.claims.forms import KIND_NAMES as CLAIM_KIND_NAMES
from portal.claims.forms import STATUS_NAMES as CLAIM_STATUS_NAMES
from portal.extensions import db
from portal.groups.forms import TOUCHPOINT_NAMES
from portal.ideas.forms import HIDE_REASON_NAMES, REPORT_REASON_NAMES
from portal.ideas.forms import STATUS_NAMES as IDEA_STATUS_NAMES
from portal.proposals.forms import SUPPORT_NAMES
from portal.rights import bp, queries, services
from portal.rights.forms import CONSENT_NAMES, KIND_NAMES, STATUS_NAMES, DeleteAccountForm, LogRequestForm, UpdateRequestForm
from portal.rights.models import RequestKind, RequestStatus, RightsRequest
from portal.rights.services import Contributions, RightsError
from portal.safeguarding.forms import CONTACT_NAMES
from portal.web.htmx import render
from portal.web.i18n import LANGUAGES
from portal.web.permissions import ROLE_NAMES, requires
from portal.web.urls import page_number

ANSWERED_PER_PAGE = 25
#: Set in the signed-out session after a deletion, for the page that confirms it once.
DELETED_KEY = "account_deleted"
MESSAGES = {
    "wrong_password": ("password", _l("That password or PIN is not right. Nothing has been deleted")),
    "last_admin": ("contributions", _l("You are the only administrator. Give the administrator role to someone else first, then delete your account")),
    "last_safeguarding_lead": ("contributions", _l("You are the only safeguarding lead. Ask an administrator to give the role to someone else first, then delete your account")),
    "who_asked": ("requester", _l("Enter their name on this website, or tick that they asked by letter, phone or in person")),
    "requester_too_long": ("requester", _l("Use 64 characters or fewer")),
    "received_in_future": ("received_on", _l("The day it arrived cannot be in the future")),
    "reason_needed": ("reason", _l("Say why, so the person can be told")),
    "reason_too_long": ("reason", _l("Use 1000 characters or fewer")),
    "too_late_to_extend": ("status", _l("A request can only be extended within the first month. Answer it as soon as you can")),
}
#: The names the page uses for codes stored in the data.
NAMES = {
    "touchpoint_names": TOUCHPOINT_NAMES,
    "idea_status_names": IDEA_STATUS_NAMES,
    "hide_reason_names": HIDE_REASON_NAMES,
    "report_reason_names": REPORT_REASON_NAMES,
    "claim_kind_names": CLAIM_KIND_NAMES,
    "claim_status_names": CLAIM_STATUS_NAMES,
    "support_names": SUPPORT_NAMES,
    "question_texts": QUESTION_TEXTS,
    "answer_names": ANSWER_NAMES,
    "contact_names": CONTACT_NAMES,
    "language_names": LANGUAGES,
    "consent_names": CONSENT_NAMES,
    "role_names": ROLE_NAMES,
}


def _show_error(form, error: RightsError) -> int:
    """Put a service error on its field; return the status to answer with."""
    db.session.rollback()
    if error.code == "throttled":
        message = ngettext(
            "Too many tries. Wait %(num)s minute, then try again.",
            "Too many tries. Wait %(num)s minutes, then try again.",
            error.wait_minutes,
        )
        form.password.errors = [*form.password.errors, message]
        return 429
    field, message = MESSAGES[error.code]
    form[field].errors = [*form[field].errors, message]
    return 422


@bp.get("/account/my-data")
@requires("account.manage_own")
def my_data() -> Response:
    """Everything you gave or wrote here, to read, with a button to download it."""
    data = queries.my_data(db.session, current_user.account)
    return render("rights/my_data.html", data=data, **NAMES)


@bp.get("/account/my-data.json")
@requires("account.manage_own")
def my_data_json() -> Response:
    """The same as a file to keep or take elsewhere (JSON)."""
    data = queries.my_data(db.session, current_user.account).as_json()
    data = {
        "about": str(_l("Everything you gave or wrote on this website. What other people wrote about you, and how you voted in secret ballots, is not here.")),
        "secret_ballots_note": str(_l("A secret ballot is kept apart from the voter by design: we know you voted, and nobody can know how.")),
        **data,
    }
    response = Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@bp.route("/account/delete", methods=["GET", "POST"])
@requires("account.manage_own")
def delete_account() -> Response:
    """Delete your account for good, after choosing what happens to what you shared."""
    account = current_user.account
    form = DeleteAccountForm()
    status = None
    if form.validate_on_submit():
        try:
            services.confirm_it_is_you(db.session, account=account, secret=form.password.data, address=request.remote_addr)
            form.spend_token(db.session)
            services.delete_account(db.session, account=account, contributions=Contributions(form.contributions.data))
        except RightsError as error:
            status = _show_error(form, error)
        else:
            logout_user()
            session.clear()
            # Only the choice goes in the cookie: whether there is a safeguarding record must
            # not be readable from a browser someone else may use.
            session[DELETED_KEY] = form.contributions.data
            return redirect(url_for("rights.deleted"), code=303)
    return render(
        "rights/delete.html",
        form=form,
        record=queries.safeguarding_record_of(db.session, account.id),
        status=status or (422 if form.errors else 200),
    )


@bp.get("/account/deleted")
def deleted() -> Response:
    """Once, straight after a deletion: what went, and what is kept."""
    contributions = session.pop(DELETED_KEY, None)
    if contributions not in set(Contributions):
        return redirect(url_for("site.home"), code=303)
    return render("rights/deleted.html", contributions=contributions)


@bp.get("/admin/requests")
@requires("rights.manage")
def requests() -> Response:
    """Requests about people's data: those still to answer (overdue first), then answered ones."""
    today = services.uk_today()
    waiting = queries.waiting_requests(db.session, today=today)
    page = page_number()
    answered, has_next = queries.answered_requests(db.session, page=page, per_page=ANSWERED_PER_PAGE)
    return render(
        "rights/requests.html",
        waiting=waiting,
        overdue=sum(row.overdue for row in waiting),
        answered=answered,
        page=page,
        has_next=has_next,
        today=today,
        kind_names=KIND_NAMES,
        status_names=STATUS_NAMES,
    )


@bp.route("/admin/requests/new", methods=["GET", "POST"])
@requires("rights.manage")
def log_request() -> Response:
    """Log a request someone made about their data; the answer is due in one calendar month."""
    form = LogRequestForm() if request.method == "POST" else LogRequestForm(data={"received_on": services.uk_today().isoformat()})
    status = None
    if form.validate_on_submit():
        try:
            form.spend_token(db.session)
            logged = services.log_request(
                db.session,
                kind=RequestKind(form.kind.data),
                received_on=date.fromisoformat(form.received_on.data),
                requester=form.requester.data or "",
                made_offline=form.made_offline.data,
                actor_id=current_user.id,
            )
        except RightsError as error:
            status = _show_error(form, error)
        else:
            flash(_("Request logged. Answer it by %(day)s.", day=format_date(logged.due_on, "d MMMM yyyy")), "success")
            return redirect(url_for("rights.requests"), code=303)
    return render("rights/log_request.html", form=form, status=status or (422 if form.errors else 200))


@bp.route("/admin/requests/<uuid:request_id>", methods=["GET", "POST"])
@requires("rights.manage")
def update_request(request_id: uuid.UUID) -> Response:
    """One request: when it arrived and is due, and a form to move it on."""
    found = db.session.get(RightsRequest, request_id)
    if found is None:
        abort(404)
    form = UpdateRequestForm() if request.method == "POST" else UpdateRequestForm(data={"status": found.status.value, "reason": found.reason})
    status = None
    if form.validate_on_submit():
        try:
            form.spend_token(db.session)
            services.update_request(
                db.session, request=found, status=RequestStatus(form.status.data), reason=form.reason.data or "", actor_id=current_user.id
            )
        except RightsError as error:
            status = _show_error(form, error)
        else:
            flash(_("Request updated."), "success")
            return redirect(url_for("rights.requests"), code=303)
    today = services.uk_today()
    return render(
        "rights/request.html",
        form=form,
        found=found,
        overdue=found.status in (RequestStatus.open, RequestStatus.extended) and found.due_on < today,
        extended_due=services.due_on(found.received_on, extended=True),
        kind_names=KIND_NAMES,
        status_names=STATUS_NAMES,
        status=status or (422 if form.errors else 200),
    )

