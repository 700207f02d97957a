"""Where a `next` address is taken (signing in, the second step, language, easy read), the
redirect always stays on the portal, however the address is dressed up."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pyotp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.web.permissions import Role
from tests.factories import form_fields, make_account

HOST = "localhost"
HOSTILE = [
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "http:evil.example",
    "/%2F%2Fevil.example",
    " //evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "\x01//evil.example",
    "/" + "a" * 3_000,
    "//" + "a" * 3_000,
]
PIECES = [
    "/", "//", "\\", "\\\\", ":", ".", "@", "?", "#", " ", "\t", "\n", "\r", "\x00", "%2F", "%2f", "%5C", "%09", "%0A",
    "%252F", "http", "https", "javascript", "data", "evil.example", "localhost", "www.", "a", "é", "\u202e",
]
NEXT_VALUES = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=12).map("".join),
    st.text(alphabet=st.sampled_from("/\\:.%@?# \tabcdeF25"), max_size=30),
    st.sampled_from(HOSTILE),
)
#: A browser drops tabs and line breaks anywhere, and control characters and spaces at either end.
_DROPPED = re.compile(r"[\t\n\r]")


def stays_on_site(location: str) -> bool:
    """Where a browser would go from `location` is this portal: a path, or this host."""
    seen = _DROPPED.sub("", location).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    seen = seen.replace("\\", "/")
    if seen.startswith("/"):
        return not seen.startswith("//")
    parts = urlsplit(seen)
    return parts.scheme in ("http", "https") and parts.netloc == HOST


def test_the_check_itself_catches_every_hostile_address():
    # As a Location these two are harmless paths on this site; every other one would leave it.
    harmless = {"/%2F%2Fevil.example", "/" + "a" * 3_000}
    assert {value for value in HOSTILE if stays_on_site(value)} == harmless
    assert stays_on_site("/ideas?page=2") and stays_on_site("http://localhost/ideas")


@pytest.fixture
def people(app):
    return {"participant": make_account(app)}


def _sign_in_with_next(app, person, value):
    client = app.test_client()
    tokens = form_fields(client.get("/sign-in").text)
    response = client.post("/sign-in", query_string={"next": value}, data={**tokens, "pseudonym": person.pseudonym, "password": person.password})
    return client, response


def _locations(app, people, value) -> list[tuple[str, str]]:
    """The Location of every redirect that reads `value` as where to go next."""
    found = []
    client, response = _sign_in_with_next(app, people["participant"], value)
    found.append(("sign in", response))
    found.append(("already signed in", client.get("/sign-in", query_string={"next": value})))
    tokens = form_fields(client.get("/account").text)
    found.append(("language", client.post("/language", data={**tokens, "language": "en", "next": value})))
    found.append(("easy read", client.post("/easy-read", data={**tokens, "easy_read": "off", "next": value})))
    # A new staff account each time: an authenticator code is accepted only once.
    person = make_account(app, Role.staff)
    staff, _ = _sign_in_with_next(app, person, "/account")
    tokens = form_fields(staff.get("/sign-in/two-factor").text)
    code = pyotp.TOTP(person.totp_secret).now()
    found.append(("second step", staff.post("/sign-in/two-factor", query_string={"next": value}, data={**tokens, "code": code})))
    return [(where, response.status_code, response.headers.get("Location", "")) for where, response in found]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_a_hostile_next_address_never_leaves_the_portal(app, people, value):
    for where, status, location in _locations(app, people, value):
        assert status == 303, (where, status)
        assert stays_on_site(location), (where, location)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(value=NEXT_VALUES)
def test_any_next_address_stays_on_the_portal(app, people, value):
    for where, status, location in _locations(app, people, value):
        assert status == 303, (where, value, status)
        assert stays_on_site(location), (where, value, location)


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_the_language_page_only_offers_a_way_back_on_the_portal(client, value):
    response = client.get("/language", query_string={"next": value})
    hidden = re.search(r'name="next" value="([^"]*)"', response.text)
    assert response.status_code == 200 and hidden
    assert stays_on_site(hidden.group(1).replace("&amp;", "&"))


def test_a_signed_out_visit_asks_to_sign_in_and_comes_back_to_the_same_page(client):
    response = client.get("/account/needs")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/sign-in?next=") and stays_on_site(location)
