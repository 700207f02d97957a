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
