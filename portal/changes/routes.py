"""Routes for "you said, we did": the public board, a page per change, and the staff forms to
record a change and its updates."""

from __future__ import annotations

import uuid
from datetime import date
from urllib.parse import quote, urlencode

import segno
from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale, format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from portal.changes import bp, feedback, queries, services
from portal.changes.chart import bars
from portal.changes.forms import BETTER_NAMES, KIND_NAMES, STATUS_NAMES, AnswerForm, ChangeForm, CohortForm, MeasureForm, PromptForm, UpdateForm, number
from portal.changes.models import Answer, Better, Change, ChangeKind, ChangeStatus, Question, Unit
from portal.changes.services import ChangeError, NewChange, NewMeasure
from portal.content.reading import preload, translated
from portal.db import utc_now
from portal.extensions import csrf, db
from portal.groups.access import can_see, viewer_id
from portal.groups.forms import TOUCHPOINT_NAMES
from portal.groups.models import Group, Touchpoint
from portal.plan import queries as plan_queries
from portal.plan.forms import CONSISTENCY_NAMES, METHOD_NAMES
from portal.proposals import queries as proposal_queries
from portal.web.htmx import render, wants_fragment
from portal.web.i18n import LANGUAGES
from portal.web.permissions import can, requires
from portal.web.urls import page_number, uuid_arg
from portal.web.page_cache import for_visitors

PER_PAGE = 20
MEASURE_MESSAGES = {
    "value_out_of_range": ("baseline", _l("Enter values the unit allows: 0 to 100 for per cent, 0 to 1,000 per 1,000 people, no negative numbers")),
    "whole_number": ("baseline", _l("Enter whole numbers for a number of people or events")),
    "period_backwards": ("baseline_to", _l("A period must end on or after the day it starts")),
    "latest_before_baseline": ("latest_from", _l("The latest period cannot start before the period before the change")),
}
MESSAGES = {
    "reason_needed": ("status_reason", _l("Say why it is not taken forward")),
    "ideas": ("ideas", _l("Choose published ideas from the list")),
    "proposals": ("proposals", _l("Choose from the list")),
}


def _visible(change_id: uuid.UUID) -> tuple[Change, Group | None]:
    change = db.session.get(Change, change_id)
    if change is None:
        abort(404)
    group = db.session.get(Group, change.group_id) if change.group_id else None
    if group is not None and not can_see(group):
        abort(404)
    return change, group


@bp.get("/changes")
@for_visitors
def board() -> Response:
    """You said, we did: every change, by group, touchpoint and status."""
    page = page_number()
    touchpoint = request.args.get("touchpoint") or None
    status = request.args.get("status") or None
    if (touchpoint and touchpoint not in Touchpoint.__members__) or (status and status not in ChangeStatus.__members__):
        abort(404)
    group_id = uuid_arg("group")
    rows, has_next = queries.board(
        db.session, viewer_id=viewer_id(), staff=can("groups.manage"), group_id=group_id,
        touchpoint=Touchpoint(touchpoint) if touchpoint else None, status=ChangeStatus(status) if status else None, page=page, per_page=PER_PAGE,
    )
    preload(change for change, _name in rows)
    return render(
        "changes/board.html", rows=rows, page=page, has_next=has_next, chosen_status=status, chosen_touchpoint=touchpoint, chosen_group=group_id,
        statuses=ChangeStatus, touchpoints=Touchpoint, status_names=STATUS_NAMES, kind_names=KIND_NAMES, touchpoint_names=TOUCHPOINT_NAMES,
    )


def impact_value(value: float, unit: Unit) -> str:
    """A figure in the reader's language, with its unit."""
    number = format_decimal(value, format="#,##0.#")
    if unit == Unit.percent:
        return _("%(value)s%%", value=number)
    if unit == Unit.days:
        return ngettext("%(num)s day", "%(num)s days", int(value)) if value == int(value) else _("%(value)s days", value=number)
    if unit == Unit.per_thousand:
        return _("%(value)s per 1,000", value=number)
    return number


def _measures(change: Change) -> list[tuple]:
    """Each impact figure with its chart and the values as shown, in one query."""
    rows = []
    for measure in queries.measures(db.session, change.id):
        shown = {"baseline": impact_value(measure.baseline, measure.unit), "latest": impact_value(measure.latest, measure.unit)}
        target = impact_value(measure.target, measure.unit) if measure.target is not None else None
        rows.append((measure, bars(measure), shown, target))
    return rows


@bp.get("/changes/<uuid:change_id>/poster/<lang>")
def poster(change_id: uuid.UUID, lang: str) -> Response:
    """A poster of the change for community venues, in any supported language, to print."""
    change, group = _visible(change_id)
    if lang not in LANGUAGES or (group is not None and group.sensitive):
        abort(404)
    address = current_app.config["PUBLIC_URL"] + url_for("changes.show", change_id=change.id)
    with force_locale(lang):
        return render(
            "changes/poster.html", change=change, status_names=STATUS_NAMES, address=address,
            qr=segno.make(address, error="m").svg_data_uri(scale=4, dark="#000000", light="#ffffff"),
        )


def share_links(change: Change, title: str) -> list[tuple[str, str]]:
    """Plain links to share a change where communities already talk: no trackers, no scripts."""
    address = current_app.config["PUBLIC_URL"] + url_for("changes.show", change_id=change.id)
    text = f"{title} {address}"
    return [
        ("WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
        (str(_("Email")), "mailto:?" + urlencode({"subject": title, "body": address}, quote_via=quote)),
        (str(_("Text message")), "sms:?" + urlencode({"body": text}, quote_via=quote)),
    ]


@bp.get("/changes.atom")
def feed() -> Response:
    """The newest changes as an Atom feed (public groups only), in the reader's language."""
    rows, _has_next = queries.board(db.session, viewer_id=None, staff=False, group_id=None, touchpoint=None, status=None, page=1, per_page=50)
    preload(change for change, _name in rows)
    response = make_response(
        render_template(
            "changes/feed.xml", rows=rows, status_names=STATUS_NAMES, public_url=current_app.config["PUBLIC_URL"],
            updated=(rows[0][0].updated_at if rows else utc_now()).isoformat(),
        )
    )
    response.mimetype = "application/atom+xml"
    return response


FEEDBACK_MESSAGES = {
    "not_asked": _l("That question is no longer asked. Answer the questions shown."),
    "not_concerned": _l("Only the people this change is about can answer."),
    "unknown_cohort": _l("Choose from the list"),
    "answer_first": _l("Answer a question first."),
}


def _feedback(change: Change, measures: list, *, answer_error: str | None = None, prompt_form: PromptForm | None = None) -> dict:
    """The quick feedback section: the questions for the people the change concerns, and the
    answers so far for everyone, counted by cohort and suppressed."""
    questions = queries.prompt(db.session, change.id)
    counts = queries.answer_counts(db.session, change.id)
    given = {cohort for (_q, cohort, _a) in counts if cohort}
    cohorts = list(dict.fromkeys(measure.cohort for measure, *_rest in measures if measure.cohort))
    may_answer = bool(questions) and current_user.is_authenticated and services.concerned(db.session, change, current_user.id)
    mine, my_cohort = queries.my_answers(db.session, change.id, current_user.id) if may_answer else ({}, None)
    if prompt_form is None:
        prompt_form = PromptForm(data={"questions": [question.value for question in questions]})
    prompt_form.questions.choices = [(question.value, feedback.QUESTION_TEXTS[question]) for question in Question]
    return {
        "questions": questions,
        "results": feedback.results(questions, [cohort for cohort in cohorts if cohort in given], counts),
        "may_answer": may_answer,
        "mine": mine,
        "my_cohort": my_cohort,
        "cohorts": cohorts,
        "answer_error": answer_error,
        "answer_form": AnswerForm(),
        "prompt_form": prompt_form,
        "question_texts": feedback.QUESTION_TEXTS,
        "answer_names": feedback.ANSWER_NAMES,
    }


def _change_page(
    change: Change, group: Group | None, form: UpdateForm | None = None, status: int = 200, measure_form: MeasureForm | None = None,
    answer_error: str | None = None, prompt_form: PromptForm | None = None,
) -> Response:
    measures = _measures(change)
    proposals = queries.linked_proposals(db.session, change.id)
    preload([change, *proposals])
    return render(
        "changes/show.html",
        fragment="changes/_feedback.html",
        change=change,
        group_name=None if group is None or group.sensitive else group.name,
        sensitive=bool(group and group.sensitive),
        updates=queries.updates(db.session, change.id),
        ideas=queries.linked_ideas(db.session, change.id),
        proposals=proposals,
        form=form or UpdateForm(data={"status": change.status.value}),
        may_update=can("changes.manage"),
        share=share_links(change, translated(change, "title").text) if not (group and group.sensitive) else [],
        poster_languages=[] if group and group.sensitive else list(LANGUAGES.values()),
        measures=measures,
        measure_form=measure_form or MeasureForm(),
        better_names=BETTER_NAMES,
        status_names=STATUS_NAMES,
        kind_names=KIND_NAMES,
        touchpoint_names=TOUCHPOINT_NAMES,
        status=status,
        checks=plan_queries.checks(db.session, change.id) if can("evidence.view") else [],
        method_names=METHOD_NAMES,
        consistency_names=CONSISTENCY_NAMES,
        **_feedback(change, measures, answer_error=answer_error, prompt_form=prompt_form),
    )


@bp.get("/changes/<uuid:change_id>")
@for_visitors
def show(change_id: uuid.UUID) -> Response:
    """One change: what people said, what the service did, where it is up to, and why."""
    return _change_page(*_visible(change_id))


@bp.post("/changes/<uuid:change_id>/update")
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("changes.manage")
def update(change_id: uuid.UUID) -> Response:
    """Add a dated update; a new status tells everyone whose ideas it came from."""
    change, group = _visible(change_id)
    form = UpdateForm()
    if form.validate_on_submit():
        try:
            form.spend_token(db.session)
            services.update(db.session, change=change, status=ChangeStatus(form.status.data), note=form.note.data or "", actor_id=current_user.id)
        except ChangeError as error:
            db.session.rollback()
            message = _("Write what has happened, or choose a new status") if error.code == "nothing_new" else _("Say why it is not taken forward")
            form.note.errors = [*form.note.errors, message]
        else:
            flash(_("Update saved. Everyone whose ideas it came from has been told."), "success")
            return redirect(url_for("changes.show", change_id=change.id), code=303)
    return _change_page(change, group, form, status=422)


@bp.post("/changes/<uuid:change_id>/measures")
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("changes.manage")
def add_measure(change_id: uuid.UUID) -> Response:
    """Add an impact figure: baseline, latest and target, for a cohort."""
    change, group = _visible(change_id)
    form = MeasureForm()
    if form.validate_on_submit():
        data = NewMeasure(
            measure=form.measure.data, unit=Unit(form.unit.data), cohort=form.cohort.data or "",
            baseline=number(form.baseline.data), baseline_from=date.fromisoformat(form.baseline_from.data), baseline_to=date.fromisoformat(form.baseline_to.data),
            latest=number(form.latest.data), latest_from=date.fromisoformat(form.latest_from.data), latest_to=date.fromisoformat(form.latest_to.data),
            target=number(form.target.data), better=Better(form.better.data),
        )
        try:
            form.spend_token(db.session)
            services.add_measure(db.session, change=change, data=data, actor_id=current_user.id)
        except ChangeError as error:
            db.session.rollback()
            field, message = MEASURE_MESSAGES[error.code]
            form[field].errors = [*form[field].errors, message]
        else:
            flash(_("Impact figure added."), "success")
            return redirect(url_for("changes.show", change_id=change.id), code=303)
    return _change_page(change, group, status=422, measure_form=form)


@bp.route("/changes/new", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("changes.manage")
def create() -> Response:
    """Record a change: what people said, what the service did, linked to their ideas and proposals."""
    form = ChangeForm(data={"ideas": request.args.getlist("idea"), "proposals": request.args.getlist("proposal"), "group": ""})
    form.group.choices = [("", _("Not about one group"))] + [(str(group_id), name) for group_id, name in proposal_queries.all_groups(db.session)]
    form.ideas.choices = [(str(idea.id), (idea.what_happened or idea.what_should_change)[:120]) for idea in proposal_queries.published_ideas(db.session, None)]
    form.proposals.choices = [(str(proposal.id), proposal.title) for proposal, _name in proposal_queries.listing(db.session, viewer_id=None, staff=True, page=1, per_page=50)[0]]
    if form.validate_on_submit():
        data = NewChange(
            title=form.title.data, said=form.said.data, did=form.did.data or "", kind=ChangeKind(form.kind.data), touchpoint=Touchpoint(form.touchpoint.data),
            owner_team=form.owner_team.data, group_id=uuid.UUID(form.group.data) if form.group.data else None,
            review_on=date.fromisoformat(form.review_on.data) if form.review_on.data else None,
            idea_ids=[uuid.UUID(value) for value in form.ideas.data or []], proposal_ids=[uuid.UUID(value) for value in form.proposals.data or []],
        )
        try:
            form.spend_token(db.session)
            change = services.create_change(db.session, data=data, status=ChangeStatus(form.status.data), reason=form.status_reason.data or "", actor_id=current_user.id)
        except ChangeError as error:
            db.session.rollback()
            field, message = MESSAGES[error.code]
            form[field].errors = [*form[field].errors, message]
        else:
            flash(_("Change published. Everyone whose ideas it came from has been told."), "success")
            return redirect(url_for("changes.show", change_id=change.id), code=303)
    return render("changes/new.html", form=form, status=422 if form.errors else 200)


def _tap(change_id: uuid.UUID, form_class, save) -> Response:
    """One tap by someone the change concerns: saved, then the feedback section again for
    htmx, or back to the change; a tap that cannot count shows why."""
    change, group = _visible(change_id)
    if not services.concerned(db.session, change, current_user.id):
        abort(403)
    form = form_class()
    error = None
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        error = str(_("Choose from the list"))
    else:
        try:
            save(change, form)
        except ChangeError as refused:
            db.session.rollback()
            error = str(FEEDBACK_MESSAGES[refused.code])
    if error is None and not wants_fragment():
        flash(_("Thank you. Your answer is saved; you can change it at any time."), "success")
        return redirect(url_for("changes.show", change_id=change.id, _anchor="feedback"), code=303)
    return _change_page(change, group, status=422 if error else 200, answer_error=error)


@bp.post("/changes/<uuid:change_id>/feedback")
@login_required
def answer(change_id: uuid.UUID) -> Response:
    """One tap on a question the change asks; tapping again changes the answer."""
    return _tap(change_id, AnswerForm, lambda change, form: services.answer_prompt(
        db.session, change=change, question=Question(form.question.data), answer=Answer(form.answer.data), account_id=current_user.id,
    ))


@bp.post("/changes/<uuid:change_id>/cohort")
@login_required
def cohort(change_id: uuid.UUID) -> Response:
    """One tap to say which group of people the person belongs to, so answers can be counted by it."""
    return _tap(change_id, CohortForm, lambda change, form: services.give_cohort(
        db.session, change=change, cohort=form.cohort.data or "", account_id=current_user.id,
    ))


@bp.post("/changes/<uuid:change_id>/prompt")
@csrf.exempt  # The form checks its own token so an expired one keeps what was chosen.
@requires("changes.manage")
def set_prompt(change_id: uuid.UUID) -> Response:
    """Choose up to three quick questions for the people the change concerns."""
    change, group = _visible(change_id)
    form = PromptForm()
    form.questions.choices = [(question.value, feedback.QUESTION_TEXTS[question]) for question in Question]
    if form.validate_on_submit():
        try:
            form.spend_token(db.session)
            services.set_prompt(db.session, change=change, questions=[Question(value) for value in form.questions.data or []], actor_id=current_user.id)
        except ChangeError:
            db.session.rollback()
            form.questions.errors = [*form.questions.errors, _("Choose up to three questions, so it takes a moment to answer")]
        else:
            flash(_("Questions saved."), "success")
            return redirect(url_for("changes.show", change_id=change.id, _anchor="feedback"), code=303)
    return _change_page(change, group, status=422, prompt_form=form)
