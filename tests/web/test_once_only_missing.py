"""Once-only forms: a form sent without its token is refused like an expired one, keeps what
was typed, and comes back with a fresh token so sending it again works."""

import pytest
from sqlmodel import select

from portal.extensions import db
from portal.site.models import ProblemReport
from portal.web.models import UsedFormToken
from tests.factories import form_fields, make_account, sign_in
from tests.pages import text_of

EXPIRED = "This form has expired. Check your answers and send it again."
REPORT = {"kind": "accessibility", "page": "/privacy", "description": "The text is too small to read."}


def reports(app) -> list[ProblemReport]:
    with app.app_context():
        return list(db.session.exec(select(ProblemReport)))


def spent_tokens(app) -> int:
    with app.app_context():
        return len(db.session.exec(select(UsedFormToken)).all())


@pytest.fixture
def tokens(app, client) -> dict[str, str]:
    sign_in(client, make_account(app))
    found = form_fields(client.get("/report-a-problem").text)
    assert set(found) == {"csrf_token", "once"}
    return found


@pytest.mark.parametrize("once", [None, ""], ids=["left-out", "empty"])
def test_a_once_only_form_without_its_token_is_refused_and_keeps_what_was_typed(app, page, tokens, once):
    data = {"csrf_token": tokens["csrf_token"], **REPORT}
    if once is not None:
        data["once"] = once
    _response, document = page.post("/report-a-problem", data=data, status=422)
    assert EXPIRED in text_of(document.find(".//div[@class='nhsuk-error-summary']"))
    assert document.find(".//textarea[@id='description']").text == REPORT["description"]
    assert document.find(".//input[@id='page']").get("value") == REPORT["page"]
    assert reports(app) == []
    assert spent_tokens(app) == 0


def test_the_refused_form_comes_back_with_a_fresh_token_that_sends_it(app, client, page, tokens):
    _response, document = page.post("/report-a-problem", data={"csrf_token": tokens["csrf_token"], **REPORT}, status=422)
    fresh = document.find(".//input[@name='once']").get("value")
    assert fresh and fresh != tokens["once"]
    again = {"csrf_token": document.find(".//input[@name='csrf_token']").get("value"), "once": fresh, **REPORT}
    assert client.post("/report-a-problem", data=again).status_code == 303
    assert [report.description for report in reports(app)] == [REPORT["description"]]


def test_a_forged_token_also_comes_back_fresh_so_sending_again_works(app, client, page, tokens):
    data = {**tokens, "once": "forged", **REPORT}
    _response, document = page.post("/report-a-problem", data=data, status=422)
    fresh = document.find(".//input[@name='once']").get("value")
    assert fresh not in ("", "forged")
    assert client.post("/report-a-problem", data={**data, "once": fresh}).status_code == 303
    assert len(reports(app)) == 1


def test_the_token_on_a_page_is_spent_once_and_a_second_post_without_it_is_still_refused(app, client, page, tokens):
    assert client.post("/report-a-problem", data={**tokens, **REPORT}).status_code == 303
    _response, document = page.post("/report-a-problem", data={"csrf_token": tokens["csrf_token"], **REPORT}, status=422)
    assert EXPIRED in text_of(document.find(".//div[@class='nhsuk-error-summary']"))
    assert len(reports(app)) == 1
