"""Personal details are found so they hold an idea for a moderator."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.ideas.personal import nhs_number_is_valid, personal_details


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Email me at sam.k+clinic@example.org please", ["email"]),
        ("my number is 07700 900123", ["phone"]),
        ("ring +44 (0)20 7946 0958 after six", ["phone"]),
        ("The clinic on 0161-496-0000 never answers", ["phone"]),
        ("My NHS number is 943 476 5919", ["nhs_number"]),
        ("NHS no 9434765919", ["nhs_number"]),
        ("I live near SW1A 1AA", ["postcode"]),
        ("postcode m1 1ae", ["postcode"]),
        ("The bus was late and the receptionist was kind.", []),
        ("I waited 2 hours, 45 minutes, then 10 more", []),
        ("Reference 943 476 5918 from the letter", []),  # ten digits, wrong check digit
    ],
)
def test_personal_details_are_found_and_ordinary_text_is_left_alone(text, kinds):
    assert personal_details(text) == kinds


def test_known_nhs_numbers_pass_and_a_changed_digit_fails():
    assert nhs_number_is_valid("9434765919")
    assert nhs_number_is_valid("4010232137")
    assert not nhs_number_is_valid("9434765918")
    assert not nhs_number_is_valid("943476591")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.integers(min_value=0, max_value=9), st.integers(min_value=0, max_value=9))
def test_changing_any_one_digit_of_a_valid_nhs_number_makes_it_invalid(first_nine, position, replacement):
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1)))
    check = (11 - total % 11) % 11
    if check == 10:
        return  # no valid number starts with these nine digits
    number = first_nine + str(check)
    assert nhs_number_is_valid(number)
    changed = number[:position] + str(replacement) + number[position + 1:]
    if changed != number:
        assert not nhs_number_is_valid(changed)
