"""Moderation: a queue per group, publish / ask for a change / hide with a reason the author
reads in their language, personal details held, reports, replies, "happened to me too",
translation before moderation, and flags to safeguarding."""

import pytest
from flask_babel import force_locale, gettext
from sqlmodel import select

from portal.audit.models import AuditEntry
from portal.extensions import db
from portal.groups import services as groups
from portal.groups.models import Moderation
from portal.ideas import services
from portal.ideas.models import Idea, IdeaStatus
from portal.notifications.models import Message
from portal.safeguarding.models import Case, Disclosure, RiskAnswer, Trigger
from portal.web.permissions import Role
from tests.factories import form_fields, make_account, post_form, sign_in

IDEA = {"risk": "no", "touchpoint": "follow_up", "what_happened": "Nobody rang back after my scan.", "what_should_change": "Ring within a week.", "language": "en"}


@pytest.fixture
def world(app):
    staff = make_account(app, Role.staff)
    connector = make_account(app, Role.participant, Role.intermediary)
    author = make_account(app)
    with app.app_context():
        pre = groups.create_group(db.session, data={"name": "Scan group", "pathway": "Imaging", "description": "x", "join_policy": "open"}, actor_id=staff.id)
        post = groups.create_group(db.session, data={"name": "Open talk", "pathway": "Therapy", "description": "x", "join_policy": "open", "moderation": Moderation.post}, actor_id=staff.id)
        other = groups.create_group(db.session, data={"name": "Elsewhere", "pathway": "Therapy", "description": "x", "join_policy": "open"}, actor_id=staff.id)
        for group in (pre, post, other):
            groups.join(db.session, group=group, account_id=author.id)
        groups.set_facilitator(db.session, group=pre, account_id=connector.id, actor_id=staff.id)
    return {"staff": staff, "connector": connector, "author": author, "pre": pre.id, "post": post.id, "other": other.id}


def share(app, world, group, **changes):
    client = app.test_client()
    sign_in(client, world["author"])
    assert post_form(client, "/ideas/new", {**IDEA, "group": str(world[group]), **changes}).status_code == 303
    with app.app_context():
        return db.session.exec(select(Idea).order_by(Idea.created_at.desc())).first(), client


def status_of(app, idea):
    with app.app_context():
        return db.session.get(Idea, idea.id).status


def test_a_facilitator_publishes_their_groups_idea_but_cannot_touch_another_groups(app, world):
    mine, author = share(app, world, "pre")
    theirs, _ = share(app, world, "other")
    facilitator = app.test_client()
    sign_in(facilitator, world["connector"])
    queue = facilitator.get("/moderation").text
    assert f"/moderation/{mine.id}" in queue and f"/moderation/{theirs.id}" not in queue
    assert facilitator.get(f"/moderation/{theirs.id}").status_code == 403
    assert post_form(facilitator, f"/moderation/{mine.id}", {"decision": "publish"}).status_code == 303
    assert status_of(app, mine) == IdeaStatus.published
    assert "Nobody rang back after my scan." in app.test_client().get("/ideas").text  # signed out too
    with app.app_context():
        assert db.session.exec(select(AuditEntry).where(AuditEntry.action == "ideas.moderate_publish")).first()


def test_hiding_needs_a_reason_which_the_author_reads_in_their_own_language(app, world):
    idea, author = share(app, world, "pre")
    office = app.test_client()
    sign_in(office, world["staff"])
    response = post_form(office, f"/moderation/{idea.id}", {"decision": "hide"})
    assert response.status_code == 422 and "Choose why" in response.text
    assert post_form(office, f"/moderation/{idea.id}", {"decision": "hide", "reason": "not_respectful", "note": "Please talk about the service"}).status_code == 303
    assert status_of(app, idea) == IdeaStatus.hidden
    author.post("/language", data={**form_fields(author.get("/language").text), "language": "pl"})
    mine = author.get("/ideas/mine").text
    with app.test_request_context(), force_locale("pl"):
        hidden, reason = gettext("Hidden"), gettext("It is not respectful to someone")
    assert hidden != "Hidden" and reason != "It is not respectful to someone"
    assert "Please talk about the service" in mine and hidden in mine and reason in mine
    with app.app_context():
        assert db.session.exec(select(Message).where(Message.recipient_id == world["author"].id, Message.kind == "ideas.hidden")).first()


def test_asked_to_change_the_author_revises_and_it_is_read_again(app, world):
    idea, author = share(app, world, "pre")
    office = app.test_client()
    sign_in(office, world["staff"])
    post_form(office, f"/moderation/{idea.id}", {"decision": "ask_change", "reason": "personal_details"})
    page = author.get(f"/ideas/{idea.id}/change").text
    assert "It has personal details that could identify someone" in page and "Nobody rang back" in page
    assert post_form(author, f"/ideas/{idea.id}/change", {"risk": "no", "what_happened": "Nobody rang back.", "what_should_change": ""}).status_code == 303
    assert status_of(app, idea) == IdeaStatus.awaiting_moderation
    assert author.get(f"/ideas/{idea.id}/change").status_code == 404  # only while a change is asked for


def test_post_moderation_publishes_at_once_unless_there_are_personal_details(app, world):
    plain, _ = share(app, world, "post")
    detailed, _ = share(app, world, "post", what_happened="Call me on 07700 900123 about it")
    assert status_of(app, plain) == IdeaStatus.published
    assert status_of(app, detailed) == IdeaStatus.awaiting_moderation
    office = app.test_client()
    sign_in(office, world["staff"])
    assert "a phone number" in office.get("/moderation").text


def test_enough_reports_hide_an_idea_until_a_moderator_looks(app, world):
    idea, _ = share(app, world, "post")
    app.config["IDEA_REPORTS_TO_HIDE"] = 2
    for count in range(2):
        reader = app.test_client()
        sign_in(reader, make_account(app))
        response = post_form(reader, f"/ideas/{idea.id}/report", {"reason": "not_respectful"}, get_url=f"/ideas/{idea.id}")
        assert response.status_code == 303
        if count == 0:
            again = post_form(reader, f"/ideas/{idea.id}/report", {"reason": "spam"}, get_url=f"/ideas/{idea.id}")
            assert again.status_code == 422 and "already reported" in again.text
    assert status_of(app, idea) == IdeaStatus.awaiting_moderation
    assert app.test_client().get(f"/ideas/{idea.id}").status_code == 404
    office = app.test_client()
    sign_in(office, world["staff"])
    assert "Reported by 2 people" in office.get("/moderation").text


def test_same_here_counts_each_person_once_and_replies_reach_the_author(app, world):
    idea, author = share(app, world, "post")
    reader = app.test_client()
    sign_in(reader, make_account(app))
    for _ in range(2):
        reader.post(f"/ideas/{idea.id}/same-here", data=form_fields(reader.get(f"/ideas/{idea.id}").text))
    with app.app_context():
        assert db.session.get(Idea, idea.id).same_here_count == 1
    assert reader.post(f"/ideas/{idea.id}/reply", data={**form_fields(reader.get(f"/ideas/{idea.id}").text), "text": "hi"}).status_code == 403
    office = app.test_client()
    sign_in(office, world["staff"])
    assert post_form(office, f"/ideas/{idea.id}/reply", {"text": "We now ring within five days."}, get_url=f"/ideas/{idea.id}").status_code == 303
    assert "We now ring within five days." in reader.get(f"/ideas/{idea.id}").text
    with app.app_context():
        assert db.session.exec(select(Message).where(Message.recipient_id == world["author"].id, Message.kind == "ideas.replied")).first()


def test_an_idea_in_another_language_is_translated_before_moderation_and_keeps_its_original(app, world):
    idea, _ = share(app, world, "pre", language="bn", what_happened="স্ক্যানের পরে কেউ ফোন করেনি।", what_should_change="")
    assert status_of(app, idea) == IdeaStatus.awaiting_translation
    office = app.test_client()
    sign_in(office, world["staff"])
    assert f"/moderation/{idea.id}" not in office.get("/moderation").text
    connector = app.test_client()
    sign_in(connector, world["connector"])
    assert f"/ideas/{idea.id}/translate" in connector.get("/ideas/to-translate").text
    assert post_form(connector, f"/ideas/{idea.id}/translate", {"what_happened": "Nobody called after the scan."}).status_code == 303
    page = office.get(f"/moderation/{idea.id}").text
    assert "স্ক্যানের পরে কেউ ফোন করেনি।" in page and "Nobody called after the scan." in page
    participant = app.test_client()
    sign_in(participant, make_account(app))
    assert participant.get("/ideas/to-translate").status_code == 403


def test_a_moderator_flag_or_a_worry_holds_the_idea_and_opens_a_case(app, world):
    idea, _ = share(app, world, "post")
    office = app.test_client()
    sign_in(office, world["staff"])
    assert post_form(office, f"/moderation/{idea.id}", {"decision": "safeguarding"}).status_code == 303
    assert status_of(app, idea) == IdeaStatus.held
    with app.app_context():
        assert db.session.exec(select(Disclosure).where(Disclosure.idea_id == idea.id)).one().trigger == Trigger.moderator
    second, _ = share(app, world, "post")
    reader = app.test_client()
    sign_in(reader, make_account(app))
    empty = post_form(reader, f"/ideas/{second.id}/worried", {"text": ""})
    assert empty.status_code == 422 and "Tell us what worries you" in empty.text
    sent = post_form(reader, f"/ideas/{second.id}/worried", {"text": "I think the writer is being hurt at home."})
    assert sent.status_code == 200 and "A safeguarding lead will read it by" in sent.text
    assert status_of(app, second) == IdeaStatus.held
    assert app.test_client().get(f"/ideas/{second.id}").status_code == 404


def test_a_lead_releases_a_wrongly_held_idea_to_moderation_and_the_case_stays(app, world):
    idea, _ = share(app, world, "pre", risk="not_sure")
    lead = app.test_client()
    sign_in(lead, make_account(app, Role.safeguarding_lead))
    with app.app_context():
        case = db.session.exec(select(Case)).one()
    assert post_form(lead, f"/cases/{case.id}/release", {}, get_url=f"/cases/{case.id}").status_code == 303
    assert status_of(app, idea) == IdeaStatus.awaiting_moderation
    with app.app_context():
        assert db.session.get(Case, case.id).closed_at is None
        assert db.session.exec(select(Disclosure)).one().risk_answer == RiskAnswer.not_sure
        assert db.session.exec(select(AuditEntry).where(AuditEntry.action == "ideas.release")).first()


def test_held_and_waiting_ideas_never_appear_in_lists_feeds_or_pages_for_others(app, world):
    held, _ = share(app, world, "post", risk="yes_me", what_happened="Secret words about harm at home")
    waiting, _ = share(app, world, "pre", what_happened="Waiting words")
    for who in (None, Role.participant, Role.intermediary, Role.staff, Role.admin, Role.commissioner):
        client = app.test_client()
        if who:
            sign_in(client, make_account(app, who))
        for url in ("/ideas", f"/groups/{world['post']}", "/ideas/mine", "/moderation", "/ideas/to-translate"):
            assert "Secret words" not in client.get(url).text, (who, url)
        assert client.get(f"/ideas/{held.id}").status_code in (302, 404)
        if who not in (Role.staff, Role.admin):
            assert client.get(f"/ideas/{waiting.id}").status_code in (302, 404)


def test_moderators_list_ideas_by_status_but_never_held_ones(app, world):
    hidden, _ = share(app, world, "pre", what_happened="Hidden words here")
    held, _ = share(app, world, "pre", risk="yes_me", what_happened="Held words here")
    office = app.test_client()
    sign_in(office, world["staff"])
    post_form(office, f"/moderation/{hidden.id}", {"decision": "hide", "reason": "off_topic"})
    assert "Hidden words here" in office.get("/ideas?status=hidden").text
    assert office.get("/ideas?status=held").status_code == 404
    reader = app.test_client()
    sign_in(reader, make_account(app))
    assert reader.get("/ideas?status=hidden").status_code == 404
    assert "Held words" not in office.get("/ideas?status=awaiting_moderation").text
