"""The equality questions form: every question optional, each with "Prefer not to say"."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from portal.equality.labels import ANSWER_NAMES, COHORT_ANSWER_NAMES, COHORTS_QUESTION, ETHNIC_HEADINGS, QUESTIONS
from portal.equality.models import CODES, PREFER_NOT_TO_SAY, CohortAnswer, Ethnicity, Question
from portal.plan.models import Cohort
from portal.web.forms import OnceOnlyForm

#: Marks the choices drawn after an "or" line (the forms component draws a group named "" so).
AFTER_OR = ""


def _choices(question: Question) -> list[SelectChoice]:
    names = ANSWER_NAMES[question]
    return [
        SelectChoice(code.value, names[code], optgroup=AFTER_OR if code == PREFER_NOT_TO_SAY else None) for code in CODES[question]
    ]


def _ethnic_choices() -> list[SelectChoice]:
    names = ANSWER_NAMES[Question.ethnicity]
    grouped = [SelectChoice(code.value, names[code], optgroup=heading) for heading, codes in ETHNIC_HEADINGS for code in codes]
    return [*grouped, SelectChoice(Ethnicity.prefer_not_to_say.value, names[Ethnicity.prefer_not_to_say], optgroup=AFTER_OR)]


def _known(question: Question):
    """A validator: no answer, or one of the question's codes."""
    allowed = {code.value for code in CODES[question]}

    def check(_form, field) -> None:
        if field.data is not None and field.data not in allowed:
            field.data = None
            raise ValidationError(_l("Choose one of the answers shown, or leave this question out"))

    return check


def _question(question: Question, choices: list[SelectChoice]) -> RadioField:
    return RadioField(QUESTIONS[question][0], choices=choices, validate_choice=False, validators=[_known(question)])


class EqualityForm(OnceOnlyForm):
    """All the questions. The cohorts' choices are set by the view from the plan's active cohorts."""

    ethnicity = _question(Question.ethnicity, _ethnic_choices())
    age_band = _question(Question.age_band, _choices(Question.age_band))
    sex = _question(Question.sex, _choices(Question.sex))
    gender_identity = _question(Question.gender_identity, _choices(Question.gender_identity))
    disability = _question(Question.disability, _choices(Question.disability))
    religion = _question(Question.religion, _choices(Question.religion))
    sexual_orientation = _question(Question.sexual_orientation, _choices(Question.sexual_orientation))
    carer = _question(Question.carer, _choices(Question.carer))
    cohorts = SelectMultipleField(COHORTS_QUESTION[0], choices=[], validate_choice=False)

    def offer_cohorts(self, cohorts: list[Cohort]) -> None:
        """Offer these cohorts (by name, as the plan writes them), then the two answers that stand alone."""
        self.cohorts.choices = [SelectChoice(str(cohort.id), cohort.name) for cohort in cohorts] + [
            SelectChoice(code.value, COHORT_ANSWER_NAMES[code], optgroup=AFTER_OR)
            for code in (CohortAnswer.none_of_these, CohortAnswer.prefer_not_to_say)
        ]

    def validate_cohorts(self, field) -> None:
        offered = {choice.value for choice in field.choices}
        chosen = set(field.data or ())
        if not chosen <= offered:
            field.data = [value for value in field.data if value in offered]
            raise ValidationError(_l("Choose from the groups shown. The list may have changed, so check your choices and send them again"))
        alone = chosen & {CohortAnswer.none_of_these.value, CohortAnswer.prefer_not_to_say.value}
        if alone and len(chosen) > 1:
            raise ValidationError(_l("Choose the groups that describe you, or choose “None of these” or “Prefer not to say” on its own"))

    def codes(self) -> dict[Question, str | None]:
        """Each question's chosen code, or None when it was left out."""
        return {question: self[question.value].data or None for question in Question}
