"""Reporting a problem: saved before anything else, never lost, never applied twice."""

import re

import pytest
from sqlmodel import select

from portal.audit.models import AuditEntry
from portal.extensions import db
from portal.site.models import DESCRIPTION_MAX, ProblemKind, ProblemReport
from portal.web.i18n import LANGUAGE_COOKIE
from tests.pages import text_of


def form_tokens(client, url="/report-a-problem") -> dict:
    """The hidden tokens of a freshly rendered form."""
    html = client.get(url).text
    return {
        name: re.search(rf'name="{name}" type="hidden" value="([^"]+)"', html).group(1)
        for name in ("csrf_token", "once")
    }


def reports(app) -> list[ProblemReport]:
    with app.app_context():
        return list(db.session.exec(select(ProblemReport)))


def test_a_report_is_saved_audited_and_confirmed(app, client):
    data = {**form_tokens(client), "kind": "accessibility", "page": "/privacy", "description": "The text is too small."}
    response = client.post("/report-a-problem", data=data)
    assert response.status_code == 303
    assert response.headers["Location"] == "/report-a-problem/sent"
    [report] = reports(app)
    assert report.kind == ProblemKind.accessibility
    assert report.description == "The text is too small."
    assert report.language == "en"
    assert report.created_at.tzinfo is not None
    with app.app_context():
        [entry] = db.session.exec(select(AuditEntry)).all()
    assert (entry.action, entry.subject) == ("site.report_problem", report.id.hex)


def test_the_confirmation_page_says_what_happens_next(page):
    _response, document = page.get("/report-a-problem/sent")
    assert "What happens next" in [text_of(h) for h in document.iter("h2")]


def test_missing_answers_re_show_everything_typed_with_an_error_summary(app, client, page):
    data = {**form_tokens(client), "kind": "", "page": "/get-help-now", "description": "  "}
    _response, document = page.post("/report-a-problem", data=data, status=422)
    summary = document.find(".//div[@class='nhsuk-error-summary']")
    links = {a.get("href"): text_of(a) for a in summary.iter("a")}
    assert links == {"#kind-0": "Choose what kind of problem it is", "#description": "Tell us what went wrong"}
    assert document.find(".//input[@id='page']").get("value") == "/get-help-now"
    assert text_of(document.find(".//title")).startswith("Error: ")
    assert reports(app) == []


def test_over_long_text_says_how_much_to_cut_and_keeps_the_text(app, client, page):
    typed = "é" * (DESCRIPTION_MAX + 3)
    data = {**form_tokens(client), "kind": "other", "description": typed}
    _response, document = page.post("/report-a-problem", data=data, status=422)
    message = text_of(document.find(".//span[@id='description-error']"))
    assert "Use 2000 characters or fewer. You have 3 characters too many." in message
    assert document.find(".//textarea[@id='description']").text == typed
    assert reports(app) == []


def test_one_character_too_many_uses_the_singular(client, page):
    data = {**form_tokens(client), "kind": "other", "description": "x" * (DESCRIPTION_MAX + 1)}
    _response, document = page.post("/report-a-problem", data=data, status=422)
    assert "You have 1 character too many." in text_of(document.find(".//span[@id='description-error']"))


def test_a_forged_choice_gets_the_fields_own_message(client, page):
    data = {**form_tokens(client), "kind": "<script>", "description": "hello"}
    _response, document = page.post("/report-a-problem", data=data, status=422)
    assert "Choose what kind of problem it is" in text_of(document.find(".//div[@class='nhsuk-error-summary']"))


@pytest.mark.parametrize("bad", ["nul\x00byte", "bell\x07", "not utf-8 \ufffd"])
def test_unreadable_characters_are_refused_with_a_clear_message(app, client, page, bad):
    data = {**form_tokens(client), "kind": "other", "description": bad}
    _response, document = page.post("/report-a-problem", data=data, status=422)
    assert "could not read" in text_of(document.find(".//span[@id='description-error']"))
    kept = document.find(".//textarea[@id='description']").text
    assert kept.replace("\ufffd", "") == bad.replace("\x00", "").replace("\x07", "").replace("\ufffd", "")
    assert reports(app) == []


def test_bytes_that_are_not_utf8_are_refused_not_a_500(app, client, page):
    fields = {**form_tokens(client), "kind": "other"}
    parts = [
        f'--XX\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    body = b"".join(parts) + b'--XX\r\nContent-Disposition: form-data; name="description"\r\n\r\ncaf\xe9 ok\r\n--XX--\r\n'
    _response, document = page.post(
        "/report-a-problem", data=body, content_type="multipart/form-data; boundary=XX", status=422
    )
    assert "could not read" in text_of(document.find(".//span[@id='description-error']"))
    assert document.find(".//textarea[@id='description']").text == "caf\ufffd ok"
    assert reports(app) == []


def test_a_form_sent_twice_is_saved_once_and_the_second_told_so(app, client, page):
    data = {**form_tokens(client), "kind": "other", "description": "Sent on a patchy connection."}
    assert client.post("/report-a-problem", data=data).status_code == 303
    _response, document = page.post("/report-a-problem", data=data, status=409)
    assert "We already have this form" == text_of(document.find(".//h1"))
    assert len(reports(app)) == 1


def test_a_forged_once_only_token_keeps_the_text_and_asks_to_send_again(app, client, page):
    data = {**form_tokens(client), "once": "forged", "kind": "other", "description": "Keep me."}
    _response, document = page.post("/report-a-problem", data=data, status=422)
    assert "This form has expired" in text_of(document.find(".//div[@class='nhsuk-error-summary']"))
    assert document.find(".//textarea[@id='description']").text == "Keep me."
    assert reports(app) == []


def test_an_expired_csrf_token_keeps_the_text_and_gives_a_fresh_form(app, client, page):
    data = {**form_tokens(client), "csrf_token": "stale", "kind": "other", "description": "Keep me."}
    _response, document = page.post("/report-a-problem", data=data, status=422)
    assert document.find(".//textarea[@id='description']").text == "Keep me."
    fresh = document.find(".//input[@name='csrf_token']").get("value")
    assert fresh != "stale"
    assert reports(app) == []


def test_the_report_records_the_language_the_person_used(app, client):
    client.set_cookie(LANGUAGE_COOKIE, "so")
    data = {**form_tokens(client), "kind": "translation", "description": "Erey khaldan"}
    assert client.post("/report-a-problem", data=data).status_code == 303
    assert reports(app)[0].language == "so"


def test_the_translation_note_links_to_a_prefilled_report(client, page):
    client.set_cookie(LANGUAGE_COOKIE, "pl")
    _response, document = page.get("/privacy")
    link = document.find(".//div[@role='note']//a")
    assert link.get("href") == "/report-a-problem?kind=translation&from=/privacy"
    _response, form_page = page.get(link.get("href"))
    assert form_page.find(".//input[@value='translation']").get("checked") is not None
    assert form_page.find(".//input[@id='page']").get("value") == "/privacy"


def test_from_only_accepts_a_path_on_this_site(page):
    _response, document = page.get("/report-a-problem?from=https://evil.example/x")
    assert document.find(".//input[@id='page']").get("value") == "/"


def test_staff_read_reports_and_record_how_they_are_handled(app, client, page):
    from portal.web.permissions import Role
    from tests.factories import make_account, post_form, sign_in

    data = {**form_tokens(client), "kind": "translation", "page": "/privacy", "description": "A word is wrong."}
    client.post("/report-a-problem", data=data)
    staff = make_account(app, Role.staff)
    sign_in(client, staff)
    _response, document = page.get("/admin/problem-reports")
    assert "A word is wrong." in text_of(document.find(".//main"))
    [report] = reports(app)
    response = post_form(client, f"/admin/problem-reports/{report.id}/status", {"status": "fixed"}, get_url="/admin/problem-reports")
    assert response.status_code == 303
    assert reports(app)[0].status.value == "fixed"
    _response, document = page.get("/admin/problem-reports?status=new")
    assert "A word is wrong." not in text_of(document.find(".//main"))
    assert client.get("/admin/problem-reports?status=bogus").status_code == 404
    assert post_form(client, f"/admin/problem-reports/{report.id}/status", {"status": "bogus"}, get_url="/admin/problem-reports").status_code == 400
    with app.app_context():
        actions = [e.action for e in db.session.exec(select(AuditEntry).order_by(AuditEntry.seq))]
    assert actions[-1] == "site.report_fixed"
