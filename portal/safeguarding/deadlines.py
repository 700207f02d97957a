"""When a case's next step is due: immediate cases on clock time, day and night; same-day and
next-working-day cases on working hours, skipping weekends and bank holidays (UK time)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from portal.safeguarding.models import Urgency

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class WorkingTime:
    """The service's working day and the days it does not work."""

    start: time
    end: time
    holidays: frozenset[date]
    immediate: timedelta

    @classmethod
    def from_config(cls, config) -> WorkingTime:
        return cls(
            start=time.fromisoformat(config["WORKING_DAY_START"]),
            end=time.fromisoformat(config["WORKING_DAY_END"]),
            holidays=frozenset(_dates(config["BANK_HOLIDAYS"])),
            immediate=timedelta(minutes=config["SAFEGUARDING_IMMEDIATE_MINUTES"]),
        )

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def next_working_day(self, day: date) -> date:
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def end_of(self, day: date) -> datetime:
        return datetime.combine(day, self.end, tzinfo=LONDON).astimezone(UTC)


def _dates(values: Iterable[str]) -> list[date]:
    return [date.fromisoformat(value) for value in values]


def due(urgency: Urgency, now: datetime, working: WorkingTime) -> datetime:
    """The moment a case received `now` with this urgency is due."""
    if urgency == Urgency.immediate:
        return now + working.immediate
    local = now.astimezone(LONDON)
    today = local.date()
    if urgency == Urgency.same_day:
        if working.is_working_day(today) and local.time() < working.end:
            return working.end_of(today)
        return working.end_of(working.next_working_day(today))
    return working.end_of(working.next_working_day(today))


def is_working_hours(now: datetime, working: WorkingTime) -> bool:
    """True in working hours on a working day (out of hours, people are told the real wait)."""
    local = now.astimezone(LONDON)
    return working.is_working_day(local.date()) and working.start <= local.time() < working.end


def shift_times(day: str, starts: str, ends: str) -> tuple[datetime, datetime]:
    """A rota shift typed as a UK day and times; an end at or before the start is the next day
    (a night shift). Raises ValueError for anything unreadable."""
    on = date.fromisoformat(day.strip())
    start = datetime.combine(on, time.fromisoformat(starts.strip()), tzinfo=LONDON)
    end = datetime.combine(on, time.fromisoformat(ends.strip()), tzinfo=LONDON)
    if end <= start:
        end += timedelta(days=1)
    return start.astimezone(UTC), end.astimezone(UTC)
