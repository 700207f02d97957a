"""Routes for claims: make one (for yourself, or as a connector for someone who asks), see
your own, and for staff: decide, read receipts, export for finance."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.caseload.access import contributor
from portal.claims import bp, queries, services
from portal.claims.forms import KIND_NAMES, STATUS_NAMES, ClaimForm, DecisionForm
from portal.claims.models import RECEIPT_MAX_BYTES, Claim, ClaimKind, ClaimStatus, Receipt
from portal.claims.services import ClaimError
from portal.extensions import csrf, db, login_manager
from portal.groups.access import group_or_404
from portal.groups.models import Group, MemberStatus, Membership
from portal.meetings.forms import ConfirmForm
from portal.meetings.models import Meeting
from portal.settings.queries import service_settings
from portal.web.csv_export import csv_response
from portal.web.htmx import render
from portal.web.permissions import can, requires
from portal.web.urls import page_number

PER_PAGE = 25
MESSAGES = {
    "not_member": ("kind", _l("Only members of the group can claim for its meetings.")),
    "cancelled": ("kind", _l("This meeting was cancelled, so there is nothing to claim.")),
    "not_yet": ("kind", _l("You can claim once the meeting has started.")),
    "too_late": ("kind", _l("Claims must be made within 90 days of the meeting. Ask the facilitator if you could not claim in time.")),
    "not_offered": ("kind", _l("This meeting did not offer that support. Choose from the list.")),
    "already_claimed": ("kind", _l("You have already claimed this for this meeting.")),
    "amount": ("amount", _l("Enter an amount from £0.01 to £500")),
    "receipt_needed": ("receipt", _l("Add a photo or PDF of the receipt. Childcare or carer cover, and travel over £10, need one.")),
    "receipt_too_big": ("receipt", _l("The receipt must be smaller than 5 MB. Take a smaller photo and choose it again.")),
    "receipt_type": ("receipt", _l("The receipt must be a photo (JPEG, PNG or HEIC) or a PDF")),
    "not_yours": ("person_asked", _l("You can only claim for people you support.")),
    "no_consent": ("person_asked", _l("This person has not agreed to you acting for them. They can agree in person with you.")),
    "not_asked": ("person_asked", _l("Only claim for someone when they ask you to. Tick the box to confirm they did.")),
    "already_decided": ("decision", _l("Someone has already decided this claim.")),
    "own_claim": ("decision", _l("You cannot decide your own claim. Ask another member of staff.")),
    "reason_needed": ("note", _l("Say why, so the person understands")),
}


def _show_error(form, error: ClaimError) -> None:
    db.session.rollback()
    field, message = MESSAGES[error.code]
    form[field].errors = [*form[field].errors, message]


def _meeting(meeting_id: uuid.UUID) -> tuple[Meeting, Group]:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    return meeting, group_or_404(meeting.group_id)


def _kinds(meeting: Meeting) -> list[ClaimKind]:
    return [kind for kind in ClaimKind if services.offered(meeting, kind)]


@bp.route("/meetings/<uuid:meeting_id>/claim", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("claims.make")
def make(meeting_id: uuid.UUID) -> Response:
    """Claim travel costs, childcare or carer cover, or payment for time at a meeting."""
    request.max_content_length = RECEIPT_MAX_BYTES + 256 * 1024
    meeting, group = _meeting(meeting_id)
    person = contributor()
    helping = person.id != current_user.id
    membership = db.session.get(Membership, (meeting.group_id, person.id))
    if membership is None or membership.status != MemberStatus.active:
        abort(403)
    rate = service_settings().payment_rate_pence_per_hour
    form = ClaimForm()
    form.kind.choices = [(kind.value, KIND_NAMES[kind]) for kind in _kinds(meeting)]
    if not helping:
        del form.person_asked
    if form.validate_on_submit():
        upload = form.receipt.data
        try:
            form.spend_token(db.session)
            services.submit_claim(
                db.session,
                meeting=meeting,
                account_id=person.id,
                kind=ClaimKind(form.kind.data),
                amount_pence=form.amount.data,
                details=form.details.data or "",
                receipt=upload.read(RECEIPT_MAX_BYTES + 1) if upload else None,
                rate_pence_per_hour=rate,
                connector_id=current_user.id if helping else None,
                person_asked=bool(helping and form.person_asked.data),
            )
        except ClaimError as error:
            _show_error(form, error)
        else:
            flash(_("Claim sent. Staff will check it and you will get a message when it is decided."), "success")
            if helping:
                return redirect(url_for("caseload.people"), code=303)
            return redirect(url_for("claims.mine"), code=303)
    if form.errors and form.receipt.data and "receipt" not in form.errors:
        form.receipt.errors = [_("Choose the receipt again: a browser cannot keep a file after a mistake on the page.")]
    return render(
        "claims/make.html",
        form=form,
        meeting=meeting,
        group_name=None if group.sensitive else group.name,
        person=person,
        helping=helping,
        payment=services.payment_for(meeting, rate) if meeting.offers_payment else 0,
        waive=ConfirmForm(),
        status=422 if form.errors else 200,
    )


@bp.post("/meetings/<uuid:meeting_id>/no-payment")
@requires("claims.make")
def waive(meeting_id: uuid.UUID) -> Response:
    """Say you would rather not be paid for your time at this meeting."""
    meeting, _group = _meeting(meeting_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.waive_payment(db.session, meeting=meeting, account_id=current_user.id)
    except ClaimError as error:
        db.session.rollback()
        flash(str(MESSAGES[error.code][1]), "error")
        return redirect(url_for("claims.make", meeting_id=meeting.id), code=303)
    flash(_("Thank you. We have noted that you would rather not be paid for this meeting."), "success")
    return redirect(url_for("claims.mine"), code=303)


@bp.get("/claims/mine")
@requires("claims.make")
def mine() -> Response:
    """Your claims and what happened to them, and meetings you can still claim for."""
    return render(
        "claims/mine.html",
        rows=queries.of_person(db.session, current_user.id),
        meetings=queries.claimable_meetings(db.session, current_user.id),
        kind_names=KIND_NAMES,
        status_names=STATUS_NAMES,
    )


@bp.get("/claims")
@requires("claims.review")
def review() -> Response:
    """Claims waiting for a decision (or approved, not approved, declined), for staff."""
    try:
        status = ClaimStatus(request.args.get("status", ClaimStatus.submitted.value))
    except ValueError:
        abort(404)
    page = page_number()
    rows, has_next = queries.for_review(db.session, status=status, page=page, per_page=PER_PAGE)
    return render(
        "claims/review.html",
        rows=rows,
        shown=status,
        statuses=ClaimStatus,
        page=page,
        has_next=has_next,
        kind_names=KIND_NAMES,
        status_names=STATUS_NAMES,
        this_month=datetime.now(UTC).strftime("%Y-%m"),
    )


@bp.route("/claims/<uuid:claim_id>", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("claims.review")
def decide(claim_id: uuid.UUID) -> Response:
    """One claim with its receipt; approve it for payment or say why not."""
    row = queries.one(db.session, claim_id)
    if row is None:
        abort(404)
    form = DecisionForm()
    if row.claim.status == ClaimStatus.submitted and form.validate_on_submit():
        try:
            form.spend_token(db.session)
            services.decide_claim(
                db.session, claim=row.claim, approve=form.decision.data == "approve", note=form.note.data or "", actor_id=current_user.id
            )
        except ClaimError as error:
            _show_error(form, error)
        else:
            flash(_("Decision saved. The person has a message about it."), "success")
            return redirect(url_for("claims.review"), code=303)
    return render(
        "claims/decide.html",
        row=row,
        form=form,
        kind_names=KIND_NAMES,
        status_names=STATUS_NAMES,
        status=422 if form.errors else 200,
    )


@bp.get("/claims/<uuid:claim_id>/receipt")
def receipt(claim_id: uuid.UUID) -> Response:
    """The receipt file, for the person who claimed and for staff only."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not (can("claims.make") or can("claims.review")):
        abort(403)
    claim = db.session.get(Claim, claim_id)
    found = db.session.get(Receipt, claim_id) if claim else None
    if found is None or (claim.account_id != current_user.id and not can("claims.review")):
        abort(404)
    extension = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf", "image/heic": "heic"}[found.content_type]
    response = Response(found.content, mimetype=found.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="receipt.{extension}"'
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.get("/claims/export.csv")
@requires("claims.review")
def export() -> Response:
    """Approved claims for one month, for finance (spreadsheet formulas neutralised)."""
    month = request.args.get("month", "")
    try:
        start = datetime.strptime(month, "%Y-%m").replace(tzinfo=UTC)
    except ValueError:
        flash(_("Choose a month, like 2027-03"), "error")
        return redirect(url_for("claims.review", status="approved"), code=303)
    end = start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)
    rows = queries.approved_between(db.session, start, end)
    return csv_response(
        f"claims-{month}.csv",
        ["claim", "approved_on", "person", "meeting_date", "group", "kind", "amount_gbp", "details", "receipt", "with_help_from_connector"],
        (
            [
                str(row.claim.id),
                row.claim.decided_at.date().isoformat(),
                row.pseudonym,
                row.starts_at.date().isoformat(),
                row.group_name or str(_l("A group")),
                row.claim.kind.value,
                f"{row.claim.amount_pence // 100}.{row.claim.amount_pence % 100:02d}",
                row.claim.details,
                "yes" if row.has_receipt else "no",
                "yes" if row.helped else "no",
            ]
            for row in rows
        ),
    )
