"""You said, we did: changes linked to ideas and proposals, status updates that tell every
linked author once in their own language, "not taken forward" always with its reason, the
public board, and the chain under "Your contributions"."""

from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlmodel import select

from portal.accounts.models import Account
from portal.changes import services
from portal.changes.models import Change, ChangeKind, ChangeStatus, ChangeUpdate
from portal.changes.services import NewChange
from portal.db import utc_now
from portal.extensions import db
from portal.groups import services as groups
from portal.groups.models import Touchpoint
from portal.ideas import services as ideas
from portal.notifications.models import Message
from portal.notifications.kinds import kind as message_kind
from portal.proposals import services as proposals
from portal.proposals.models import Eligibility, Method, Results
from portal.safeguarding.models import RiskAnswer
from portal.web.permissions import Role
from portal.web.i18n import LANGUAGE_COOKIE, LANGUAGES
from tests.factories import make_account, post_form, sign_in
from tests.pages import parse
from tests.site.test_pages import english_left, english_messages


@pytest.fixture
def world(app):
    staff = make_account(app, Role.staff)
    author = make_account(app)
    voter_author = make_account(app)
    with app.app_context():
        db.session.get(Account, voter_author.id).language = "ur"
        db.session.commit()
        group = groups.create_group(db.session, data={"name": "Letters and texts group", "pathway": "Mental health", "description": "x", "join_policy": "open"}, actor_id=staff.id)
        for person in (author, voter_author):
            groups.join(db.session, group=group, account_id=person.id)
        shared = []
        for person, words in ((author, "The letter came late."), (voter_author, "Nobody told me who I would meet.")):
            idea = ideas.submit_idea(db.session, author_id=person.id, touchpoint=Touchpoint.first_contact, what_happened=words, what_should_change="", language="en", risk_answer=RiskAnswer.no, group_id=group.id).idea
            ideas.moderate(db.session, idea=idea, decision="publish", moderator_id=staff.id)
            shared.append(idea)
        proposal = proposals.create_proposal(
            db.session,
            data=proposals.NewProposal(
                title="A text before first appointments", summary="x", detail="", easy_read="", group_id=group.id, touchpoint=Touchpoint.first_contact,
                method=Method.support, options=[], eligibility=Eligibility.group_members, secret=False, results=Results.live,
                opens_at=utc_now() - timedelta(hours=1), closes_at=utc_now() + timedelta(days=3), idea_ids=[shared[1].id],
            ),
            actor_id=staff.id,
        )
    return {"staff": staff, "author": author, "voter_author": voter_author, "group": group.id, "idea": shared[0], "other_idea": shared[1], "proposal": proposal}


def new_change(world, **changes):
    data = {
        "title": "Texts a week before first appointments", "said": "Letters came late and people did not know who they would meet.",
        "did": "", "kind": ChangeKind.communication_standard, "touchpoint": Touchpoint.first_contact, "owner_team": "Community mental health team (fictional)",
        "group_id": world["group"], "review_on": None, "idea_ids": [world["idea"].id], "proposal_ids": [world["proposal"].id],
    }
    data.update(changes)
    return NewChange(**data)


def messages_to(app, person):
    with app.app_context():
        return db.session.exec(select(Message).where(Message.recipient_id == person.id, Message.kind == "changes.status")).all()


def test_every_linked_author_is_told_once_per_status_change_in_their_language(app, world):
    with app.app_context():
        change = services.create_change(db.session, data=new_change(world), status=ChangeStatus.agreed, reason="", actor_id=world["staff"].id)
        services.update(db.session, change=db.session.get(Change, change.id), status=ChangeStatus.agreed, note="Templates drafted", actor_id=world["staff"].id)
        services.update(db.session, change=db.session.get(Change, change.id), status=ChangeStatus.done, note="", actor_id=world["staff"].id)
    assert len(messages_to(app, world["author"])) == 2  # agreed, done; the note alone tells nobody
    urdu = messages_to(app, world["voter_author"])
    assert len(urdu) == 2  # through the proposal made from their idea
    with app.test_request_context(), force_locale("ur"):
        title, _body = message_kind("changes.status").render(urdu[-1].context)
    with app.test_request_context():
        english, _body = message_kind("changes.status").render(urdu[-1].context)
    assert english == "What you said: Done" and not title.startswith("What you said") and "Done" not in title


def test_not_taken_forward_always_needs_and_shows_its_reason(app, world, client):
    office = app.test_client()
    sign_in(office, world["staff"])
    with app.app_context():
        change = services.create_change(db.session, data=new_change(world), status=ChangeStatus.considering, reason="", actor_id=world["staff"].id)
        with pytest.raises(services.ChangeError):
            services.update(db.session, change=db.session.get(Change, change.id), status=ChangeStatus.not_taken_forward, note=" ", actor_id=world["staff"].id)
    url = f"/changes/{change.id}"
    missing = post_form(office, f"{url}/update", {"status": "not_taken_forward", "note": ""}, get_url=url)
    assert missing.status_code == 422 and "Say why it is not taken forward" in missing.text
    assert post_form(office, f"{url}/update", {"status": "not_taken_forward", "note": "The text service costs more than the budget this year."}, get_url=url).status_code == 303
    page = app.test_client().get(url).text
    assert "Not taken forward" in page and "costs more than the budget" in page
    sign_in(client, world["author"])
    mine = client.get("/ideas/mine").text
    assert "Led to a change:" in mine and "costs more than the budget" in mine


def test_staff_record_a_change_through_the_form_and_it_appears_on_the_board_and_group_page(app, world):
    office = app.test_client()
    sign_in(office, world["staff"])
    response = post_form(office, "/changes/new", {
        "title": "Texts before first appointments", "said": "Letters came late.", "did": "We now send a text a week before.",
        "kind": "communication_standard", "touchpoint": "first_contact", "status": "done", "owner_team": "Bookings team",
        "group": str(world["group"]), "ideas": [str(world["idea"].id)], "review_on": "2027-06-01",
    })
    assert response.status_code == 303
    board = app.test_client().get("/changes?status=done").text
    assert "Texts before first appointments" in board
    assert "Texts before first appointments" in app.test_client().get(f"/groups/{world['group']}").text
    assert "Texts before first appointments" not in app.test_client().get("/changes?status=considering").text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "not_taken_forward", "status_reason": ""}, "Say why it is not taken forward"),
        ({"title": ""}, "Enter a title"),
        ({"kind": "magic"}, "Choose from the list"),
        ({"review_on": "next spring"}, "Enter a real date"),
    ],
)
def test_bad_changes_are_explained_and_keep_what_was_typed(app, world, changes, message):
    office = app.test_client()
    sign_in(office, world["staff"])
    data = {"title": "Texts", "said": "Letters came late.", "kind": "communication_standard", "touchpoint": "other", "status": "agreed", "owner_team": "Bookings team", "group": ""}
    response = post_form(office, "/changes/new", {**data, **changes})
    assert response.status_code == 422 and message in response.text and "Letters came late." in response.text
    with app.app_context():
        assert db.session.exec(select(Change)).all() == []


def test_a_change_cannot_be_linked_to_a_hidden_or_held_idea(app, world):
    with app.app_context():
        held = ideas.submit_idea(db.session, author_id=world["author"].id, touchpoint=Touchpoint.other, what_happened="I am not safe at home.", what_should_change="", language="en", risk_answer=RiskAnswer.yes_me).idea
        with pytest.raises(services.ChangeError):
            services.create_change(db.session, data=new_change(world, idea_ids=[held.id], proposal_ids=[]), status=ChangeStatus.agreed, reason="", actor_id=world["staff"].id)
        assert db.session.exec(select(Change)).all() == [] and db.session.exec(select(ChangeUpdate)).all() == []


def test_only_staff_record_changes(app, world):
    for role in (Role.participant, Role.intermediary, Role.safeguarding_lead, Role.commissioner):
        client = app.test_client()
        sign_in(client, make_account(app, role))
        assert client.get("/changes/new").status_code == 403


def test_the_atom_feed_parses_and_leaves_out_sensitive_groups(app, world):
    import xml.etree.ElementTree as ET

    with app.app_context():
        services.create_change(db.session, data=new_change(world), status=ChangeStatus.done, reason="", actor_id=world["staff"].id)
        secret = groups.create_group(db.session, data={"name": "Safe at home", "pathway": "Private support", "description": "x", "join_policy": "open", "sensitive": True}, actor_id=world["staff"].id)
        services.create_change(db.session, data=new_change(world, title="Hidden group change", group_id=secret.id, idea_ids=[], proposal_ids=[]), status=ChangeStatus.agreed, reason="", actor_id=world["staff"].id)
    response = app.test_client().get("/changes.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    titles = [entry.find("atom:title", ns).text for entry in root.findall("atom:entry", ns)]
    assert titles == ["Texts a week before first appointments – Done"]
    assert root.find("atom:link[@rel='self']", ns).get("href").endswith("/changes.atom")


def test_a_poster_prints_in_any_language_and_sharing_uses_plain_links(app, world):
    with app.app_context():
        change = services.create_change(db.session, data=new_change(world), status=ChangeStatus.done, reason="", actor_id=world["staff"].id)
    reader = app.test_client()
    page = reader.get(f"/changes/{change.id}").text
    assert f"/changes/{change.id}/poster/cy" in page and "https://wa.me/?text=" in page and "mailto:?subject=" in page and "sms:?body=" in page
    assert "utm_" not in page
    welsh = reader.get(f"/changes/{change.id}/poster/cy").text
    assert '<html lang="cy"' in welsh and 'src="data:image/svg+xml' in welsh and "Texts a week before first appointments" in welsh
    assert reader.get(f"/changes/{change.id}/poster/xx").status_code == 404
    with app.app_context():
        secret = groups.create_group(db.session, data={"name": "Safe at home", "pathway": "Private support", "description": "x", "join_policy": "open", "sensitive": True}, actor_id=world["staff"].id)
        hidden = services.create_change(db.session, data=new_change(world, group_id=secret.id, idea_ids=[], proposal_ids=[]), status=ChangeStatus.done, reason="", actor_id=world["staff"].id)
    office = app.test_client()
    sign_in(office, world["staff"])
    assert office.get(f"/changes/{hidden.id}/poster/en").status_code == 404
    assert "/poster/" not in office.get(f"/changes/{hidden.id}").text


@pytest.mark.parametrize("code", [code for code in LANGUAGES if code != "en"])
def test_the_board_a_change_and_its_poster_are_in_the_readers_language(app, world, code):
    with app.app_context():
        change = services.create_change(db.session, data=new_change(world), status=ChangeStatus.not_taken_forward, reason="Too costly.", actor_id=world["staff"].id)
    english = english_messages(code)
    reader = app.test_client()
    reader.set_cookie(LANGUAGE_COOKIE, code)
    for url in ("/changes", f"/changes/{change.id}", f"/changes/{change.id}/poster/{code}"):
        assert english_left(parse(reader.get(url).text), english) == [], (code, url)
