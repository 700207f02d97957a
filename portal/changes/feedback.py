"""Quick feedback on a change: the questions in the reader's language, and the answers counted
for everyone and by cohort, every count through the one small-number rule."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.changes.models import Answer, Question
from portal.web.suppression import Figure, figure

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
    one per cohort, every cell already suppressed."""

    question: Question
    columns: list[str]
    rows: list[tuple[Answer, list[Figure]]]
    totals: list[Figure]


def results(questions: list[Question], cohorts: list[str], counts: dict[tuple[Question, str, Answer], int]) -> list[QuestionResult]:
    """The answers to each question asked (or answered before it was taken off the prompt)."""
    answered = [question for question in Question if any(key[0] == question for key in counts) and question not in questions]
    shown = []
    for question in [*questions, *answered]:
        columns = ["", *cohorts]
        by_column = {
            column: {answer: sum(count for (q, cohort, a), count in counts.items() if q == question and a == answer and (not column or cohort == column)) for answer in Answer}
            for column in columns
        }
        totals = {column: sum(by_column[column].values()) for column in columns}
        rows = [(answer, [figure(by_column[column][answer], totals[column]) for column in columns]) for answer in Answer]
        shown.append(QuestionResult(question, columns, rows, [figure(totals[column]) for column in columns]))
    return shown
