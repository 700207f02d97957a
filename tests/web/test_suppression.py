"""The small-number rule: no shown count is 1 to 7, every shown count is a multiple of 5, and
percentages come from the rounded counts."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.web.suppression import figure, rounded, share


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, 0), (1, None), (7, None), (8, 10), (10, 10), (12, 10), (13, 15), (17, 15), (18, 20), (22, 20), (23, 25), (1002, 1000), (1003, 1005)],
)
def test_counts_are_hidden_or_rounded_to_the_nearest_five(count, shown):
    assert rounded(count) == shown


def test_a_negative_count_is_a_mistake():
    with pytest.raises(ValueError):
        rounded(-1)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**7))
def test_no_shown_count_is_small_or_off_the_five_grid(count):
    shown = rounded(count)
    if shown is None:
        assert 1 <= count <= 7
    else:
        assert shown % 5 == 0
        assert not 1 <= shown <= 7
        assert abs(shown - count) <= 2


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_percentages_come_from_the_rounded_counts(part, extra):
    whole = part + extra
    fraction = share(part, whole)
    if rounded(part) is None or not rounded(whole):
        assert fraction is None
    else:
        assert fraction == min(rounded(part) / rounded(whole), 1.0)


def test_a_figure_shows_a_star_for_hidden_counts_and_percentages(app):
    with app.test_request_context():
        assert figure(3).text == "*"
        assert figure(3, 40).percent_text == "*"
        assert figure(12, 40).text == "10"
        assert figure(12, 40).percent_text == "25%"
        assert figure(40, 3).percent_text == "*"


# --- Secondary suppression and the attacks it must stand up to ------------------------------
#
# Attacks covered, each checked by brute force over every true table consistent with what was
# published (so "cannot be recovered" means: more than one true value fits):
# 1. totals: a hidden cell worked out as its row or column total less the cells shown;
# 2. overlapping periods: a month's hidden count worked out from the quarter's figure less the
#    other months' figures (each period is published on its own);
# 3. group versus all: one group's hidden count worked out from the all-groups figure less the
#    other groups' figures.

from itertools import product  # noqa: E402

from portal.web.suppression import protect, protect_breakdown, protect_related  # noqa: E402

COUNT = st.integers(min_value=0, max_value=14)
BIGGEST = 18  # true values tried when working back from what was published


def _fits(shown: int | None, true: int) -> bool:
    """Whether a true count could have been published as `shown`."""
    return True if shown is None else rounded(true) == shown


def _lines_ok(table):
    """No shown count is 1 to 7 and every shown count is a multiple of 5."""
    for value in [*sum(table.cells, []), *table.row_totals, *table.column_totals, table.total]:
        assert value is None or (value % 5 == 0 and not 1 <= value <= 7)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(COUNT, min_size=1, max_size=4), min_size=1, max_size=4).filter(lambda rows: len({len(r) for r in rows}) == 1))
def test_a_protected_table_shows_no_small_count_and_never_one_hidden_cell_in_a_line(counts):
    table = protect(counts)
    _lines_ok(table)
    height, width = len(counts), len(counts[0])
    for i in range(height):
        if table.row_totals[i] is not None:
            assert sum(table.cells[i][j] is None for j in range(width)) != 1
    for j in range(width):
        if table.column_totals[j] is not None:
            assert sum(table.cells[i][j] is None for i in range(height)) != 1
    if table.total is not None:
        assert sum(value is None for value in table.row_totals) != 1
        assert sum(value is None for value in table.column_totals) != 1


@settings(max_examples=60, deadline=None)
@given(st.lists(COUNT, min_size=2, max_size=3))
def test_attack_on_totals_a_hidden_cell_is_never_pinned_down(counts):
    """Attack 1, a one-way breakdown with its total."""
    shown, total = protect_breakdown({str(i): count for i, count in enumerate(counts)})
    possible = [set() for _ in counts]
    for guess in product(range(BIGGEST + 1), repeat=len(counts)):
        if all(_fits(shown[str(i)], value) for i, value in enumerate(guess)) and _fits(total, sum(guess)):
            for i, value in enumerate(guess):
                possible[i].add(value)
    for i, count in enumerate(counts):
        assert count in possible[i]
        if shown[str(i)] is None:
            assert len(possible[i]) > 1, (counts, shown, total)


def _published(parts: list[list[int]]) -> dict:
    """What is published about parts (months, or groups) and the whole holding them (the
    period, or all groups), protected together as the evidence pack does."""
    categories = range(len(parts[0]))
    values = {(p, c): parts[p][c] for p in range(len(parts)) for c in categories}
    values |= {(p, "total"): sum(parts[p]) for p in range(len(parts))}
    values |= {("whole", c): sum(part[c] for part in parts) for c in categories}
    values[("whole", "total")] = sum(map(sum, parts))
    relations = [((p, "total"), [(p, c) for c in categories]) for p in range(len(parts))]
    relations += [(("whole", c), [(p, c) for p in range(len(parts))]) for c in categories]
    relations += [(("whole", "total"), [("whole", c) for c in categories]), (("whole", "total"), [(p, "total") for p in range(len(parts))])]
    return protect_related(values, relations)


def _pinned_down(parts: list[list[int]]) -> list[tuple]:
    """Hidden counts of a part that only one true value fits, given everything published."""
    shown = _published(parts)
    categories = range(len(parts[0]))
    each_part = []
    for p in range(len(parts)):  # the true rows that fit what was shown of this part alone
        each_part.append([
            guess for guess in product(range(BIGGEST + 1), repeat=len(categories))
            if all(_fits(shown[(p, c)], guess[c]) for c in categories) and _fits(shown[(p, "total")], sum(guess))
        ])
    possible = {(p, c): set() for p in range(len(parts)) for c in categories}
    for rows in product(*each_part):
        sums = [sum(row[c] for row in rows) for c in categories]
        if all(_fits(shown[("whole", c)], sums[c]) for c in categories) and _fits(shown[("whole", "total")], sum(sums)):
            for p, row in enumerate(rows):
                for c in categories:
                    possible[(p, c)].add(row[c])
    for key, values in possible.items():
        assert parts[key[0]][key[1]] in values
    return [key for key, values in possible.items() if shown[key] is None and len(values) <= 1]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(COUNT, min_size=2, max_size=2), min_size=2, max_size=2))
def test_attack_by_overlapping_periods_a_hidden_month_is_never_pinned_down(months):
    """Attack 2: two months and the period holding both, each published on its own."""
    assert _pinned_down(months) == []


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(COUNT, min_size=2, max_size=2), min_size=2, max_size=2))
def test_attack_group_versus_all_a_hidden_group_count_is_never_pinned_down(groups):
    """Attack 3: each group's pack and the pack for all groups."""
    assert _pinned_down(groups) == []
