"""Proposals from ideas, one person one vote (held by the database), secret ballots that cannot
be joined to the voter, votes counted in the room, and results with turnout."""

import http.cookiejar
import threading
import urllib.parse
import urllib.request
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select
from werkzeug.serving import make_server

from portal.audit.models import AuditEntry
from portal.db import utc_now
from portal.extensions import db
from portal.groups import services as groups
from portal.groups.models import Touchpoint
from portal.ideas import services as ideas
from portal.notifications.models import Message
from portal.proposals import services
from portal.proposals.models import BallotReceipt, Eligibility, Method, Proposal, ProposalIdea, Results, RoomTally, SecretTally, Vote, VoterRoll
from portal.proposals.services import NewProposal
from portal.safeguarding.models import RiskAnswer
from portal.web.permissions import Role
from portal.web.i18n import LANGUAGE_COOKIE, LANGUAGES
from tests.factories import form_fields, make_account, post_form, sign_in
from tests.pages import parse
from tests.site.test_pages import english_left, english_messages


def make_group(app, owner, *members):
    with app.app_context():
        group = groups.create_group(db.session, data={"name": "Carers' voices", "pathway": "Therapy", "description": "x", "join_policy": "open"}, actor_id=owner.id)
        for member in members:
            groups.join(db.session, group=group, account_id=member.id)
        return group.id


def make_proposal(app, owner, group_id, **changes):
    now = utc_now()
    data = {
        "title": "Evening appointments", "summary": "Offer appointments after 5pm twice a week.", "detail": "", "easy_read": "",
        "group_id": group_id, "touchpoint": Touchpoint.follow_up, "method": Method.support, "options": [], "eligibility": Eligibility.group_members,
        "secret": False, "results": Results.live, "opens_at": now - timedelta(hours=1), "closes_at": now + timedelta(days=7), "idea_ids": [],
    }
    data.update(changes)
    with app.app_context():
        return services.create_proposal(db.session, data=NewProposal(**data), actor_id=owner.id)


@pytest.fixture
def setting(app):
    staff = make_account(app, Role.staff)
    member = make_account(app)
    group_id = make_group(app, staff, member)
    return staff, member, group_id


def test_staff_make_a_proposal_from_an_idea_and_its_author_is_told(app, setting):
    staff, member, group_id = setting
    with app.app_context():
        idea = ideas.submit_idea(db.session, author_id=member.id, touchpoint=Touchpoint.follow_up, what_happened="I cannot come before 5pm.", what_should_change="", language="en", risk_answer=RiskAnswer.no, group_id=group_id).idea
        ideas.moderate(db.session, idea=idea, decision="publish", moderator_id=staff.id)
    office = app.test_client()
    sign_in(office, staff)
    tomorrow = (utc_now() + timedelta(days=1)).date().isoformat()
    later = (utc_now() + timedelta(days=8)).date().isoformat()
    form = office.get(f"/proposals/new?idea={idea.id}").text
    assert "I cannot come before 5pm." in form
    response = post_form(office, "/proposals/new", {
        "title": "Evening appointments", "summary": "Offer appointments after 5pm.", "group": str(group_id), "touchpoint": "follow_up",
        "ideas": [str(idea.id)], "method": "support", "eligibility": "group_members", "results": "live",
        "opens_day": tomorrow, "opens_time": "09:00", "closes_day": later, "closes_time": "17:00",
    }, get_url=f"/proposals/new?idea={idea.id}")
    assert response.status_code == 303
    with app.app_context():
        proposal = db.session.exec(select(Proposal)).one()
        assert db.session.get(ProposalIdea, (proposal.id, idea.id))
        assert db.session.exec(select(Message).where(Message.recipient_id == member.id, Message.kind == "proposals.from_your_idea")).first()
    assert "I cannot come before 5pm." in office.get(f"/proposals/{proposal.id}").text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"closes_day": "2020-01-01"}, "Voting must close"),
        ({"method": "choice", "options": "Only one"}, "Give from 2 to 12 options"),
        ({"title": ""}, "Enter a title"),
        ({"opens_day": "soon"}, "Enter a real date"),
    ],
)
def test_bad_proposals_are_explained_and_keep_what_was_typed(app, setting, changes, message):
    staff, _member, group_id = setting
    office = app.test_client()
    sign_in(office, staff)
    later = (utc_now() + timedelta(days=8)).date().isoformat()
    data = {"title": "Evening appointments", "summary": "Offer appointments after 5pm.", "group": str(group_id), "touchpoint": "other", "method": "support",
            "eligibility": "group_members", "results": "live", "opens_day": utc_now().date().isoformat(), "opens_time": "00:00", "closes_day": later, "closes_time": "17:00"}
    response = post_form(office, "/proposals/new", {**data, **changes})
    assert response.status_code == 422 and message in response.text
    assert "Offer appointments after 5pm." in response.text


def test_a_facilitator_makes_proposals_only_for_their_own_group(app, setting):
    staff, _member, group_id = setting
    connector = make_account(app, Role.participant, Role.intermediary)
    other_group = make_group(app, staff)
    with app.app_context():
        groups.set_facilitator(db.session, group=db.session.get(groups.Group, group_id), account_id=connector.id, actor_id=staff.id)
    client = app.test_client()
    sign_in(client, connector)
    page = client.get("/proposals/new").text
    assert f'value="{group_id}"' in page and f'value="{other_group}"' not in page
    participant = app.test_client()
    sign_in(participant, make_account(app))
    assert participant.get("/proposals/new").status_code == 403


def test_a_member_votes_changes_their_vote_and_sees_the_tally(app, client, setting):
    staff, member, group_id = setting
    proposal = make_proposal(app, staff, group_id)
    sign_in(client, member)
    assert post_form(client, f"/proposals/{proposal.id}/vote", {"choice": "support"}, get_url=f"/proposals/{proposal.id}").status_code == 303
    assert post_form(client, f"/proposals/{proposal.id}/vote", {"choice": "concerns", "comment": "Buses stop at 7"}, get_url=f"/proposals/{proposal.id}").status_code == 303
    with app.app_context():
        [vote] = db.session.exec(select(Vote)).all()
        assert (vote.choice, vote.comment) == ("concerns", "Buses stop at 7")
    page = client.get(f"/proposals/{proposal.id}").text
    assert "You can change it until voting closes." in page and "Turnout online: 1 of 2" in page


def test_the_vote_panel_updates_in_place_with_htmx(app, client, setting):
    staff, member, group_id = setting
    proposal = make_proposal(app, staff, group_id)
    sign_in(client, member)
    tokens = form_fields(client.get(f"/proposals/{proposal.id}").text)
    response = client.post(f"/proposals/{proposal.id}/vote", data={**tokens, "choice": "neutral"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "<html" not in response.text and 'id="vote-panel"' in response.text
    assert "Your vote: Neutral" in response.text
    bad = client.post(f"/proposals/{proposal.id}/vote", data={**tokens, "choice": "maybe"}, headers={"HX-Request": "true"})
    assert bad.status_code == 422 and "Choose your answer" in bad.text and "<html" not in bad.text


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [(timedelta(hours=1), timedelta(days=2), "Voting has not opened yet."), (-timedelta(days=2), -timedelta(hours=1), "Voting has closed.")],
)
def test_votes_outside_the_window_are_refused(app, client, setting, opens, closes, message):
    staff, member, group_id = setting
    proposal = make_proposal(app, staff, group_id, opens_at=utc_now() + opens, closes_at=utc_now() + timedelta(days=7))
    with app.app_context():
        stored = db.session.get(Proposal, proposal.id)
        stored.opens_at, stored.closes_at = utc_now() + opens, utc_now() + closes
        db.session.commit()
    sign_in(client, member)
    tokens = form_fields(client.get("/account").text)
    response = client.post(f"/proposals/{proposal.id}/vote", data={**tokens, "choice": "support"}, headers={"HX-Request": "true"})
    assert response.status_code == 422 and message in response.text
    with app.app_context():
        assert db.session.exec(select(Vote)).all() == []


def test_non_members_unknown_options_and_forged_forms_never_vote(app, client, setting):
    staff, _member, group_id = setting
    proposal = make_proposal(app, staff, group_id, method=Method.choice, options=["Evenings", "Weekends"])
    sign_in(client, make_account(app))
    tokens = form_fields(client.get("/account").text)
    with app.app_context():
        option = db.session.exec(select(services.ProposalOption)).first()
    outsider = client.post(f"/proposals/{proposal.id}/vote", data={**tokens, "choice": str(option.id)}, headers={"HX-Request": "true"})
    assert outsider.status_code == 422 and "Only members of the group can vote on this." in outsider.text
    forged = client.post(f"/proposals/{proposal.id}/vote", data={"csrf_token": "forged", "choice": str(option.id)})
    assert forged.status_code == 400
    assert client.post("/proposals/00000000-0000-0000-0000-000000000000/vote", data=tokens).status_code == 404
    with app.app_context():
        assert db.session.exec(select(Vote)).all() == []


def test_a_secret_ballot_is_final_gives_a_receipt_and_cannot_be_joined_to_the_voter(app, client, setting):
    staff, member, group_id = setting
    proposal = make_proposal(app, staff, group_id, secret=True)
    sign_in(client, member)
    tokens = form_fields(client.get(f"/proposals/{proposal.id}").text)
    first = client.post(f"/proposals/{proposal.id}/vote", data={**tokens, "choice": "concerns"}, headers={"HX-Request": "true"})
    assert first.status_code == 200 and "Your receipt code is" in first.text
    code = first.text.split("Your receipt code is ")[1].split(".")[0]
    again = client.post(f"/proposals/{proposal.id}/vote", data={**tokens, "choice": "support"}, headers={"HX-Request": "true"})
    assert again.status_code == 409 and "cannot be changed" in again.text
    with app.app_context():
        assert {tally.choice: tally.count for tally in db.session.exec(select(SecretTally))} == {"support": 0, "neutral": 0, "concerns": 1}
        assert {c.name for c in VoterRoll.__table__.columns} == {"proposal_id", "account_id"}
        assert {c.name for c in SecretTally.__table__.columns} == {"proposal_id", "choice", "count"}
        assert {c.name for c in BallotReceipt.__table__.columns} == {"digest", "proposal_id", "cast_on"}
        assert db.session.exec(select(Vote)).all() == []
        entries = db.session.exec(select(AuditEntry).where(AuditEntry.action == "proposals.secret_ballot")).all()
        assert len(entries) == 1 and "concerns" not in entries[0].model_dump_json()
        if db.engine.dialect.name == "sqlite":
            tables = dict(db.session.execute(sa.text("SELECT name, sql FROM sqlite_master WHERE type='table'")).all())
            assert all("WITHOUT ROWID" in tables[name] for name in ("voter_roll", "secret_tally", "ballot_receipt"))
    assert post_form(client, f"/proposals/{proposal.id}/receipt", {"code": code}, get_url=f"/proposals/{proposal.id}").status_code == 303
    assert "That ballot is counted." in client.get(f"/proposals/{proposal.id}").text
    post_form(client, f"/proposals/{proposal.id}/receipt", {"code": "0000-0000-0000-0000"}, get_url=f"/proposals/{proposal.id}")
    assert "No ballot with that receipt code" in client.get(f"/proposals/{proposal.id}").text


def test_votes_counted_in_the_room_join_the_totals(app, client, setting):
    staff, member, group_id = setting
    proposal = make_proposal(app, staff, group_id)
    sign_in(client, member)
    post_form(client, f"/proposals/{proposal.id}/vote", {"choice": "support"}, get_url=f"/proposals/{proposal.id}")
    office = app.test_client()
    sign_in(office, staff)
    url = f"/proposals/{proposal.id}/room"
    unconfirmed = post_form(office, url, {"count-support": "4", "count-neutral": "1", "headcount": "6"})
    assert unconfirmed.status_code == 422 and "Confirm that nobody counted here also voted online" in unconfirmed.text
    too_many = post_form(office, url, {"count-support": "9", "headcount": "6", "no_double_count": "y"})
    assert too_many.status_code == 422 and "more votes than people" in too_many.text
    assert post_form(office, url, {"count-support": "4", "count-neutral": "1", "headcount": "6", "no_double_count": "y"}).status_code == 303
    page = client.get(f"/proposals/{proposal.id}").text
    assert "5 (83%)" in page and "6 people took part in the room." in page
    with app.app_context():
        assert db.session.exec(select(RoomTally)).one().counts == {"support": 4, "neutral": 1}
        assert db.session.exec(select(AuditEntry).where(AuditEntry.action == "proposals.room_tally")).first()
    member_client = app.test_client()
    sign_in(member_client, make_account(app))
    assert member_client.get(url).status_code == 403


def test_results_after_close_stay_hidden_until_voting_closes(app, client, setting):
    staff, member, group_id = setting
    proposal = make_proposal(app, staff, group_id, results=Results.after_close)
    sign_in(client, member)
    post_form(client, f"/proposals/{proposal.id}/vote", {"choice": "support"}, get_url=f"/proposals/{proposal.id}")
    assert "Results are shown once voting closes" in client.get(f"/proposals/{proposal.id}").text
    with app.app_context():
        db.session.get(Proposal, proposal.id).closes_at = utc_now() - timedelta(minutes=1)
        db.session.commit()
    assert "Turnout online: 1 of 2" in client.get(f"/proposals/{proposal.id}").text


def _served(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def _signed_in_opener(app, person, proposal_id):
    """A cookie and a form token for `person`, signed in through the app."""
    client = app.test_client()
    sign_in(client, person)
    tokens = form_fields(client.get(f"/proposals/{proposal_id}").text)
    return client.get_cookie("portal_session").value, tokens["csrf_token"]


def _post_all(url, requests):
    barrier = threading.Barrier(len(requests))
    statuses = []

    def send(cookie, token, choice):
        body = urllib.parse.urlencode({"csrf_token": token, "choice": choice}).encode()
        request = urllib.request.Request(url, data=body, headers={"Cookie": f"portal_session={cookie}", "HX-Request": "true"})
        barrier.wait()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    threads = [threading.Thread(target=send, args=args) for args in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_two_hundred_members_voting_at_once_leave_two_hundred_votes_and_one_member_twenty_times_leaves_one(db_app):
    app = db_app
    staff = make_account(app, Role.staff)
    members = [make_account(app, pseudonym=f"voter-{index:03d}") for index in range(200)]
    group_id = make_group(app, staff, *members)
    proposal = make_proposal(app, staff, group_id)
    server, thread = _served(app)
    try:
        url = f"http://127.0.0.1:{server.port}/proposals/{proposal.id}/vote"
        statuses = _post_all(url, [(*_signed_in_opener(app, member, proposal.id), "support") for member in members])
        assert statuses.count(200) == 200
        cookie, token = _signed_in_opener(app, members[0], proposal.id)
        repeated = _post_all(url, [(cookie, token, ("support", "neutral", "concerns")[index % 3]) for index in range(20)])
        assert repeated.count(200) == 20
    finally:
        server.shutdown()
        thread.join(timeout=10)
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count()).select_from(Vote)).scalar_one() == 200
        assert db.session.execute(sa.select(sa.func.count()).select_from(Vote).where(Vote.account_id == members[0].id)).scalar_one() == 1


def test_twenty_secret_ballots_sent_at_once_by_one_member_count_once(db_app):
    app = db_app
    staff = make_account(app, Role.staff)
    member = make_account(app)
    group_id = make_group(app, staff, member)
    proposal = make_proposal(app, staff, group_id, secret=True)
    server, thread = _served(app)
    try:
        cookie, token = _signed_in_opener(app, member, proposal.id)
        statuses = _post_all(f"http://127.0.0.1:{server.port}/proposals/{proposal.id}/vote", [(cookie, token, "support")] * 20)
    finally:
        server.shutdown()
        thread.join(timeout=10)
    assert statuses.count(200) == 1 and statuses.count(409) == 19
    with app.app_context():
        assert sum(tally.count for tally in db.session.exec(select(SecretTally))) == 1
        assert len(db.session.exec(select(VoterRoll)).all()) == 1
        assert len(db.session.exec(select(BallotReceipt)).all()) == 1


def test_a_connector_votes_for_someone_who_asked_and_it_is_recorded(app, client, setting):
    from portal.accounts import services as accounts
    from portal.accounts.models import ConsentKind
    from portal.caseload.models import OnBehalf

    staff, _member, group_id = setting
    connector = make_account(app, Role.participant, Role.intermediary)
    with app.app_context():
        person = accounts.assisted_sign_up(
            db.session, connector_id=connector.id, pseudonym="quiet-otter-11", pin="4826", language="en",
            consents=[ConsentKind.taking_part, ConsentKind.act_on_behalf], needs={}, group_id=None,
        ).account
        groups.join(db.session, group=db.session.get(groups.Group, group_id), account_id=person.id)
    proposal = make_proposal(app, staff, group_id)
    sign_in(client, connector)
    page = client.get(f"/proposals/{proposal.id}").text
    assert f"/proposals/{proposal.id}?for={person.id}" in page
    url = f"/proposals/{proposal.id}/vote?for={person.id}"
    refused = post_form(client, url, {"choice": "support"}, get_url=f"/proposals/{proposal.id}?for={person.id}")
    assert refused.status_code == 422 and "Only vote for someone when they ask you to" in refused.text
    assert post_form(client, url, {"choice": "support", "person_asked": "y"}, get_url=f"/proposals/{proposal.id}?for={person.id}").status_code == 303
    with app.app_context():
        vote = db.session.get(Vote, (proposal.id, person.id))
        assert vote.choice == "support" and db.session.get(OnBehalf, vote.on_behalf_id).connector_id == connector.id
        assert db.session.get(Vote, (proposal.id, connector.id)) is None


def test_an_idea_links_to_the_proposals_made_from_it(app, setting):
    staff, member, group_id = setting
    with app.app_context():
        idea = ideas.submit_idea(db.session, author_id=member.id, touchpoint=Touchpoint.follow_up, what_happened="Evenings please.", what_should_change="", language="en", risk_answer=RiskAnswer.no, group_id=group_id).idea
        ideas.moderate(db.session, idea=idea, decision="publish", moderator_id=staff.id)
    proposal = make_proposal(app, staff, group_id, idea_ids=[idea.id])
    assert f"/proposals/{proposal.id}" in app.test_client().get(f"/ideas/{idea.id}").text


@pytest.mark.parametrize("code", [code for code in LANGUAGES if code != "en"])
def test_voting_pages_are_all_in_the_persons_language(app, client, setting, code):
    staff, member, group_id = setting
    proposal = make_proposal(app, staff, group_id, method=Method.choice, options=["Evenings", "Weekends"], summary="x", detail="", title="T")
    english = english_messages(code)
    client.set_cookie(LANGUAGE_COOKIE, code)
    sign_in(client, member)
    tokens = form_fields(client.get(f"/proposals/{proposal.id}").text)
    mistake = client.post(f"/proposals/{proposal.id}/vote", data={**tokens, "choice": ""})
    assert english_left(parse(mistake.text), english) == []
    for url in (f"/proposals/{proposal.id}", "/proposals"):
        assert english_left(parse(client.get(url).text), english) == [], (code, url)


def test_a_proposal_is_read_in_the_readers_language_once_someone_translates_it(app, client, setting):
    staff, member, group_id = setting
    proposal = make_proposal(app, staff, group_id)
    connector = app.test_client()
    sign_in(connector, make_account(app, Role.participant, Role.intermediary))
    assert "/translations/ur" in connector.get(f"/proposals/{proposal.id}/translations").text
    client.set_cookie(LANGUAGE_COOKIE, "ur")
    sign_in(client, member)
    before = client.get(f"/proposals/{proposal.id}").text
    assert "Evening appointments" in before and 'lang="en"' in before
    response = post_form(connector, f"/proposals/{proposal.id}/translations/ur", {"title": "شام کی ملاقاتیں", "summary": "ہفتے میں دو بار شام پانچ بجے کے بعد ملاقات۔"})
    assert response.status_code == 303
    after = client.get(f"/proposals/{proposal.id}").text
    assert "شام کی ملاقاتیں" in after and "ہفتے میں دو بار" in after
    assert "شام کی ملاقاتیں" in client.get("/proposals").text


def test_on_postgresql_no_count_row_points_at_the_last_voters_answer(db_app):
    app = db_app
    staff = make_account(app, Role.staff)
    voters = [make_account(app) for _ in range(3)]
    group_id = make_group(app, staff, *voters)
    proposal = make_proposal(app, staff, group_id, secret=True)
    with app.app_context():
        stored = db.session.get(Proposal, proposal.id)
        for voter, choice in zip(voters, ("support", "concerns", "support"), strict=True):
            services.cast_secret_ballot(db.session, proposal=stored, account_id=voter.id, choice=choice)
        if db.engine.dialect.name != "postgresql":
            return
        versions = {row[0] for row in db.session.execute(sa.text("SELECT xmin::text FROM secret_tally WHERE proposal_id = :p"), {"p": proposal.id})}
        assert len(versions) == 1  # every count was rewritten by the last ballot alike


def test_a_closed_proposal_leads_staff_to_record_the_decision(app, setting):
    staff, member, group_id = setting
    proposal = make_proposal(app, staff, group_id)
    office = app.test_client()
    sign_in(office, staff)
    assert f"/changes/new?proposal={proposal.id}" not in office.get(f"/proposals/{proposal.id}").text
    with app.app_context():
        db.session.get(Proposal, proposal.id).closes_at = utc_now() - timedelta(minutes=1)
        db.session.commit()
    assert f"/changes/new?proposal={proposal.id}" in office.get(f"/proposals/{proposal.id}").text
    form = office.get(f"/changes/new?proposal={proposal.id}").text
    assert f'value="{proposal.id}" checked' in form
    reader = app.test_client()
    sign_in(reader, member)
    assert "/changes/new" not in reader.get(f"/proposals/{proposal.id}").text
