"""Every form that collects what people tell us links to the privacy notice, once a page, in
a new tab so nothing typed is lost; the notice explains download, deletion, requests and retention."""

import pytest

from tests.factories import sign_in
from tests.pages import text_of

LINK_TEXT = "How we use what you tell us"


def privacy_links(document) -> list:
    main = document.find(".//main")
    return [link for link in main.iter("a") if link.get("href") == "/privacy" and LINK_TEXT in text_of(link)]


def test_sign_up_links_to_the_privacy_notice_once(page):
    _response, document = page.get("/sign-up")
    assert len(privacy_links(document)) == 1


@pytest.mark.parametrize(
    "url",
    [
        "/ideas/new",
        "/ideas/{other_idea}/worried",
        "/meetings/{held}/claim",
        "/account/contact",
        "/account/needs",
        "/account/notifications",
        "/account/delete",
        "/meetings/{upcoming}",
        "/proposals/{proposal}",
        "/report-a-problem",
    ],
)
def test_each_form_that_collects_personal_data_links_to_the_privacy_notice(app, page, world, url):
    sign_in(page.client, world.person)
    _response, document = page.get(url.format(other_idea=world.other_idea_id, held=world.held_meeting_id, upcoming=world.upcoming_meeting_id, proposal=world.open_proposal_id))
    [link] = privacy_links(document)
    assert link.get("target") == "_blank" and "noopener" in link.get("rel")
    assert any(link in list(form.iter("a")) for form in document.iter("form")), "the link sits beside the form's button"


def test_the_equality_questions_link_to_the_privacy_notice(app, page, world):
    sign_in(page.client, world.person)
    _response, document = page.get("/account/equality")
    assert len(privacy_links(document)) == 1


def test_joining_a_group_links_to_the_privacy_notice(app, page, world):
    from tests.factories import make_account

    newcomer = make_account(app)
    sign_in(page.client, newcomer)
    _response, document = page.get(f"/groups/{world.group_id}")
    assert len(privacy_links(document)) == 1


def test_the_privacy_notice_explains_download_deletion_requests_and_retention(page):
    response, _document = page.get("/privacy")
    for words in (
        "See or download everything you gave us",
        "Delete your account",
        "shown as from a “Former member”",
        "Your votes and your answers to quick questions still count, but only as numbers",
        "we keep a record of each payment for our finance team, without your name",
        "within one calendar month",
        "up to two more months",
        "Information Commissioner’s Office",
    ):
        assert words in response.text
