"""Deadlines under a frozen clock: immediate on clock time, the others on working hours,
across weekends, bank holidays and the change to summer time."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from portal.safeguarding.deadlines import WorkingTime, due, is_working_hours
from portal.safeguarding.models import Urgency

WORKING = WorkingTime(
    start=time(9),
    end=time(17),
    holidays=frozenset({date(2026, 12, 25), date(2026, 12, 28), date(2027, 3, 26), date(2027, 3, 29)}),
    immediate=timedelta(minutes=60),
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("received", "urgency", "expected"),
    [
        # Immediate cases run on clock time, night and weekend alike.
        ("2026-12-26T03:10", Urgency.immediate, "2026-12-26T04:10"),
        # Same day, in working hours: by the end of that day.
        ("2026-12-23T10:00", Urgency.same_day, "2026-12-23T17:00"),
        # Same day, after hours on Christmas Eve: Christmas, the weekend and the Boxing Day
        # holiday are skipped, so Tuesday the 29th.
        ("2026-12-24T18:30", Urgency.same_day, "2026-12-29T17:00"),
        # Next working day from a Wednesday is Thursday.
        ("2026-12-23T10:00", Urgency.next_working_day, "2026-12-24T17:00"),
        # From Friday morning: the weekend is skipped.
        ("2027-01-08T09:30", Urgency.next_working_day, "2027-01-11T17:00"),
        # Over Easter, when the clocks also go forward: Tuesday 17:00 is 16:00 UTC.
        ("2027-03-25T18:00", Urgency.next_working_day, "2027-03-30T16:00"),
        ("2027-03-27T12:00", Urgency.same_day, "2027-03-30T16:00"),
    ],
)
def test_each_urgency_falls_due_when_the_rules_say(received, urgency, expected):
    assert due(urgency, at(received), WORKING) == at(expected)


def test_working_hours_are_weekdays_nine_to_five_except_holidays():
    assert is_working_hours(at("2026-12-23T10:00"), WORKING)
    assert not is_working_hours(at("2026-12-23T17:00"), WORKING)
    assert not is_working_hours(at("2026-12-25T10:00"), WORKING)  # Christmas Day
    assert not is_working_hours(at("2026-12-26T10:00"), WORKING)  # Saturday
    assert is_working_hours(at("2027-07-01T08:30"), WORKING)  # 09:30 in summer time
