"""Routes for a connector's caseload: the people they support, quick contacts, CSV export."""

from __future__ import annotations

import uuid
from datetime import date

from flask import abort, current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.accounts.models import Account
from portal.caseload import bp, queries, services
from portal.caseload.forms import KIND_NAMES, ContactForm
from portal.caseload.models import ContactKind
from portal.caseload.services import CaseloadError
from portal.claims import queries as claim_queries
from portal.extensions import csrf, db
from portal.web.csv_export import csv_response
from portal.web.htmx import render
from portal.web.permissions import requires

CHANNEL_NAMES = {"email": _l("Email"), "sms": _l("Text message"), "connector": _l("Through you")}
MESSAGES = {"future": _l("The date cannot be in the future"), "not_yours": _l("You can only record contacts with people you support")}


@bp.get("/connector/people")
@requires("accounts.assist")
def people() -> Response:
    """The people you support, by the name they use here, those to reach out to first."""
    rows = queries.caseload(
        db.session, connector_id=current_user.id, reach_out_after_days=current_app.config["REACH_OUT_AFTER_DAYS"], today=date.today()
    )
    return render("caseload/people.html", rows=rows, channel_names=CHANNEL_NAMES, days=current_app.config["REACH_OUT_AFTER_DAYS"])


@bp.route("/connector/people/<uuid:person_id>/contact", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("accounts.assist")
def record_contact(person_id: uuid.UUID) -> Response:
    """Note a contact in under a minute: date, how, where, support given, follow-up."""
    person = db.session.get(Account, person_id)
    if person is None or person.supported_by_id != current_user.id:
        abort(404)
    form = ContactForm(data={"contact_date": date.today().isoformat(), "kind": ContactKind.in_person.value})
    if form.validate_on_submit():
        try:
            form.spend_token(db.session)
            services.record_contact(
                db.session,
                connector_id=current_user.id,
                person_id=person.id,
                contact_date=date.fromisoformat(form.contact_date.data),
                kind=ContactKind(form.kind.data),
                venue=form.venue.data or "",
                support_given=form.support_given.data or "",
                follow_up_needed=form.follow_up_needed.data,
                follow_up=form.follow_up.data or "",
                today=date.today(),
            )
        except CaseloadError as error:
            db.session.rollback()
            form.contact_date.errors = [*form.contact_date.errors, MESSAGES[error.code]]
        else:
            flash(_("Contact saved."), "success")
            return redirect(url_for("caseload.people"), code=303)
    return render(
        "accounts/form_page.html",
        form=form,
        heading=_("Contact with %(name)s", name=person.pseudonym),
        intro=[],
        submit=_("Save contact"),
        hints={"contact_date": _("For example, 2027-03-14")},
        action=url_for("caseload.record_contact", person_id=person.id),
        types={"contact_date": "date"},
        status=422 if form.errors else 200,
    )


@bp.get("/connector/people/<uuid:person_id>/claim")
@requires("accounts.assist")
def claim_for(person_id: uuid.UUID) -> Response:
    """Meetings someone you support can still claim for, to claim with them when they ask."""
    if services.may_act_for(db.session, connector_id=current_user.id, person_id=person_id) is None:
        abort(404)
    person = db.session.get(Account, person_id)
    return render("caseload/claim_for.html", person=person, meetings=claim_queries.claimable_meetings(db.session, person.id))


@bp.get("/connector/contacts.csv")
@requires("accounts.assist")
def export() -> Response:
    """Your contact records as CSV for the service's main record system."""
    rows = queries.contact_rows(db.session, connector_id=current_user.id)
    return csv_response(
        "contacts.csv",
        ["date", "person", "kind", "venue", "support_given", "follow_up_needed", "follow_up"],
        (
            [r.contact_date.isoformat(), pseudonym, str(KIND_NAMES[r.kind]), r.venue, r.support_given, "yes" if r.follow_up_needed else "no", r.follow_up]
            for r, pseudonym in rows
        ),
    )
