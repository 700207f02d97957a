"""A small bar chart of an impact figure, drawn on the server (no script, no styles).

Each bar is a tiny inline SVG beside its label and value in ordinary text, so the words are
real text anyone can read and zoom. The chart is a picture for sighted readers; the table
beside it is the accessible version, so the chart is hidden from screen readers. Each bar
carries its value in `data-value`.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.changes.models import ImpactMeasure, Unit

COLOURS = {"baseline": "#768692", "latest": "#005eb8"}


@dataclass(frozen=True)
class Bar:
    key: str
    value: float
    #: Length as a share of the full width, 0 to 100.
    length: float
    colour: str


def scale_top(measure: ImpactMeasure) -> float:
    """The value the full width stands for: 100 for percentages, else the largest shown."""
    if measure.unit == Unit.percent:
        return 100.0
    values = [value for value in (measure.baseline, measure.latest, measure.target) if value is not None]
    return max(values + [1.0])


def bars(measure: ImpactMeasure) -> tuple[list[Bar], float | None]:
    """The baseline and latest bars, and where the target line falls (share of the width)."""
    top = scale_top(measure)
    drawn = [Bar(key, value, round(100 * value / top, 1), COLOURS[key]) for key, value in (("baseline", measure.baseline), ("latest", measure.latest))]
    return drawn, (round(100 * measure.target / top, 1) if measure.target is not None else None)
