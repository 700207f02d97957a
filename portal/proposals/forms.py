"""Forms to make a proposal, to vote, and to enter a tally counted in the room."""

from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from portal.groups.forms import TOUCHPOINT_NAMES
from portal.groups.models import Touchpoint
from portal.meetings.forms import LONDON, _date, _time
from portal.proposals.models import TEXT_MAX, TITLE_MAX, Eligibility, Method, Results
from portal.web.forms import OnceOnlyForm, PortalForm, WholeNumberField, one_of

_LIMIT = _l("Use %(max)d characters or fewer")
SUPPORT_NAMES = {"support": _l("I support it"), "neutral": _l("Neutral"), "concerns": _l("I have concerns")}
METHOD_NAMES = {Method.support: _l("Support, neutral or have concerns"), Method.choice: _l("One choice among options")}
ELIGIBILITY_NAMES = {
    Eligibility.group_members: _l("Members of the group a facilitator approved"),
    Eligibility.everyone: _l("Everyone with an account (anyone can make an account, so one person could vote many times)"),
}
RESULTS_NAMES = {Results.live: _l("As votes come in"), Results.after_close: _l("Only once voting has closed")}



class ProposalForm(OnceOnlyForm):
    """Group and idea choices are set by the view."""

    title = StringField(_l("Title"), validators=[DataRequired(message=_l("Enter a title")), Length(max=TITLE_MAX, message=_LIMIT)])
    summary = TextAreaField(_l("Summary in plain words"), validators=[DataRequired(message=_l("Enter a summary")), Length(max=1000, message=_LIMIT)])
    detail = TextAreaField(_l("Detail (optional)"), validators=[Length(max=TEXT_MAX, message=_LIMIT)])
    easy_read = TextAreaField(_l("Easy read version (optional)"), validators=[Length(max=TEXT_MAX, message=_LIMIT)])
    group = RadioField(_l("Group"), choices=[], validate_choice=False)
    touchpoint = RadioField(_l("Where in people’s care it is about"), choices=[SelectChoice(t.value, TOUCHPOINT_NAMES[t]) for t in Touchpoint], validators=[one_of(Touchpoint)], validate_choice=False, default=Touchpoint.other.value)
    ideas = SelectMultipleField(_l("Ideas it comes from"), choices=[], validate_choice=False)
    method = RadioField(_l("How people answer"), choices=[SelectChoice(m.value, METHOD_NAMES[m]) for m in Method], validators=[one_of(Method)], validate_choice=False, default=Method.support.value)
    options = TextAreaField(_l("Options, one on each line (for one choice among options)"), validators=[Length(max=2400, message=_LIMIT)])
    eligibility = RadioField(_l("Who can vote"), choices=[SelectChoice(e.value, ELIGIBILITY_NAMES[e]) for e in Eligibility], validators=[one_of(Eligibility)], validate_choice=False, default=Eligibility.group_members.value)
    secret = BooleanField(_l("Secret ballot: nobody, not even staff, can see how someone voted, and a vote cannot be changed"))
    results = RadioField(_l("When people see the results"), choices=[SelectChoice(r.value, RESULTS_NAMES[r]) for r in Results], validators=[one_of(Results)], validate_choice=False, default=Results.live.value)
    opens_day = StringField(_l("Voting opens on"), validators=[DataRequired(message=_l("Enter a real date, like 2027-03-14")), _date])
    opens_time = StringField(_l("at"), validators=[DataRequired(message=_l("Enter a time like 18:30")), _time], default="09:00")
    closes_day = StringField(_l("Voting closes on"), validators=[DataRequired(message=_l("Enter a real date, like 2027-03-14")), _date])
    closes_time = StringField(_l("at"), validators=[DataRequired(message=_l("Enter a time like 18:30")), _time], default="17:00")

    def validate_group(self, field):
        if (field.data or "") not in {str(value) for value, _label in field.choices}:
            raise ValidationError(_l("Choose a group from the list"))

    def validate_ideas(self, field):
        allowed = {str(value) for value, _label in field.choices}
        if any(value not in allowed for value in field.data or []):
            raise ValidationError(_l("Choose ideas from the list"))

    @staticmethod
    def moment(day: str, clock: str) -> datetime:
        hours, minutes = (int(part) for part in clock.split(":"))
        return datetime.combine(date.fromisoformat(day), time(hours, minutes), tzinfo=LONDON)


class VoteForm(PortalForm):
    """A vote; the answers are set by the view."""

    choice = RadioField(_l("Your answer"), choices=[], validate_choice=False)
    comment = TextAreaField(_l("Comment (optional)"), validators=[Length(max=1000, message=_LIMIT)])
    person_asked = BooleanField(_l("They asked me to vote for them, and chose the answer themselves"))

    def validate_choice(self, field):
        if field.data not in {str(value) for value, _label in field.choices}:
            raise ValidationError(_l("Choose your answer"))


class ReceiptForm(PortalForm):
    code = StringField(_l("Receipt code"), validators=[DataRequired(message=_l("Enter the receipt code")), Length(max=30, message=_LIMIT)])


class RoomTallyForm(OnceOnlyForm):
    """One count field per answer is added by the view."""

    headcount = WholeNumberField(_l("How many people were in the room"), validators=[DataRequired(message=_l("Enter a number"))])
    no_double_count = BooleanField(_l("I asked, and nobody counted here has also voted online"))
