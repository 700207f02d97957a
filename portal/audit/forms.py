"""The filters above the audit log: a GET form, so it has no CSRF token and links can be shared."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import Length, ValidationError

from portal.accounts.models import PSEUDONYM_MAX
from portal.audit.services import _opaque
from portal.web.forms import PortalForm

#: Any date from the year the portal could first have been used until well beyond its life.
FIRST_YEAR, LAST_YEAR = 2000, 2999
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
AREA_SUFFIX = ".*"


def parse_day(text: str) -> date | None:
    """A date typed as 2027-03-14 or 14/03/2027; None when it is not a real date in range."""
    text = text.strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        found = _DAY_MONTH_YEAR.fullmatch(text)
        if not found:
            return None
        try:
            day = date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
        except ValueError:
            return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def opaque_id(text: str) -> str | None:
    """An id as the log stores it (a UUID in any spelling becomes its 32 hex digits), or None."""
    text = text.strip()
    try:
        return uuid.UUID(text).hex
    except ValueError:
        pass
    try:
        return _opaque(text)
    except ValueError:
        return None


def action_choices(actions: list[str]) -> dict:
    """"Any action", then per area (the code's first word) every action in it, then each code."""
    choices: dict = {"": [("", _("Any action"))]}
    for action in actions:
        area = action.split(".", 1)[0]
        choices.setdefault(area, [(area + AREA_SUFFIX, _("Every %(area)s action", area=area))]).append((action, action))
    return choices


class EntryFilterForm(PortalForm):
    """Which entries to show. The view sets the action and kind choices from the log."""

    class Meta:
        csrf = False

    action = SelectField(_l("What was done"), choices=[], validate_choice=False)
    actor = StringField(
        _l("Who did it (the name they use on this website)"),
        validators=[Length(max=PSEUDONYM_MAX, message=_l("Names on this website are %(max)d characters or fewer"))],
    )
    subject_kind = SelectField(_l("Kind of thing it was done to"), choices=[], validate_choice=False)
    subject = StringField(_l("Id of the thing it was done to"))
    since = StringField(_l("From date"), name="from")
    until = StringField(_l("To date"), name="to")

    def _values(self, field) -> set[str]:
        return {str(value) for value, *_rest in field.iter_choices()}

    def validate_action(self, field) -> None:
        if field.data and field.data not in self._values(field):
            raise ValidationError(_l("Choose what was done from the list"))

    def validate_subject_kind(self, field) -> None:
        if field.data and field.data not in self._values(field):
            raise ValidationError(_l("Choose a kind of thing from the list"))

    def validate_subject(self, field) -> None:
        if field.data and opaque_id(field.data) is None:
            raise ValidationError(
                _l("Enter the id as the log shows it: up to 64 letters, numbers, hyphens or underscores")
            )

    def validate_since(self, field) -> None:
        if field.data and parse_day(field.data) is None:
            raise ValidationError(_l("Enter the date the entries start from, like 2027-03-14"))

    def validate_until(self, field) -> None:
        if field.data and parse_day(field.data) is None:
            raise ValidationError(_l("Enter the date the entries go up to, like 2027-03-31"))
        start = parse_day(self.since.data) if self.since.data else None
        if start and field.data and parse_day(field.data) < start:
            raise ValidationError(_l("The ‘to’ date must be the same as the ‘from’ date or after it"))

    def area(self) -> str | None:
        value = self.action.data or ""
        return value[: -len(AREA_SUFFIX)] if value.endswith(AREA_SUFFIX) else None

    def exact_action(self) -> str | None:
        value = self.action.data or ""
        return value if value and not value.endswith(AREA_SUFFIX) else None

    def day_range(self) -> tuple[date | None, date | None]:
        return (parse_day(self.since.data) if self.since.data else None, parse_day(self.until.data) if self.until.data else None)


def start_of(day: date, zone) -> datetime:
    """Midnight at the start of `day` in the reader's time zone."""
    return datetime(day.year, day.month, day.day, tzinfo=zone)
