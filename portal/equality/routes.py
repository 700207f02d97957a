"""Routes for a person's own equality answers: give or change them, or withdraw them all."""

from __future__ import annotations

import uuid

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.equality import bp, own, queries, services
from portal.equality.forms import EqualityForm
from portal.equality.labels import COHORTS_QUESTION, QUESTIONS
from portal.equality.models import CohortAnswer, Question
from portal.equality.services import Answers, EqualityError
from portal.extensions import csrf, db
from portal.web.forms import PortalForm
from portal.web.htmx import render
from portal.web.permissions import requires

MESSAGES = {
    "unknown_code": _l("One of the answers is not on the list. Check your answers and send them again. Nothing was saved."),
    "unknown_cohort": _l("Choose from the groups shown. The list may have changed, so check your choices and send them again"),
    "cohorts_mixed": _l("Choose the groups that describe you, or choose “None of these” or “Prefer not to say” on its own"),
    "changed": _l("This form was changed before it was sent, so nothing was saved. Check your answers and send them again."),
}


class WithdrawForm(PortalForm):
    """A form that is only a button."""


def _initial(answers: own.OwnAnswers) -> dict:
    data: dict = {question.value: code for question, code in answers.codes.items()}
    if answers.cohorts == CohortAnswer.chosen:
        data["cohorts"] = [str(cohort_id) for cohort_id in answers.cohort_ids]
    elif answers.cohorts is not None:
        data["cohorts"] = [answers.cohorts]
    return data


def _answers(form: EqualityForm) -> Answers:
    chosen = set(form.cohorts.data or ())
    alone = chosen & {CohortAnswer.none_of_these.value, CohortAnswer.prefer_not_to_say.value}
    if alone:
        return Answers(form.codes(), alone.pop(), frozenset())
    cohort_ids = frozenset(uuid.UUID(value) for value in chosen)
    return Answers(form.codes(), CohortAnswer.chosen.value if cohort_ids else None, cohort_ids)


@bp.route("/account/equality", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was chosen.
@requires("equality.answer_own")
def answer() -> Response:
    """Give, change or leave out your own equality answers; they are only ever counted in groups."""
    saved = own.own_answers(db.session, current_user.id)
    form = EqualityForm() if request.method == "POST" else EqualityForm(data=_initial(saved))
    form.offer_cohorts(queries.active_cohorts(db.session))
    if form.is_submitted() and set(request.form) - set(form._fields):
        # Only the questions are sent; anything else (someone's account id, say) was added.
        form.form_errors.append(MESSAGES["changed"])
    elif form.validate_on_submit():
        form.spend_token(db.session)
        try:
            stored = services.save_answers(db.session, account_id=current_user.id, answers=_answers(form))
        except EqualityError as error:
            db.session.rollback()
            form.form_errors.append(MESSAGES[error.code])
        else:
            if stored:
                flash(_("Thank you. Your answers have been saved. You can change or withdraw them at any time."), "success")
            else:
                flash(_("You did not answer any questions, so we have kept nothing. That is fine."), "success")
            return redirect(url_for("equality.answer"), code=303)
    return render(
        "equality/answer.html",
        form=form,
        questions={question.value: QUESTIONS[question] for question in Question},
        cohorts_question=COHORTS_QUESTION,
        answered_at=saved.answered_at,
        status=422 if form.errors else 200,
    )


@bp.route("/account/equality/withdraw", methods=["GET", "POST"])
@requires("equality.answer_own")
def withdraw() -> Response:
    """Delete all your equality answers at once, after asking."""
    form = WithdrawForm()
    if form.validate_on_submit():
        if services.withdraw(db.session, account_id=current_user.id):
            flash(_("Your equality answers have been deleted. We no longer hold any of them."), "success")
        else:
            flash(_("You had no equality answers saved, so there was nothing to delete."), "success")
        return redirect(url_for("equality.answer"), code=303)
    return render("equality/withdraw.html", form=form)
