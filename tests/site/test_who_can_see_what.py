"""The public "who can see what" page is drawn from the permission table every view checks."""

import pytest

from portal.web import permissions
from portal.web.permissions import PERMISSIONS, ROLE_NAMES, Permission, Role
from tests.factories import make_account, sign_in
from tests.pages import text_of


def _value(cell) -> str:
    """A cell's text without the role name repeated in it for a narrow screen."""
    heading = cell.find("span[@aria-hidden='true']")
    return text_of(cell)[len(text_of(heading)):].strip() if heading is not None else text_of(cell)


def _grants(document) -> dict[str, set[Role]]:
    """Each row's permission and the roles whose cell says Yes, read from the page."""
    table = document.find(".//main//table")
    headings = [text_of(th) for th in table.iterfind("thead/tr/th")]
    roles_by_name = {str(name): role for role, name in ROLE_NAMES.items()}
    columns = [roles_by_name[name] for name in headings[1:]]
    grants = {}
    for tr in table.iterfind("tbody/tr"):
        assert tr.find("th").get("scope") == "row"
        answers = [_value(td) for td in tr.iterfind("td")]
        assert set(answers) <= {"Yes", "No"}
        grants[tr.get("data-permission")] = {role for role, answer in zip(columns, answers, strict=True) if answer == "Yes"}
    return grants


def test_every_permission_is_listed_with_exactly_the_roles_it_grants(page):
    _response, document = page.get("/who-can-see-what")
    assert _grants(document) == {action: set(permission.roles) for action, permission in PERMISSIONS.items()}


def test_the_page_names_each_role_in_a_column_and_each_row_by_its_description(page):
    _response, document = page.get("/who-can-see-what")
    table = document.find(".//main//table")
    assert [text_of(th) for th in table.iterfind("thead/tr/th")][1:] == [str(name) for name in ROLE_NAMES.values()]
    assert all(th.get("scope") == "col" for th in table.iterfind("thead/tr/th"))
    assert [text_of(th) for th in table.iterfind("tbody/tr/th")] == [str(permission.description) for permission in PERMISSIONS.values()]


def test_a_new_permission_appears_on_the_page_at_once(page, monkeypatch):
    monkeypatch.setitem(PERMISSIONS, "tests.example", Permission(frozenset({Role.commissioner}), "Read an example report"))
    _response, document = page.get("/who-can-see-what")
    assert _grants(document)["tests.example"] == {Role.commissioner}
    assert "Read an example report" in text_of(document.find(".//main//table"))


def test_the_table_keeps_its_meaning_when_stacked_on_a_phone(page):
    _response, document = page.get("/who-can-see-what")
    table = document.find(".//main//table")
    assert table.get("role") == "table" and text_of(table.find("caption"))
    for tr in table.iterfind("tbody/tr"):
        assert tr.get("role") == "row" and tr.find("th").get("role") == "rowheader"
        cells = tr.findall("td")
        assert [cell.get("role") for cell in cells] == ["cell"] * len(ROLE_NAMES)
        # On a phone each answer is shown beside its role's name (hidden from screen readers,
        # which read the column header instead).
        assert [text_of(cell.find("span[@aria-hidden='true']")) for cell in cells] == [str(name) for name in ROLE_NAMES.values()]


def test_the_page_says_who_can_see_identity_and_how_equality_answers_are_used(page):
    _response, document = page.get("/who-can-see-what")
    main = text_of(document.find(".//main"))
    assert "Only a safeguarding lead can open them" in main and "every opening is recorded in the audit log" in main
    assert "equality monitoring questions, your answers are only used as totals for groups of people" in main
    grants = _grants(document)
    assert grants["safeguarding.open_identity"] == {Role.safeguarding_lead}
    assert grants["audit.view"] == {Role.admin}


def test_opening_someones_identity_is_checked_against_its_own_permission(app):
    from portal.safeguarding.routes import identity

    assert identity.required_permission == "safeguarding.open_identity"
    assert permissions.PERMISSIONS["safeguarding.open_identity"].roles == {Role.safeguarding_lead}


@pytest.mark.parametrize("role", [None, *Role])
def test_everyone_can_read_it_signed_in_or_not(app, client, page, role):
    if role is not None:
        sign_in(client, make_account(app, role))
    _response, document = page.get("/who-can-see-what")
    assert text_of(document.find(".//h1")) == "Who can see what"


def test_the_privacy_notice_links_to_it_and_so_does_every_footer(page):
    _response, document = page.get("/privacy")
    assert "/who-can-see-what" in {anchor.get("href") for anchor in document.iterfind(".//main//a")}
    for url in ("/privacy", "/", "/groups"):
        _response, document = page.get(url)
        assert "/who-can-see-what" in {anchor.get("href") for anchor in document.iterfind(".//footer//a")}
