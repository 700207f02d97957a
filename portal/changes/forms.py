"""Forms to record a change and to add an update."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.changes.models import MOST_QUESTIONS, TEXT_MAX, Answer, Better, ChangeKind, ChangeStatus, Question, Unit
from portal.groups.forms import TOUCHPOINT_NAMES
from portal.groups.models import Touchpoint
from portal.meetings.forms import _date
from portal.web.forms import OnceOnlyForm, PortalForm, one_of

_LIMIT = _l("Use %(max)d characters or fewer")
KIND_NAMES = {
    ChangeKind.pathway_rule: _l("A rule about who goes where"),
    ChangeKind.triage_criteria: _l("How people are prioritised"),
    ChangeKind.appointment_model: _l("How appointments work"),
    ChangeKind.communication_standard: _l("How we talk and write to people"),
    ChangeKind.information_material: _l("Leaflets and information"),
    ChangeKind.training: _l("Training for staff"),
    ChangeKind.venue_or_outreach: _l("Where we meet people"),
    ChangeKind.safeguarding_follow_up: _l("Keeping people safe"),
    ChangeKind.discharge_practice: _l("Leaving the service"),
    ChangeKind.other: _l("Something else"),
}
STATUS_NAMES = {
    ChangeStatus.considering: _l("Considering"),
    ChangeStatus.agreed: _l("Agreed"),
    ChangeStatus.in_progress: _l("In progress"),
    ChangeStatus.done: _l("Done"),
    ChangeStatus.not_taken_forward: _l("Not taken forward"),
}



class ChangeForm(OnceOnlyForm):
    """Group, idea and proposal choices are set by the view."""

    title = StringField(_l("Title"), validators=[DataRequired(message=_l("Enter a title")), Length(max=160, message=_LIMIT)])
    said = TextAreaField(_l("What people said"), validators=[DataRequired(message=_l("Say what people said")), Length(max=TEXT_MAX, message=_LIMIT)])
    did = TextAreaField(_l("What the service did"), validators=[Length(max=TEXT_MAX, message=_LIMIT)])
    kind = RadioField(_l("What kind of change"), choices=[SelectChoice(k.value, KIND_NAMES[k]) for k in ChangeKind], validators=[one_of(ChangeKind)], validate_choice=False)
    touchpoint = RadioField(_l("Where in people’s care it is about"), choices=[SelectChoice(t.value, TOUCHPOINT_NAMES[t]) for t in Touchpoint], validators=[one_of(Touchpoint)], validate_choice=False, default=Touchpoint.other.value)
    status = RadioField(_l("Where it is up to"), choices=[SelectChoice(s.value, STATUS_NAMES[s]) for s in ChangeStatus], validators=[one_of(ChangeStatus)], validate_choice=False, default=ChangeStatus.considering.value)
    status_reason = TextAreaField(_l("Why (needed if it is not taken forward)"), validators=[Length(max=1000, message=_LIMIT)])
    owner_team = StringField(_l("Team responsible"), validators=[DataRequired(message=_l("Enter the team responsible")), Length(max=160, message=_LIMIT)])
    group = RadioField(_l("Group"), choices=[], validate_choice=False, default="")
    review_on = StringField(_l("Review date (optional)"), validators=[Optional(), _date])
    ideas = SelectMultipleField(_l("Ideas it comes from"), choices=[], validate_choice=False)
    proposals = SelectMultipleField(_l("Proposals it comes from"), choices=[], validate_choice=False)

    def validate_group(self, field):
        if (field.data or "") not in {str(value) for value, _label in field.choices}:
            raise ValidationError(_l("Choose a group from the list"))

    def validate_ideas(self, field):
        if any(value not in {str(v) for v, _l2 in field.choices} for value in field.data or []):
            raise ValidationError(_l("Choose ideas from the list"))

    def validate_proposals(self, field):
        if any(value not in {str(v) for v, _l2 in field.choices} for value in field.data or []):
            raise ValidationError(_l("Choose from the list"))

    def validate_status_reason(self, field):
        if self.status.data == ChangeStatus.not_taken_forward.value and not (field.data or "").strip():
            raise ValidationError(_l("Say why it is not taken forward"))


class UpdateForm(OnceOnlyForm):
    status = RadioField(_l("Where it is up to"), choices=[SelectChoice(s.value, STATUS_NAMES[s]) for s in ChangeStatus], validators=[one_of(ChangeStatus)], validate_choice=False)
    note = TextAreaField(_l("What has happened (needed if it is not taken forward)"), validators=[Length(max=1000, message=_LIMIT)])

    def validate_note(self, field):
        if self.status.data == ChangeStatus.not_taken_forward.value and not (field.data or "").strip():
            raise ValidationError(_l("Say why it is not taken forward"))


UNIT_NAMES = {
    Unit.percent: _l("Per cent (%)"),
    Unit.count: _l("Number of people or events"),
    Unit.days: _l("Days"),
    Unit.per_thousand: _l("Per 1,000 people"),
}
BETTER_NAMES = {Better.higher: _l("Higher is better"), Better.lower: _l("Lower is better")}


def number(text: str | None) -> float | None:
    """A typed number ("12.5", "12,5", "1 200"), or None when empty; ValueError if unreadable."""
    cleaned = (text or "").strip().replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    value = float(cleaned)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return value


def _number(required: bool):
    def check(_form, field):
        try:
            value = number(field.data)
        except ValueError as error:
            raise ValidationError(_l("Enter a number, like 12.5")) from error
        if value is None and required:
            raise ValidationError(_l("Enter a number, like 12.5"))

    return check


class MeasureForm(OnceOnlyForm):
    measure = StringField(_l("What is measured"), validators=[DataRequired(message=_l("Say what is measured")), Length(max=160, message=_LIMIT)])
    unit = RadioField(_l("Unit"), choices=[SelectChoice(u.value, UNIT_NAMES[u]) for u in Unit], validators=[one_of(Unit)], validate_choice=False)
    cohort = StringField(_l("Who it is measured for (optional)"), validators=[Length(max=160, message=_LIMIT)])
    baseline = StringField(_l("Before the change"), validators=[_number(True)])
    baseline_from = StringField(_l("Measured from"), validators=[DataRequired(message=_l("Enter a real date, like 2027-03-14")), _date])
    baseline_to = StringField(_l("Measured until"), validators=[DataRequired(message=_l("Enter a real date, like 2027-03-14")), _date])
    latest = StringField(_l("Latest"), validators=[_number(True)])
    latest_from = StringField(_l("Measured from"), validators=[DataRequired(message=_l("Enter a real date, like 2027-03-14")), _date])
    latest_to = StringField(_l("Measured until"), validators=[DataRequired(message=_l("Enter a real date, like 2027-03-14")), _date])
    target = StringField(_l("Target (optional)"), validators=[_number(False)])
    better = RadioField(_l("Which way is better"), choices=[SelectChoice(b.value, BETTER_NAMES[b]) for b in Better], validators=[one_of(Better)], validate_choice=False)


class PromptForm(OnceOnlyForm):
    """Staff choose the questions; their texts come from portal.changes.feedback (set by the view)."""

    questions = SelectMultipleField(_l("Questions to ask (up to three)"), choices=[], validate_choice=False)

    def validate_questions(self, field):
        chosen = field.data or []
        if any(value not in Question.__members__ for value in chosen):
            raise ValidationError(_l("Choose from the list"))
        if len(set(chosen)) > MOST_QUESTIONS:
            raise ValidationError(_l("Choose up to three questions, so it takes a moment to answer"))


class AnswerForm(PortalForm):
    """One tap: the question and the answer come from the button pressed."""

    question = StringField(validators=[one_of(Question)])
    answer = StringField(validators=[one_of(Answer)])


class CohortForm(PortalForm):
    """One tap: a cohort from the change's impact figures, or "" for none."""

    cohort = StringField(validators=[Length(max=160, message=_LIMIT)])
