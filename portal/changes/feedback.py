"""Quick feedback on a change: the questions in the reader's language, and the answers counted
for everyone and by cohort, every count through the one small-number rule."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.changes.models import Answer, Question
from portal.web.suppression import Figure, protect

QUESTION_TEXTS = {
    Question.clear_next: _l("Was it clear what would happen next?"),
    Question.listened: _l("Did you feel listened to?"),
    Question.easier: _l("Is it easier than before?"),
    Question.own_language: _l("Could you get information in a language you read well?"),
    Question.reach: _l("Was it easy to get there or get through?"),
    Question.respect: _l("Were you treated with respect?"),
    Question.safe: _l("Did you feel safe?"),
    Question.would_return: _l("Would you use the service again?"),
}
ANSWER_NAMES = {Answer.yes: _l("Yes"), Answer.partly: _l("Partly"), Answer.no: _l("No")}


@dataclass(frozen=True)
class QuestionResult:
    """One question's answers: a row per answer and a row of totals, a column for everyone and
    one per cohort, every cell already protected (small numbers and secondary suppression)."""

    question: Question
    columns: list[str]
    rows: list[tuple[Answer, list[Figure]]]
    totals: list[Figure]


def _figure(value: int | None, whole: int | None) -> Figure:
    return Figure(value, None if value is None or not whole else min(value / whole, 1.0))


def results(questions: list[Question], cohorts: list[str], counts: dict[tuple[Question, str, Answer], int]) -> list[QuestionResult]:
    """The answers to each question asked (or answered before it was taken off the prompt).

    Everyone's answers are the row totals of a table whose columns are the cohorts and the
    people who gave none (not shown as a column), protected together, so no cohort's hidden
    count can be worked out from everyone's."""
    answered = [question for question in Question if any(key[0] == question for key in counts) and question not in questions]
    shown = []
    for question in [*questions, *answered]:
        table = protect([[counts.get((question, cohort, answer), 0) for cohort in [*cohorts, ""]] for answer in Answer])
        everyone = [_figure(table.row_totals[i], table.total) for i in range(len(Answer))]
        rows = [
            (answer, [everyone[i], *(_figure(table.cells[i][j], table.column_totals[j]) for j in range(len(cohorts)))])
            for i, answer in enumerate(Answer)
        ]
        totals = [Figure(table.total), *(Figure(table.column_totals[j]) for j in range(len(cohorts)))]
        shown.append(QuestionResult(question, ["", *cohorts], rows, totals))
    return shown
