"""Download my data: everything a person gave or wrote, only their own, never what others
wrote about them, in a fixed number of queries."""

import json

from portal.db import utc_now
from portal.extensions import db
from portal.groups.models import Touchpoint
from portal.ideas import services as ideas
from portal.ideas.models import Idea
from portal.safeguarding.models import RiskAnswer, Trigger
from tests.conftest import count_queries
from tests.factories import make_account, sign_in
from tests.rights.conftest import (
    CARE_DETAILS, CLAIM_DETAILS, COHORT, DISCLOSURE_TEXT, EMAIL, IDEA_TEXT, MOBILE, OTHER_IDEA, PSEUDONYM, REAL_NAME, STAFF_REPLY,
)


def download(client) -> dict:
    response = client.get("/account/my-data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="my-data.json"'
    assert "no-store" in response.headers["Cache-Control"]
    return json.loads(response.get_data(as_text=True))


def test_the_download_holds_everything_the_person_gave_or_wrote(app, client, world):
    sign_in(client, world.person)
    data = download(client)
    assert data["account"]["name_here"] == PSEUDONYM
    assert (data["account"]["email"], data["account"]["mobile"]) == (EMAIL, MOBILE)
    assert data["roles"] == ["participant"]
    assert [consent["kind"] for consent in data["consents"]] == ["privacy_notice"]
    assert [row["group"] for row in data["groups"]] == ["Letters group"]
    assert [row["reply"] for row in data["meeting_replies"]] == ["yes"]
    assert [row["travel"] for row in data["attendance"]] == [True]
    assert [(row["kind"], row["amount_pence"], row["details"], row["status"], row["receipt"]) for row in data["claims"]] == [
        ("travel", 480, CLAIM_DETAILS, "approved", True),
        ("care_cover", 1500, CARE_DETAILS, "rejected", True),
        ("payment", 2500, "", "submitted", False),
    ]
    [idea, held] = sorted(data["ideas"], key=lambda row: row["written_at"])
    assert idea["what_happened"] == IDEA_TEXT and idea["status"] == "published"
    assert [step["status"] for step in idea["history"]] == ["awaiting_moderation", "published"]
    assert held["status"] == "held"
    assert [row["idea"] for row in data["same_here"]] == [str(world.other_idea_id)]
    assert [row["reason"] for row in data["reports"]] == ["other"]
    assert [(row["choice"], row["comment"]) for row in data["votes"]] == [("concerns", "Texts cost me nothing, letters arrive late.")]
    assert [row["proposal_title"] for row in data["secret_ballots"]] == ["Secret: evening clinics"]
    assert "choice" not in data["secret_ballots"][0]
    assert "secret ballot" in data["secret_ballots_note"]
    assert [(row["question"], row["answer"]) for row in data["feedback"]] == [("clear_next", "partly")]
    assert [(row["change_title"], row["cohort"]) for row in data["feedback_cohorts"]] == [("Texts a week before", COHORT)]
    assert [(row["text"], row["how_to_contact_you"]) for row in data["safeguarding"]] == [(DISCLOSURE_TEXT, "phone")]
    assert data["messages"] and all(message["title"] for message in data["messages"])


def test_what_others_wrote_about_the_person_is_left_out(app, client, world):
    sign_in(client, world.person)
    text = client.get("/account/my-data.json").get_data(as_text=True)
    for written_by_others in (STAFF_REPLY, OTHER_IDEA, world.other.pseudonym, world.staff.pseudonym, REAL_NAME, "07700900111"):
        assert written_by_others not in text
    for safeguarding_only in ("triage", "urgency", "assigned", "opened"):
        assert f'"{safeguarding_only}' not in text


def test_the_page_shows_the_same_in_plain_words_with_a_download_button(app, page, world):
    sign_in(page.client, world.person)
    response, document = page.get("/account/my-data")
    text = response.get_data(as_text=True)
    for expected in (PSEUDONYM, EMAIL, IDEA_TEXT, DISCLOSURE_TEXT, "Letters group", CLAIM_DETAILS, CARE_DETAILS, "Secret: evening clinics", "A phone call",
                     f"You said you belong to: {COHORT}"):
        assert expected in text
    assert STAFF_REPLY not in text and REAL_NAME not in text
    assert "nobody can find out how" in text
    assert document.find(".//a[@href='/account/my-data.json']") is not None


def test_a_forged_account_in_the_address_is_ignored(app, client, world):
    sign_in(client, world.other)
    response = client.get(f"/account/my-data.json?account_id={world.person.id}&account={world.person.id}")
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["name_here"] == world.other.pseudonym
    assert IDEA_TEXT not in response.get_data(as_text=True)
    assert client.get(f"/account/my-data/{world.person.id}").status_code == 404


def test_a_disclosure_a_moderator_raised_is_not_the_persons_own_words(app, client, world):
    with app.test_request_context():
        idea = db.session.get(Idea, world.idea_id)
        ideas.flag_for_safeguarding(db.session, idea=idea, actor_id=world.staff.id, trigger=Trigger.moderator)
    sign_in(client, world.person)
    data = download(client)
    assert [row["text"] for row in data["safeguarding"]] == [DISCLOSURE_TEXT]


def test_the_download_takes_the_same_number_of_queries_however_much_there_is(app):
    few, many = make_account(app), make_account(app)
    with app.test_request_context():
        for number in range(6):
            ideas.submit_idea(
                db.session, author_id=many.id, touchpoint=Touchpoint.referral, what_happened=f"Idea number {number}", what_should_change="",
                language="en", risk_answer=RiskAnswer.no if number else RiskAnswer.yes_me, now=utc_now(),
            )
    counts = []
    for person in (few, many):
        client = app.test_client()
        sign_in(client, person)
        with count_queries(app) as statements:
            assert client.get("/account/my-data.json").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get("/account/my-data.json")
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


def test_the_download_holds_the_persons_own_equality_answers(app):
    from portal.equality import services as equality

    person = make_account(app)
    with app.app_context():
        equality.save_answers(db.session, account_id=person.id, answers=equality.Answers({"carer": "yes", "age_band": "35_44"}))
    client = app.test_client()
    sign_in(client, person)
    data = client.get("/account/my-data.json").get_json()
    assert data["equality"]["answers"] == {"age_band": "35_44", "carer": "yes"}
    assert "/account/equality" in client.get("/account/my-data").text
