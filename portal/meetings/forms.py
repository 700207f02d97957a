"""Forms for meetings: times are typed as a date and two times, in UK time."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.meetings.models import MeetingFormat, Rung
from portal.web.forms import OnceOnlyForm, PortalForm, WholeNumberField, one_of

LONDON = ZoneInfo("Europe/London")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{1,2}:\d{2}$")


def _date(_form, field) -> None:
    try:
        if not _DATE.match(field.data or ""):
            raise ValueError
        date.fromisoformat(field.data)
    except ValueError as error:
        raise ValidationError(_l("Enter a real date, like 2027-03-14")) from error


def _time(_form, field) -> None:
    try:
        if not _TIME.match(field.data or ""):
            raise ValueError
        hours, minutes = (int(part) for part in field.data.split(":"))
        time(hours, minutes)
    except ValueError as error:
        raise ValidationError(_l("Enter a time like 18:30")) from error


RUNG_NAMES = {
    Rung.coercion: _l("Coercion: people attend but have no say"),
    Rung.educating: _l("Educating: people are taught about services"),
    Rung.informing: _l("Informing: people are told what will happen"),
    Rung.consultation: _l("Consultation: people are asked, and decisions are made elsewhere"),
    Rung.engagement: _l("Engagement: people help shape things, and staff decide"),
    Rung.co_design: _l("Co-design: people design it together with staff"),
    Rung.co_production: _l("Co-production: equal partners, sharing power from start to finish"),
}


class MeetingForm(OnceOnlyForm):
    day = StringField(_l("Date"), validators=[DataRequired(message=_l("Enter the date")), _date])
    starts = StringField(_l("Starts at"), validators=[DataRequired(message=_l("Enter when it starts")), _time])
    ends = StringField(_l("Ends at"), validators=[DataRequired(message=_l("Enter when it ends")), _time])
    format = RadioField(
        _l("In person or online"),
        choices=[SelectChoice(MeetingFormat.in_person.value, _l("In person")), SelectChoice(MeetingFormat.online.value, _l("Online"))],
        validate_choice=False,
    )
    venue = StringField(_l("Place"), validators=[Length(max=200, message=_l("Use 200 characters or fewer"))])
    address = StringField(_l("Address (optional)"), validators=[Length(max=300, message=_l("Use 300 characters or fewer"))])
    online_details = TextAreaField(_l("How to join online (optional)"), validators=[Length(max=500, message=_l("Use 500 characters or fewer"))])
    step_free = BooleanField(_l("Step-free access"))
    hearing_loop = BooleanField(_l("Hearing loop"))
    accessible_toilet = BooleanField(_l("Accessible toilet"))
    near_public_transport = BooleanField(_l("Near a bus or train stop"))
    languages = StringField(_l("Languages and interpreters (optional)"), validators=[Length(max=200, message=_l("Use 200 characters or fewer"))])
    capacity = WholeNumberField(
        _l("Most people who can come (optional)"),
        validators=[Optional()],
    )
    offers_interpreter = BooleanField(_l("An interpreter"))
    offers_travel = BooleanField(_l("Travel costs paid back"))
    offers_care_cover = BooleanField(_l("Childcare or carer cover"))
    offers_payment = BooleanField(_l("Payment for your time"))
    notes = TextAreaField(_l("Anything else people should know (optional)"), validators=[Length(max=1000, message=_l("Use 1000 characters or fewer"))])
    rung = RadioField(
        _l("How much say people have (the ladder of co-production)"),
        choices=[SelectChoice("", _l("Not decided yet"))] + [SelectChoice(r.value, RUNG_NAMES[r]) for r in Rung],
        validators=[one_of(["", *Rung])], validate_choice=False, default="",
    )

    def validate_format(self, field):
        if field.data not in {f.value for f in MeetingFormat}:
            raise ValidationError(_l("Choose in person or online"))

    def validate_capacity(self, field):
        if field.data is not None and not 1 <= field.data <= 500:
            raise ValidationError(_l("Enter a number from 1 to 500"))

    def moment(self, clock: str) -> datetime:
        hours, minutes = (int(part) for part in clock.split(":"))
        return datetime.combine(date.fromisoformat(self.day.data), time(hours, minutes), tzinfo=LONDON)

    def data_for_service(self) -> dict:
        return {
            "starts_at": self.moment(self.starts.data),
            "ends_at": self.moment(self.ends.data),
            "format": self.format.data,
            **{name: self[name].data or "" for name in ("venue", "address", "online_details", "languages", "notes")},
            **{name: bool(self[name].data) for name in (
                "step_free", "hearing_loop", "accessible_toilet", "near_public_transport",
                "offers_interpreter", "offers_travel", "offers_care_cover", "offers_payment",
            )},
            "capacity": self.capacity.data,
            "rung": self.rung.data or None,
        }

    @classmethod
    def initial(cls, meeting) -> dict:
        local_start, local_end = meeting.starts_at.astimezone(LONDON), meeting.ends_at.astimezone(LONDON)
        return {
            **meeting.model_dump(),
            "day": local_start.date().isoformat(),
            "starts": local_start.strftime("%H:%M"),
            "ends": local_end.strftime("%H:%M"),
            "format": meeting.format.value,
            "rung": meeting.rung.value if meeting.rung else "",
        }


class ConfirmForm(PortalForm):
    """A form that is only a button."""
