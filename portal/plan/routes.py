"""Routes for the co-production plan (public to read), its cohorts and objectives, the
organisation's maturity self-assessment, and assurance checks on changes."""

from __future__ import annotations

import uuid
from datetime import date

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.changes.models import Change
from portal.content.reading import preload
from portal.extensions import csrf, db
from portal.groups.access import can_see
from portal.groups.models import Group
from portal.plan import bp, queries, services
from portal.plan.forms import (
    KIND_NAMES, OBJECTIVE_STATUS_NAMES, AssuranceForm, CohortForm, MaturityForm, ObjectiveForm,
)
from portal.plan.models import CheckMethod, Cohort, CohortKind, Consistency, Objective, ObjectiveStatus
from portal.plan.services import ObjectiveData, PlanError
from portal.plan.stages import stage_names, stages
from portal.proposals.queries import all_groups
from portal.web.htmx import render
from portal.web.permissions import requires
from portal.web.page_cache import for_visitors

FUTURE = _l("The date cannot be in the future")


@bp.get("/plan")
@for_visitors
def show() -> Response:
    """The co-production plan: the cohorts it puts first, its objectives and how they are
    measured, and where the organisation says it stands."""
    objectives = queries.objectives(db.session)
    preload(change for view in objectives for change in view.changes)
    return render(
        "plan/show.html", cohorts=queries.cohorts(db.session), objectives=objectives, assessments=queries.maturity(db.session),
        kind_names=KIND_NAMES, status_names=OBJECTIVE_STATUS_NAMES, stage_names=stage_names(),
    )


def _cohort_page(form: CohortForm, cohort: Cohort | None) -> Response:
    return render("plan/cohort.html", form=form, cohort=cohort, status=422 if form.errors else 200)


@bp.route("/plan/cohorts/new", methods=["GET", "POST"], endpoint="new_cohort")
@bp.route("/plan/cohorts/<uuid:cohort_id>/edit", methods=["GET", "POST"], endpoint="edit_cohort")
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("plan.manage")
def save_cohort(cohort_id: uuid.UUID | None = None):
    """Add or change a cohort the plan puts first."""
    cohort = db.session.get(Cohort, cohort_id) if cohort_id else None
    if cohort_id and cohort is None:
        abort(404)
    form = CohortForm(data={"name": cohort.name, "kind": cohort.kind.value, "description": cohort.description, "active": cohort.active} if cohort else {"kind": CohortKind.other.value})
    if form.validate_on_submit():
        try:
            form.spend_token(db.session)
            services.save_cohort(
                db.session, cohort=cohort, name=form.name.data, kind=CohortKind(form.kind.data), description=form.description.data or "",
                active=bool(form.active.data), actor_id=current_user.id,
            )
        except PlanError:
            db.session.rollback()
            form.name.errors = [*form.name.errors, _("There is already a cohort with this name")]
        else:
            flash(_("Cohort saved."), "success")
            return redirect(url_for("plan.show", _anchor="cohorts"), code=303)
    return _cohort_page(form, cohort)


def _objective_choices(form: ObjectiveForm) -> None:
    form.cohorts.choices = [(str(cohort.id), cohort.name) for cohort in queries.cohorts(db.session)]
    form.groups.choices = [(str(group_id), name) for group_id, name in all_groups(db.session)]
    form.changes.choices = queries.change_choices(db.session)


@bp.route("/plan/objectives/new", methods=["GET", "POST"], endpoint="new_objective")
@bp.route("/plan/objectives/<uuid:objective_id>/edit", methods=["GET", "POST"], endpoint="edit_objective")
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("plan.manage")
def save_objective(objective_id: uuid.UUID | None = None):
    """Add or change an objective, linked to cohorts, groups and changes."""
    objective = db.session.get(Objective, objective_id) if objective_id else None
    if objective_id and objective is None:
        abort(404)
    data = {}
    if objective is not None:
        cohort_ids, group_ids, change_ids = queries.links(db.session, objective.id)
        data = {
            "title": objective.title, "description": objective.description, "measures": objective.measures, "status": objective.status.value,
            "cohorts": cohort_ids, "groups": group_ids, "changes": change_ids,
        }
    form = ObjectiveForm(data=data)
    _objective_choices(form)
    if form.validate_on_submit():
        form.spend_token(db.session)
        services.save_objective(
            db.session, objective=objective, actor_id=current_user.id,
            data=ObjectiveData(
                title=form.title.data, description=form.description.data or "", measures=form.measures.data or "", status=ObjectiveStatus(form.status.data),
                cohort_ids=[uuid.UUID(v) for v in form.cohorts.data or []], group_ids=[uuid.UUID(v) for v in form.groups.data or []],
                change_ids=[uuid.UUID(v) for v in form.changes.data or []],
            ),
        )
        flash(_("Objective saved."), "success")
        return redirect(url_for("plan.show", _anchor="objectives"), code=303)
    return render("plan/objective.html", form=form, objective=objective, status=422 if form.errors else 200)


@bp.route("/plan/maturity", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("plan.manage")
def maturity():
    """Record where the organisation says it stands, with the evidence."""
    form = MaturityForm()
    form.stage.choices = [(stage.key, stage.name) for stage in stages()]
    if form.validate_on_submit():
        try:
            form.spend_token(db.session)
            services.add_maturity(
                db.session, assessed_on=date.fromisoformat(form.assessed_on.data), stage=form.stage.data, evidence=form.evidence.data,
                next_steps=form.next_steps.data or "", actor_id=current_user.id,
            )
        except PlanError:
            db.session.rollback()
            form.assessed_on.errors = [*form.assessed_on.errors, str(FUTURE)]
        else:
            flash(_("Self-assessment saved."), "success")
            return redirect(url_for("plan.show", _anchor="maturity"), code=303)
    return render("plan/maturity.html", form=form, stages=stages(), status=422 if form.errors else 200)


@bp.route("/changes/<uuid:change_id>/assurance", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("plan.manage")
def add_check(change_id: uuid.UUID):
    """Record a check that a change is applied: sampled records, a mystery shopper, supervision."""
    change = db.session.get(Change, change_id)
    group = db.session.get(Group, change.group_id) if change and change.group_id else None
    if change is None or (group is not None and not can_see(group)):
        abort(404)
    form = AssuranceForm()
    if form.validate_on_submit():
        try:
            form.spend_token(db.session)
            services.add_check(
                db.session, change=change, checked_on=date.fromisoformat(form.checked_on.data), method=CheckMethod(form.method.data),
                sample_size=form.sample_size.data, findings=form.findings.data, consistency=Consistency(form.consistency.data), actor_id=current_user.id,
            )
        except PlanError:
            db.session.rollback()
            form.checked_on.errors = [*form.checked_on.errors, str(FUTURE)]
        else:
            flash(_("Assurance check saved."), "success")
            return redirect(url_for("changes.show", change_id=change.id, _anchor="assurance"), code=303)
    return render("plan/check.html", form=form, change=change, status=422 if form.errors else 200)
