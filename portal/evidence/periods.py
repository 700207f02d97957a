"""The fixed periods a pack can cover: a calendar month, quarter or year, in UK time. Only
whole periods that have ended, so a pack's figures are never a moving window that could be
compared with itself."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import format_date
from flask_babel import gettext as _

UK = ZoneInfo("Europe/London")
_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<quarter>\d)))?$")


class PeriodError(ValueError):
    """Text that names no period."""


@dataclass(frozen=True, order=True)
class Period:
    year: int
    #: "month", "quarter" or "year"
    kind: str
    number: int = 0

    @property
    def key(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        return str(self.year)

    @property
    def first_day(self) -> date:
        if self.kind == "month":
            return date(self.year, self.number, 1)
        if self.kind == "quarter":
            return date(self.year, 3 * self.number - 2, 1)
        return date(self.year, 1, 1)

    @property
    def day_after(self) -> date:
        """The first day after the period."""
        if self.kind == "year" or (self.kind == "month" and self.number == 12) or (self.kind == "quarter" and self.number == 4):
            return date(self.year + 1, 1, 1)
        if self.kind == "month":
            return date(self.year, self.number + 1, 1)
        return date(self.year, 3 * self.number + 1, 1)

    def bounds(self) -> tuple[datetime, datetime]:
        """The period's start and end as aware times (UK midnight to UK midnight)."""
        return datetime.combine(self.first_day, time(), UK), datetime.combine(self.day_after, time(), UK)

    def ended(self, today: date) -> bool:
        return self.day_after <= today

    def label(self) -> str:
        if self.kind == "month":
            return format_date(self.first_day, "MMMM yyyy")
        if self.kind == "quarter":
            return _("%(first)s to %(last)s", first=format_date(self.first_day, "MMMM yyyy"), last=format_date(date(self.year, 3 * self.number, 1), "MMMM yyyy"))
        return _("The year %(year)s", year=self.year)


def parse(text: str) -> Period:
    """"2026-03" (a month), "2026-Q1" (a quarter) or "2026" (a year)."""
    match = _PATTERN.match(text or "")
    if not match:
        raise PeriodError(text)
    year = int(match["year"])
    if not 2000 <= year <= 2999:
        raise PeriodError(text)
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise PeriodError(text)
        return Period(year, "month", month)
    if match["quarter"]:
        quarter = int(match["quarter"])
        if not 1 <= quarter <= 4:
            raise PeriodError(text)
        return Period(year, "quarter", quarter)
    return Period(year, "year")


def periods_of_year(year: int) -> list[Period]:
    """Every period of a year: its months, its quarters and itself."""
    return [*(Period(year, "month", m) for m in range(1, 13)), *(Period(year, "quarter", q) for q in range(1, 5)), Period(year, "year")]


def containing(day: date, year: int) -> list[Period]:
    """The month, quarter and year of `year` that hold `day` (none if another year)."""
    if day.year != year:
        return []
    return [Period(year, "month", day.month), Period(year, "quarter", (day.month - 1) // 3 + 1), Period(year, "year")]


def recent(today: date, count: int = 6) -> list[Period]:
    """The most recent whole months, quarters and years that have ended, newest first."""
    months, quarters, years = [], [], []
    year, month = today.year, today.month
    for _step in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        months.append(Period(year, "month", month))
    last_quarter = (today.month - 1) // 3
    year, quarter = today.year, last_quarter
    for _step in range(count):
        if quarter == 0:
            year, quarter = year - 1, 4
        quarters.append(Period(year, "quarter", quarter))
        quarter -= 1
    years = [Period(today.year - step, "year") for step in range(1, 4)]
    return months + quarters + years
