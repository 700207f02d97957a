"""Routes for safeguarding leads: the queue of open cases, most overdue first, and each case
with what the person wrote, exactly as written. Titles and addresses stay neutral."""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice
from werkzeug.wrappers import Response

from portal.accounts.models import Account
from portal.extensions import csrf, db
from portal.safeguarding import bp, queries, services
from portal.db import utc_now
from portal.safeguarding.deadlines import shift_times
from portal.safeguarding.forms import (
    NAMES,
    AssignForm,
    BreakGlassForm,
    CloseForm,
    ConfirmForm,
    NoActionForm,
    NoteForm,
    ReferForm,
    ShareForm,
    ShiftForm,
    TriageForm,
)
from portal.safeguarding.models import Case, CaseCategory, Disclosure, LawfulBasis, OutcomesMet, Urgency
from portal.safeguarding.services import SafeguardingError
from portal.web.htmx import render
from portal.web.permissions import requires
from portal.web.urls import page_number

PER_PAGE = 25
VAULT_NAMES = {"phone": _l("Phone number"), "name": _l("The person's name"), "other": _l("Other details")}
STEP_MESSAGES = {
    "wrong_step": ("category", _l("This case has moved on. Check its status and try again.")),
    "s42_needed": ("s42_care_needs", _l("Record the three criteria for an adult")),
    "referred_to_needed": ("referred_to", _l("Say who it was referred to")),
    "reason_needed": ("reason", _l("Give the reason")),
    "wishes_needed": ("wishes", _l("Write what the person wanted, or why you could not ask")),
    "share_details_needed": ("with_whom", _l("Say who you are sharing it with and on what lawful basis")),
    "not_a_lead": ("lead", _l("Choose a safeguarding lead from the list")),
}


def _case_or_404(case_id: uuid.UUID) -> Case:
    case = db.session.get(Case, case_id)
    if case is None:
        abort(404)
    return case


@bp.get("/cases")
@requires("safeguarding.handle")
def queue() -> Response:
    """Open cases, the most overdue first."""
    page = page_number()
    rows, has_next = queries.open_cases(db.session, page=page, per_page=PER_PAGE)
    return render("safeguarding/queue.html", rows=rows, page=page, has_next=has_next, **NAMES)


def _assign_form() -> AssignForm:
    form = AssignForm()
    form.lead.choices = [SelectChoice(str(lead_id), name) for lead_id, name in queries.lead_names(db.session)]
    return form


def _case_page(case: Case, *, status: int = 200, **forms) -> Response:
    disclosure = db.session.get(Disclosure, case.disclosure_id)
    author = db.session.get(Account, disclosure.account_id) if disclosure.account_id else None
    blank = {
        "note": NoteForm, "triage": TriageForm, "refer": ReferForm, "no_action": NoActionForm,
        "close_form": CloseForm, "share": ShareForm, "assign_form": _assign_form,
    }
    return render(
        "safeguarding/case.html",
        case=case,
        disclosure=disclosure,
        pseudonym=author.pseudonym if author else None,
        notes=queries.notes(db.session, case.id),
        decisions=queries.share_decisions(db.session, case.id),
        confirm=ConfirmForm(),
        idea_held=queries.idea_held(db.session, disclosure.idea_id),
        has_identity=queries.has_vault_entries(db.session, disclosure.account_id, case.id),
        status=status,
        **{name: forms.get(name) or form() for name, form in blank.items()},
        **NAMES,
    )


@bp.route("/cases/<uuid:case_id>", methods=["GET", "POST"])
@csrf.exempt  # The note form checks its own token so an expired one keeps what was typed.
@requires("safeguarding.handle")
def show(case_id: uuid.UUID) -> Response:
    """One case: what the person wrote, how it came to us, its record, and the next steps."""
    case = _case_or_404(case_id)
    note = NoteForm()
    if note.validate_on_submit():
        note.spend_token(db.session)
        services.add_note(db.session, case=case, lead_id=current_user.id, text=note.text.data)
        flash(_("Added to the record."), "success")
        return redirect(url_for("safeguarding.show", case_id=case.id), code=303)
    return _case_page(case, note=note, status=422 if note.errors else 200)


def _step(case_id: uuid.UUID, form_class, name: str, act) -> Response:
    """Validate one step's form, take the step, and show the case again (with the errors)."""
    case = _case_or_404(case_id)
    form = form_class()
    if form.validate_on_submit():
        try:
            form.spend_token(db.session)
            act(case, form)
        except SafeguardingError as error:
            db.session.rollback()
            field, message = STEP_MESSAGES[error.code]
            target = form[field] if field in form else next(item for item in form if item.type not in ("CSRFTokenField", "HiddenField"))
            target.errors = [*target.errors, message]
        else:
            flash(_("Saved to the case."), "success")
            return redirect(url_for("safeguarding.show", case_id=case.id), code=303)
    return _case_page(case, status=422, **{name: form})


@bp.post("/cases/<uuid:case_id>/triage")
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("safeguarding.handle")
def triage(case_id: uuid.UUID) -> Response:
    """Say what kind of harm it is and how urgent; for an adult, the three s42 criteria."""

    def act(case, form):
        adult = form.about_adult.data == "yes"
        services.triage(
            db.session, case=case, lead_id=current_user.id, category=CaseCategory(form.category.data), urgency=Urgency(form.urgency.data),
            about_adult=adult, s42=(form.s42_care_needs.data, form.s42_experiencing_abuse.data, form.s42_cannot_protect_self.data) if adult else None,
        )

    return _step(case_id, TriageForm, "triage", act)


@bp.post("/cases/<uuid:case_id>/refer")
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("safeguarding.handle")
def refer(case_id: uuid.UUID) -> Response:
    """Record who the case was referred to."""
    return _step(
        case_id, ReferForm, "refer",
        lambda case, form: services.refer(db.session, case=case, lead_id=current_user.id, to=form.referred_to.data, reference=form.reference.data or ""),
    )


@bp.post("/cases/<uuid:case_id>/no-further-action")
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("safeguarding.handle")
def no_further_action(case_id: uuid.UUID) -> Response:
    """No further action, with the reason."""
    return _step(
        case_id, NoActionForm, "no_action",
        lambda case, form: services.no_further_action(db.session, case=case, lead_id=current_user.id, reason=form.reason.data),
    )


@bp.post("/cases/<uuid:case_id>/close")
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("safeguarding.handle")
def close(case_id: uuid.UUID) -> Response:
    """Close the case with the person's wishes and whether they were met."""
    return _step(
        case_id, CloseForm, "close_form",
        lambda case, form: services.close(db.session, case=case, lead_id=current_user.id, wishes=form.wishes.data, outcomes_met=OutcomesMet(form.outcomes_met.data)),
    )


@bp.post("/cases/<uuid:case_id>/share")
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("safeguarding.handle")
def share(case_id: uuid.UUID) -> Response:
    """Log a decision to share or not to share, with the reason and lawful basis."""
    return _step(
        case_id, ShareForm, "share",
        lambda case, form: services.decide_sharing(
            db.session, case=case, lead_id=current_user.id, shared=form.shared.data == "yes", with_whom=form.with_whom.data or "",
            reason=form.reason.data, lawful_basis=LawfulBasis(form.lawful_basis.data),
        ),
    )


@bp.post("/cases/<uuid:case_id>/assign")
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("safeguarding.handle")
def assign(case_id: uuid.UUID) -> Response:
    """Give the case to another safeguarding lead."""
    return _step(
        case_id, _assign_form, "assign_form",
        lambda case, form: services.assign(db.session, case=case, lead_id=current_user.id, to_id=uuid.UUID(form.lead.data)),
    )


@bp.route("/cases/<uuid:case_id>/identity", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("safeguarding.open_identity")
def identity(case_id: uuid.UUID) -> Response:
    """Break glass: see the identifying details the person gave, after giving a reason."""
    case = _case_or_404(case_id)
    form = BreakGlassForm()
    opened = None
    if form.validate_on_submit():
        form.spend_token(db.session)
        opened = services.break_glass(db.session, case=case, lead_id=current_user.id, reason=form.reason.data, tell_person=not form.keep_from_person.data)
    return render("safeguarding/identity.html", case=case, form=form, opened=opened, vault_names=VAULT_NAMES, status=422 if form.errors else 200)


@bp.route("/cases/rota", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("safeguarding.handle")
def rota() -> Response:
    """Who is on duty: new cases alert them (everyone, when nobody is)."""
    form = ShiftForm(data={"lead": str(current_user.id)})
    form.lead.choices = [SelectChoice(str(lead_id), name) for lead_id, name in queries.lead_names(db.session)]
    if form.validate_on_submit():
        try:
            starts, ends = shift_times(form.day.data, form.starts.data, form.ends.data)
            form.spend_token(db.session)
            services.add_shift(db.session, lead_id=uuid.UUID(form.lead.data), starts_at=starts, ends_at=ends, actor_id=current_user.id)
        except (ValueError, SafeguardingError):
            db.session.rollback()
            form.day.errors = [*form.day.errors, _("Enter a day like 2027-03-14 and times like 09:00 and 17:00")]
        else:
            flash(_("Added to the rota."), "success")
            return redirect(url_for("safeguarding.rota"), code=303)
    return render("safeguarding/rota.html", form=form, shifts=queries.shifts(db.session, since=utc_now()), status=422 if form.errors else 200)


@bp.post("/cases/<uuid:case_id>/acknowledge")
@requires("safeguarding.handle")
def acknowledge(case_id: uuid.UUID) -> Response:
    """Say you have the case; it becomes yours."""
    case = _case_or_404(case_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.acknowledge(db.session, case=case, lead_id=current_user.id)
    except SafeguardingError:
        db.session.rollback()
        flash(_("Someone has already acknowledged this."), "error")
    return redirect(url_for("safeguarding.show", case_id=case.id), code=303)


@bp.post("/cases/<uuid:case_id>/release")
@requires("safeguarding.handle")
def release(case_id: uuid.UUID) -> Response:
    """Send a wrongly held idea on to normal moderation; the disclosure and the case stay."""
    from portal.ideas import services as ideas
    from portal.ideas.models import Idea

    case = _case_or_404(case_id)
    disclosure = db.session.get(Disclosure, case.disclosure_id)
    idea = db.session.get(Idea, disclosure.idea_id) if disclosure.idea_id else None
    if idea is None or not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        ideas.release(db.session, idea=idea, lead_id=current_user.id)
    except ideas.IdeaError:
        db.session.rollback()
        flash(_("That idea is not held any more."), "error")
    else:
        flash(_("The idea has gone to the moderators. This case stays open until you close it."), "success")
    return redirect(url_for("safeguarding.show", case_id=case.id), code=303)
