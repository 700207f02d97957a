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


def protect_related(values: dict, relations: list[tuple[object, list]], never_shown: frozenset = frozenset()) -> dict:
    """Every value as it may be published: rounded, or None where hidden.

    `relations` lists each published whole with the published parts it is the sum of (a
    total and its cells, a quarter and its months, all groups and each group). Counts of 1 to
    7 are hidden first, and so is anything in `never_shown`. Then, while some relation has
    exactly one hidden member, it could be worked out from the others, so one more is hidden:
    the smallest shown part that is not zero, or else the whole. Rounding to the nearest 5
    comes last, on what is shown."""
    hidden = {key for key, count in values.items() if SMALLEST_HIDDEN <= count <= LARGEST_HIDDEN} | set(never_shown)
    changed = True
    while changed:
        changed = False
        for whole, parts in relations:
            members = [whole, *parts]
            if sum(member in hidden for member in members) != 1:
                continue
            candidates = [part for part in parts if part not in hidden and values[part]]
            if candidates:
                hidden.add(min(candidates, key=lambda part: values[part]))
            elif whole not in hidden:
                hidden.add(whole)
            else:
                hidden.update(parts)
            changed = True
    return {key: None if key in hidden else rounded(count) for key, count in values.items()}


@dataclass(frozen=True)
class ProtectedTable:
    """A table of counts as it may be published: each value rounded, or None where hidden."""

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None


def protect(counts: list[list[int]], *, row_totals: bool = True, column_totals: bool = True) -> ProtectedTable:
    """A table of counts with its totals, protected by `protect_related`: each row with its row
    total, each column with its column total, and the totals with the grand total. A column
    the page leaves out (such as "did not say") is still protected like the others, so what it
    would show cannot be worked out either."""
    height, width = len(counts), len(counts[0]) if counts else 0
    values: dict[tuple, int] = {("cell", i, j): counts[i][j] for i in range(height) for j in range(width)}
    relations: list[tuple[object, list]] = []
    cells = list(values)
    values[("total",)] = sum(sum(row) for row in counts)
    if row_totals:
        for i in range(height):
            values[("row", i)] = sum(counts[i])
            relations.append((("row", i), [("cell", i, j) for j in range(width)]))
        relations.append((("total",), [("row", i) for i in range(height)]))
    if column_totals:
        for j in range(width):
            values[("column", j)] = sum(counts[i][j] for i in range(height))
            relations.append((("column", j), [("cell", i, j) for i in range(height)]))
        relations.append((("total",), [("column", j) for j in range(width)]))
    if not row_totals and not column_totals:
        relations.append((("total",), cells))
    shown = protect_related(values, relations)
    return ProtectedTable(
        cells=[[shown[("cell", i, j)] for j in range(width)] for i in range(height)],
        row_totals=[shown[("row", i)] for i in range(height)] if row_totals else [],
        column_totals=[shown[("column", j)] for j in range(width)] if column_totals else [],
        total=shown[("total",)],
    )


def protect_breakdown(counts: dict[str, int]) -> tuple[dict[str, int | None], int | None]:
    """A one-way breakdown (categories and their total) as it may be published."""
    shown = protect_related({**{("cell", key): count for key, count in counts.items()}, ("total",): sum(counts.values())}, [(("total",), [("cell", key) for key in counts])])
    return {key: shown[("cell", key)] for key in counts}, shown[("total",)]
