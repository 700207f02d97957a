"""Personal details in what people write: phone numbers, email addresses, NHS numbers (with a
valid check digit) and UK postcodes. Any of these holds an idea for a moderator, even in a
group whose ideas are otherwise published at once."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
#: UK phone numbers: 07… mobiles, 01/02/03/08 landlines, +44, with spaces, dots or dashes.
PHONE = re.compile(r"(?<![\d+])(?:\+\s?44\s?\(?0?\)?|0)\s?(?:\d[\s.-]?){9,10}(?!\d)")
#: Ten digits, spaced 3-3-4 or together; checked with the modulus 11 rule below.
NHS_NUMBER = re.compile(r"(?<!\d)(\d{3})[\s-]?(\d{3})[\s-]?(\d{4})(?!\d)")
#: A full UK postcode ("SW1A 1AA", "m1 1ae").
POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE)


def nhs_number_is_valid(digits: str) -> bool:
    """The NHS number check digit: weights 10 down to 2, 11 minus the remainder mod 11."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    check = 11 - sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def personal_details(text: str) -> list[str]:
    """The kinds of personal detail found: "email", "phone", "nhs_number", "postcode"."""
    found = []
    if EMAIL.search(text):
        found.append("email")
    if any(nhs_number_is_valid("".join(match.groups())) for match in NHS_NUMBER.finditer(text)):
        found.append("nhs_number")
    if PHONE.search(text):
        found.append("phone")
    if POSTCODE.search(text):
        found.append("postcode")
    return found
