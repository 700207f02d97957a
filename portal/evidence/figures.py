"""Counts for a whole year at once, protected together.

Every pack shows part of one lattice per calendar year: each month, quarter and the year,
each group (plus activity outside any group) and all groups, each category and the total.
All of it is protected in one go by `protect_related`, with each quarter related to its
months, the year to its quarters, all groups to each group, and a total to its categories.
So the figure for a month is the same in the month's pack, and no pack can be subtracted
from another (a quarter less its other months, all groups less the others) to work out a
hidden count.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from portal.evidence.periods import UK, Period, containing, periods_of_year
from portal.web.suppression import protect_related

OUTSIDE = "outside"
ALL = "all"
TOTAL = "total"

#: One thing counted: when, in which group (None: none), in which category, and who or what
#: it is (counted once however many rows name it).
Row = tuple[datetime, uuid.UUID | None, str, object]


def year_figures(rows: Iterable[Row], *, year: int, groups: list[uuid.UUID], categories: list[str], exclusive: bool = True) -> dict[tuple, int | None]:
    """Every (period key, scope, category) of the year as it may be published. `scope` is a
    group id, OUTSIDE or ALL; `category` is one of `categories`, or TOTAL when each thing is in
    one category only (`exclusive`)."""
    known = set(groups)
    counted: dict[tuple, set] = defaultdict(set)
    for when, group_id, category, who in rows:
        if category not in categories:
            continue
        scope = group_id if group_id in known else OUTSIDE
        for period in containing(when.astimezone(UK).date(), year):
            for where in (scope, ALL):
                counted[(period.key, where, category)].add(who)
                if exclusive:
                    counted[(period.key, where, TOTAL)].add(who)
    periods = periods_of_year(year)
    scopes = [*groups, OUTSIDE]
    columns = [*categories, TOTAL] if exclusive else list(categories)
    values = {(period.key, where, column): len(counted.get((period.key, where, column), ())) for period in periods for where in [*scopes, ALL] for column in columns}
    return protect_related(values, _relations(periods, scopes, categories, columns, exclusive))


def _relations(periods: list[Period], scopes: list, categories: list[str], columns: list[str], exclusive: bool) -> list[tuple]:
    relations = []
    for period in periods:
        for where in [*scopes, ALL]:
            if exclusive:
                relations.append(((period.key, where, TOTAL), [(period.key, where, category) for category in categories]))
        for column in columns:
            relations.append(((period.key, ALL, column), [(period.key, where, column) for where in scopes]))
    months = [period for period in periods if period.kind == "month"]
    quarters = [period for period in periods if period.kind == "quarter"]
    year = next(period for period in periods if period.kind == "year")
    for where in [*scopes, ALL]:
        for column in columns:
            for quarter in quarters:
                relations.append(((quarter.key, where, column), [(month.key, where, column) for month in months if (month.number - 1) // 3 + 1 == quarter.number]))
            relations.append(((year.key, where, column), [(quarter.key, where, column) for quarter in quarters]))
    return relations
