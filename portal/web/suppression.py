"""The one small-number rule for every count the portal publishes or exports.

A count of 1 to 7 could point at a person, so it is shown as "*". Every other count is rounded
to the nearest 5 (halves round up), so a small change between two figures cannot be read off
either. Percentages are worked out from the rounded counts, never from the real ones, so they
give nothing back that the counts hide.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_decimal, format_percent

#: The largest count that is never shown.
SMALLEST_HIDDEN, LARGEST_HIDDEN = 1, 7
#: Every count that is shown is a multiple of this.
ROUND_TO = 5
HIDDEN = "*"


def rounded(count: int) -> int | None:
    """The count as it may be shown: None when it is 1 to 7, otherwise the nearest multiple of 5."""
    if count < 0:
        raise ValueError("a count cannot be negative")
    if SMALLEST_HIDDEN <= count <= LARGEST_HIDDEN:
        return None
    return (count + ROUND_TO // 2) // ROUND_TO * ROUND_TO


def share(part: int, whole: int) -> float | None:
    """The part as a fraction of the whole, from the rounded counts (None when either is hidden
    or the whole rounds to nothing)."""
    part_shown, whole_shown = rounded(part), rounded(whole)
    if part_shown is None or not whole_shown:
        return None
    return min(part_shown / whole_shown, 1.0)


@dataclass(frozen=True)
class Figure:
    """A count ready to show: its text and, for tables and exports, the value behind it."""

    value: int | None
    percent: float | None = None

    @property
    def text(self) -> str:
        return HIDDEN if self.value is None else format_decimal(self.value)

    @property
    def percent_text(self) -> str:
        return HIDDEN if self.percent is None else format_percent(self.percent)


def figure(count: int, whole: int | None = None) -> Figure:
    """A count as shown, with its share of `whole` when one is given."""
    return Figure(rounded(count), share(count, whole) if whole is not None else None)
