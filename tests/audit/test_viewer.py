"""The audit log page for administrators: filters, pages, export, and the chain checked on screen."""

import csv
import io
import uuid
from contextlib import nullcontext
from datetime import UTC, datetime
from unittest import mock

import pytest

from portal.audit import services as audit
from portal.audit.services import SYSTEM_ACTOR
from portal.extensions import db
from portal.web.permissions import Role
from tests.conftest import count_queries
from tests.factories import form_fields, make_account, post_form, sign_in
from tests.pages import Page, text_of


def _record(app, count: int = 1, *, action: str = "test.event", kind: str = "thing", subject=None, actor=SYSTEM_ACTOR, at: datetime | None = None) -> list[int]:
    """Append entries (at a fixed time when given); return their positions."""
    with app.app_context():
        with mock.patch.object(audit, "utc_now", return_value=at) if at else nullcontext():
            positions = [
                audit.record(db.session, action=action, subject_kind=kind, subject=subject or uuid.uuid4(), actor=actor).seq
                for _ in range(count)
            ]
        db.session.commit()
    return positions


@pytest.fixture
def admin_page(app, client):
    sign_in(client, make_account(app, Role.admin))
    return Page(client)


@pytest.fixture
def raw(app):
    """Run SQL with the append-only triggers out of the way, as an attacker with the file would."""

    def run(statement: str) -> None:
        engine = app.extensions["database"]
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_entry_no_update")
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_entry_no_delete")
            connection.exec_driver_sql(statement)

    return run


def _rows(document) -> list[list[str]]:
    """Each entry row as its cells' values (without the headings shown on a phone)."""
    rows = []
    for tr in document.iterfind(".//main//table/tbody/tr"):
        cells = []
        for td in tr.iterfind("td"):
            heading = td.find("span[@class='nhsuk-table__heading']")
            cells.append(text_of(td)[len(text_of(heading)):].strip() if heading is not None else text_of(td))
        rows.append(cells)
    return rows


def _check_chain(client, url: str = "/admin/audit"):
    """Press "Verify the chain now" on the page at `url`; the checked page that comes back."""
    return Page(client).post(url, data=form_fields(client.get(url).text))[1]


def _positions(document) -> list[int]:
    return [int(row[0]) for row in _rows(document)]


def _link(document, text: str) -> str | None:
    for anchor in document.iterfind(".//main//a"):
        if text_of(anchor) == text:
            return anchor.get("href")
    return None


def test_an_admin_sees_entries_newest_first_with_names_and_system(app, admin_page):
    person = make_account(app, pseudonym="quiet-heron-12")
    subject = uuid.uuid4()
    _record(app, action="test.by_person", actor=person.id, subject=subject)
    _record(app, action="test.by_system")
    _response, document = admin_page.get("/admin/audit")
    rows = _rows(document)
    positions = _positions(document)
    assert positions == sorted(positions, reverse=True)
    assert rows[0][2:] == ["test.by_system", "System", "thing", rows[0][5]]
    assert rows[1][2:] == ["test.by_person", "quiet-heron-12", "thing", subject.hex]
    assert "accounts.sign_up" in {row[2] for row in rows}


def test_the_action_filter_takes_an_exact_code_or_a_whole_area(app, admin_page):
    _record(app, 2, action="test.event")
    _record(app, 1, action="test.other")
    _record(app, 3, action="trial.event")
    _response, document = admin_page.get("/admin/audit?action=test.*")
    assert sorted(row[2] for row in _rows(document)) == ["test.event", "test.event", "test.other"]
    _response, document = admin_page.get("/admin/audit?action=trial.event")
    assert [row[2] for row in _rows(document)] == ["trial.event"] * 3
    options = {option.get("value") for option in document.iterfind(".//select[@id='action']//option")}
    assert {"", "test.*", "test.event", "test.other", "trial.*", "trial.event", "accounts.sign_in"} <= options
    _record(app, action="later.event")
    _response, document = admin_page.get("/admin/audit?action=later.event")
    assert [row[2] for row in _rows(document)] == ["later.event"]
    assert "later.*" in {option.get("value") for option in document.iterfind(".//select[@id='action']//option")}


def test_the_actor_kind_and_subject_filters(app, admin_page):
    person = make_account(app, pseudonym="Amber Otter")
    subject = uuid.uuid4()
    _record(app, action="test.event", actor=person.id, kind="meeting", subject=subject)
    _record(app, action="test.event", actor=person.id, kind="group")
    _record(app, action="test.event", kind="meeting")
    # The name is found however it is spelled, as at sign-in.
    _response, document = admin_page.get("/admin/audit?actor=amber-otter&action=test.event")
    assert [row[3] for row in _rows(document)] == ["Amber Otter", "Amber Otter"]
    _response, document = admin_page.get("/admin/audit?action=test.event&subject_kind=meeting")
    assert [row[3] for row in _rows(document)] == ["System", "Amber Otter"]
    _response, document = admin_page.get(f"/admin/audit?subject={subject}")
    assert [(row[2], row[5]) for row in _rows(document)] == [("test.event", subject.hex)]


def test_the_dates_are_days_in_the_readers_time_zone(app, admin_page):
    _record(app, action="test.march", at=datetime(2027, 3, 1, 12, tzinfo=UTC))
    _record(app, action="test.march", at=datetime(2027, 3, 2, 12, tzinfo=UTC))
    # 23:30 on 1 June in UTC is 00:30 on 2 June in London.
    late = _record(app, action="test.june", at=datetime(2027, 6, 1, 23, 30, tzinfo=UTC))
    _response, document = admin_page.get("/admin/audit?action=test.march&from=2027-03-02&to=2027-03-02")
    assert len(_rows(document)) == 1
    _response, document = admin_page.get("/admin/audit?action=test.march&from=1/3/2027&to=2/3/2027")
    assert len(_rows(document)) == 2
    _response, document = admin_page.get("/admin/audit?action=test.june&to=2027-06-01")
    assert _rows(document) == []
    assert "No entries match." in text_of(document.find(".//main"))
    _response, document = admin_page.get("/admin/audit?action=test.june&from=2027-06-02")
    assert _positions(document) == late
    assert document.find(".//main//time").get("datetime") == "2027-06-01T23:30:00+00:00"


def test_pages_of_fifty_go_back_and_forward_and_keep_the_filters(app, admin_page):
    positions = _record(app, 120, action="test.event")
    _record(app, 5, action="test.other")
    _response, first = admin_page.get("/admin/audit?action=test.event")
    assert _positions(first) == positions[::-1][:50]
    assert _link(first, "Newer entries") is None
    older = _link(first, "Older entries")
    assert "action=test.event" in older
    _response, second = admin_page.get(older)
    assert _positions(second) == positions[::-1][50:100]
    _response, third = admin_page.get(_link(second, "Older entries"))
    assert _positions(third) == positions[::-1][100:]
    assert _link(third, "Older entries") is None
    _response, back = admin_page.get(_link(third, "Newer entries"))
    assert _positions(back) == _positions(second)
    _response, newest = admin_page.get(_link(back, "Newer entries"))
    assert _positions(newest) == _positions(first)
    assert _link(newest, "Newer entries") is None


def test_a_page_takes_the_same_number_of_queries_however_many_people_acted(app, client, admin_page):
    one = make_account(app)
    _record(app, 10, actor=one.id)
    admin_page.get("/admin/audit?action=test.event")
    with count_queries(app) as few:
        admin_page.get("/admin/audit?action=test.event")
    for _ in range(8):
        _record(app, 5, actor=make_account(app).id)
    with count_queries(app) as many:
        _response, document = admin_page.get("/admin/audit?action=test.event")
    assert len({row[3] for row in _rows(document)}) == 9
    assert len(many) == len(few)


def test_checking_an_intact_chain_says_how_many_entries_and_when_the_last_was(app, client, admin_page):
    _record(app, 3, at=datetime(2027, 3, 14, 9, 30, tzinfo=UTC))
    _response, document = admin_page.get("/admin/audit")
    assert "The chain verifies" not in text_of(document.find(".//main"))
    document = _check_chain(client, "/admin/audit?action=test.event")
    panel = text_of(document.find(".//main//section"))
    with app.app_context():
        from portal.audit.queries import check_chain

        count = check_chain(db.session).count
    assert f"The chain verifies: {count} entries checked, last at Mar 14, 2027, 9:30:00 AM." in panel
    # The filters in the address still apply to the list below.
    assert {row[2] for row in _rows(document)} == {"test.event"}


def test_an_entry_changed_behind_the_database_guards_is_reported_on_screen(app, client, admin_page, raw):
    first, second, _third = _record(app, 3)
    raw(f"UPDATE audit_entry SET actor = 'someone_else' WHERE seq = {second}")
    document = _check_chain(client)
    panel = text_of(document.find(".//main//section"))
    assert "The chain is broken" in panel
    assert f"The first entry that fails is number {second}. Entry {second} was changed after it was written." in panel
    assert _link(document, f"Show the entries from number {second} back") == f"/admin/audit?before={second + 1}"
    assert first < second


@pytest.mark.parametrize(
    ("removed", "message"),
    [
        ("middle", "Entry {seq} was removed."),
        ("newest", "The log was cut short: its last entry is number {last}, but the log’s own record says the newest is number {seq}."),
    ],
)
def test_removed_and_cut_off_entries_are_reported_on_screen(app, client, admin_page, raw, removed, message):
    positions = _record(app, 4)
    gone = positions[1] if removed == "middle" else positions[-1]
    raw(f"DELETE FROM audit_entry WHERE seq = {gone}")
    panel = text_of(_check_chain(client).find(".//main//section"))
    assert f"The first entry that fails is number {gone}." in panel
    assert message.format(seq=gone, last=gone - 1) in panel


@pytest.mark.parametrize(
    ("query", "message", "kept"),
    [
        ("action=nothing.like_this", "Choose what was done from the list", None),
        ("action=%3Cscript%3E", "Choose what was done from the list", None),
        ("subject_kind=nonsense", "Choose a kind of thing from the list", None),
        ("from=2027-02-30", "Enter the date the entries start from, like 2027-03-14", "2027-02-30"),
        ("from=yesterday", "Enter the date the entries start from, like 2027-03-14", "yesterday"),
        ("to=31/12/99999", "Enter the date the entries go up to, like 2027-03-31", "31/12/99999"),
        ("from=2027-03-10&to=2027-03-01", "The ‘to’ date must be the same as the ‘from’ date or after it", "2027-03-01"),
        ("actor=" + "x" * 10_000, "Names on this website are 32 characters or fewer", None),
        ("actor=nobody-has-this-name", "No account uses that name. Check the spelling, or leave it empty to see everyone.", "nobody-has-this-name"),
        ("subject=Jane%20Smith", "Enter the id as the log shows it: up to 64 letters, numbers, hyphens or underscores", "Jane Smith"),
        ("subject=" + "a" * 65, "Enter the id as the log shows it: up to 64 letters, numbers, hyphens or underscores", None),
        ("subject=%00abc", "Remove the characters we could not read, or type the text again.", None),
    ],
)
def test_bad_filters_are_explained_and_keep_what_was_typed(app, admin_page, query, message, kept):
    _record(app)
    _response, document = admin_page.get(f"/admin/audit?{query}", status=422)
    summary = text_of(document.find(".//div[@class='nhsuk-error-summary']"))
    assert message in summary
    assert text_of(document.find(".//title")).startswith("Error: ")
    assert "Correct the filters above to see entries." in text_of(document.find(".//main"))
    if kept:
        assert kept in [field.get("value") for field in document.iterfind(".//main//input")]
    # Neither the check button nor any link carries the filters that were wrong.
    assert document.find(".//main//form[@method='post']").get("action") == "/admin/audit"


@pytest.mark.parametrize("query", ["before=abc", "after=-1", "before=1e9", "after=" + "9" * 40, "before=%D9%A3"])
def test_a_broken_page_link_shows_the_newest_entries_and_says_so(app, admin_page, query):
    newest = _record(app, 3)[-1]
    _response, document = admin_page.get(f"/admin/audit?{query}")
    assert "That page link was not right, so the newest entries are shown." in text_of(document.find(".//main"))
    assert _positions(document)[0] == newest


def test_the_export_holds_the_filtered_entries_with_names_and_hashes(app, client, admin_page):
    person = make_account(app, pseudonym="calm-robin-7")
    subject = uuid.uuid4()
    _record(app, action="test.event", actor=person.id, subject=subject)
    _record(app, action="test.other")
    response = client.get("/admin/audit.csv?action=test.event")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[0] == ["sequence", "occurred_at_utc", "action", "actor_id", "actor", "subject_kind", "subject", "previous_hash", "entry_hash"]
    assert [row[2:7] for row in rows[1:]] == [["test.event", person.id.hex, "calm-robin-7", "thing", subject.hex]]
    assert len(rows[1][8]) == 64


def test_an_export_with_bad_filters_explains_them_instead(app, admin_page):
    _response, document = admin_page.get("/admin/audit.csv?from=soon", status=422)
    assert "Enter the date the entries start from, like 2027-03-14" in text_of(document.find(".//div[@class='nhsuk-error-summary']"))


@pytest.mark.parametrize("role", [Role.participant, Role.intermediary, Role.staff, Role.safeguarding_lead, Role.commissioner])
def test_only_admins_can_read_export_or_check_the_log(app, client, role):
    sign_in(client, make_account(app, role))
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/admin/audit.csv").status_code == 403
    assert post_form(client, "/admin/audit", {}, get_url="/account").status_code == 403


def test_signed_out_people_are_asked_to_sign_in(client):
    for url in ("/admin/audit", "/admin/audit.csv"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


def test_an_export_too_big_to_be_useful_asks_for_narrower_filters(app, client, admin_page, monkeypatch):
    from portal.audit import routes

    monkeypatch.setattr(routes, "EXPORT_MAX", 2)
    _record(app, 3, action="test.event")
    response = client.get("/admin/audit.csv?action=test.event")
    assert response.status_code == 303 and response.headers["Location"] == "/admin/audit?action=test.event"
    _response, document = admin_page.get(response.headers["Location"])
    assert "More than 2 entries match. Choose a shorter time, an action or a person, then download again." in text_of(document.find(".//main"))


def test_an_admins_account_page_links_to_the_log(admin_page):
    _response, document = admin_page.get("/account")
    assert "/admin/audit" in {anchor.get("href") for anchor in document.iterfind(".//main//a")}
