"""Forms for the co-production plan, the maturity self-assessment and assurance checks."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.meetings.forms import _date
from portal.plan.models import TEXT_MAX, CheckMethod, CohortKind, Consistency, ObjectiveStatus
from portal.web.forms import OnceOnlyForm, WholeNumberField, one_of

_LIMIT = _l("Use %(max)d characters or fewer")
KIND_NAMES = {
    CohortKind.core20plus5: _l("Core20PLUS5: the most deprived fifth of areas, or a group the local system names"),
    CohortKind.protected_characteristic: _l("A protected characteristic (Equality Act 2010)"),
    CohortKind.inclusion_health: _l("Inclusion health: people often left out, such as people without a home"),
    CohortKind.other: _l("Another group the plan names"),
}
OBJECTIVE_STATUS_NAMES = {ObjectiveStatus.active: _l("Working on it"), ObjectiveStatus.achieved: _l("Achieved"), ObjectiveStatus.stopped: _l("Stopped")}
METHOD_NAMES = {
    CheckMethod.record_sampling: _l("Sampling records"),
    CheckMethod.mystery_shopper: _l("Mystery shopper: trying to get the service as a person would"),
    CheckMethod.supervision_themes: _l("Themes from staff supervision"),
    CheckMethod.other: _l("Another way"),
}
CONSISTENCY_NAMES = {
    Consistency.consistent: _l("Applied every time"),
    Consistency.partly: _l("Applied some of the time"),
    Consistency.not_applied: _l("Not applied"),
}


def _chosen_from_list(_form, field):
    allowed = {str(value) for value, _label in field.choices}
    if any(value not in allowed for value in field.data or []):
        raise ValidationError(_l("Choose from the list"))


class CohortForm(OnceOnlyForm):
    name = StringField(_l("Name"), validators=[DataRequired(message=_l("Enter a name")), Length(max=160, message=_LIMIT)])
    kind = RadioField(_l("What kind of group"), choices=[SelectChoice(k.value, KIND_NAMES[k]) for k in CohortKind], validators=[one_of(CohortKind)], validate_choice=False)
    description = TextAreaField(_l("Who it means (optional)"), validators=[Length(max=1000, message=_LIMIT)])
    active = BooleanField(_l("People can say they belong to it"), default=True)


class ObjectiveForm(OnceOnlyForm):
    """Cohort, group and change choices are set by the view."""

    title = StringField(_l("Objective"), validators=[DataRequired(message=_l("Enter the objective")), Length(max=160, message=_LIMIT)])
    description = TextAreaField(_l("The inequality it is about"), validators=[Length(max=TEXT_MAX, message=_LIMIT)])
    measures = TextAreaField(_l("How progress is measured, one measure on each line"), validators=[Length(max=TEXT_MAX, message=_LIMIT)])
    status = RadioField(_l("Where it is up to"), choices=[SelectChoice(s.value, OBJECTIVE_STATUS_NAMES[s]) for s in ObjectiveStatus], validators=[one_of(ObjectiveStatus)], validate_choice=False, default=ObjectiveStatus.active.value)
    cohorts = SelectMultipleField(_l("Cohorts it puts first"), choices=[], validate_choice=False, validators=[_chosen_from_list])
    groups = SelectMultipleField(_l("Groups working on it"), choices=[], validate_choice=False, validators=[_chosen_from_list])
    changes = SelectMultipleField(_l("Changes that came from it"), choices=[], validate_choice=False, validators=[_chosen_from_list])


class MaturityForm(OnceOnlyForm):
    """Stage choices are set by the view (they are configurable)."""

    assessed_on = StringField(_l("Date of the assessment"), validators=[DataRequired(message=_l("Enter a real date, like 2027-03-14")), _date])
    stage = RadioField(_l("Stage reached"), choices=[], validate_choice=False)
    evidence = TextAreaField(_l("Evidence for it"), validators=[DataRequired(message=_l("Say what shows it")), Length(max=TEXT_MAX, message=_LIMIT)])
    next_steps = TextAreaField(_l("Next steps (optional)"), validators=[Length(max=TEXT_MAX, message=_LIMIT)])

    def validate_stage(self, field):
        if field.data not in {str(value) for value, _label in field.choices}:
            raise ValidationError(_l("Choose from the list"))


class AssuranceForm(OnceOnlyForm):
    checked_on = StringField(_l("Date of the check"), validators=[DataRequired(message=_l("Enter a real date, like 2027-03-14")), _date])
    method = RadioField(_l("How it was checked"), choices=[SelectChoice(m.value, METHOD_NAMES[m]) for m in CheckMethod], validators=[one_of(CheckMethod)], validate_choice=False)
    sample_size = WholeNumberField(_l("How many records, calls or visits (optional)"), validators=[Optional()])
    findings = TextAreaField(_l("What was found"), validators=[DataRequired(message=_l("Say what was found")), Length(max=TEXT_MAX, message=_LIMIT)])
    consistency = RadioField(_l("Is the change applied every time?"), choices=[SelectChoice(c.value, CONSISTENCY_NAMES[c]) for c in Consistency], validators=[one_of(Consistency)], validate_choice=False)

    def validate_sample_size(self, field):
        if field.data is not None and not 1 <= field.data <= 100_000:
            raise ValidationError(_l("Enter a number from 1 to 100,000"))
