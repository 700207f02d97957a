"""Delete my account: confirmed with the password, everything keyed by the account gone,
contributions kept under "Former member" or removed, votes kept as counts so results never
change, safeguarding records kept, the audit chain whole."""

import uuid

import sqlalchemy as sa
from sqlmodel import SQLModel, select

from portal.accounts import services as accounts
from portal.accounts.models import Account, ConsentKind, SignInSession
from portal.audit.models import AuditEntry
from portal.audit.queries import verify_chain
from portal.changes.models import Answer, Change, ChangeIdea, FormerPromptAnswer, PromptAnswer, PromptRespondent, Question
from portal.claims.models import Claim, ClaimKind, ClaimStatus, Receipt
from portal.extensions import db
from portal.ideas.models import Idea, IdeaReply, IdeaStatus
from portal.meetings.models import Meeting
from portal.notifications.services import notify
from portal.proposals import queries as proposal_queries
from portal.proposals.models import Proposal, ProposalIdea
from portal.rights import services
from portal.rights.models import RequestKind, RightsRequest
from portal.safeguarding import queries as safeguarding_queries
from portal.safeguarding.models import Case, CaseNote, Disclosure, VaultEntry
from portal.safeguarding.vault import open_sealed
from portal.web.permissions import Role
from tests.factories import form_fields, make_account, post_form, sign_in
from tests.pages import check_page
from tests.rights.conftest import CARE_DETAILS, CLAIM_DETAILS, COHORT, DISCLOSURE_TEXT, EMAIL, IDEA_TEXT, PSEUDONYM, REAL_NAME, build_world



def _stored_as(column: sa.Column) -> sa.types.TypeEngine:
    kind = column.type
    return kind.impl if isinstance(kind, sa.types.TypeDecorator) else kind


def delete(client, person, contributions="keep", **extra):
    return post_form(client, "/account/delete", {"contributions": contributions, "understood": "y", "password": person.password, **extra})


def every_text_value(app) -> list[tuple[str, str, str]]:
    """Every text, JSON and id value in every table, as (table, column, value); ids as hex."""
    found = []
    with app.app_context():
        connection = db.session.connection()
        for table in SQLModel.metadata.sorted_tables:
            columns = [column for column in table.columns if isinstance(_stored_as(column), sa.String | sa.JSON | sa.Uuid)]
            if not columns:
                continue
            for row in connection.execute(sa.select(*columns)).all():
                found += [
                    (table.name, column.name, value.hex if isinstance(value, uuid.UUID) else str(value))
                    for column, value in zip(columns, row)
                    if value is not None
                ]
    return found


def test_a_wrong_password_deletes_nothing_and_keeps_the_choice(app, page, world):
    sign_in(page.client, world.person)
    tokens = form_fields(page.client.get("/account/delete").text)
    response, document = page.post(
        "/account/delete", status=422, data={**tokens, "contributions": "remove", "understood": "y", "password": "not my password at all"}
    )
    assert "That password or PIN is not right. Nothing has been deleted" in response.text
    assert document.find(".//input[@value='remove']").get("checked") is not None
    assert document.find(".//input[@name='understood']").get("checked") is not None
    with app.app_context():
        assert db.session.get(Account, world.person.id) is not None
    response = page.client.post(
        "/account/delete", data={**tokens, "contributions": "remove", "understood": "y", "password": world.person.password}
    )
    assert response.status_code == 303, "a mistyped password must not use up the form"


def test_the_confirm_page_says_what_goes_and_that_the_safeguarding_record_stays(app, page, world):
    sign_in(page.client, world.person)
    response, _document = page.get("/account/delete")
    assert "We keep what you told us" in response.text
    assert "they may still need to act to keep someone safe" in response.text


def test_deleting_keeps_published_ideas_as_former_member_and_leaves_no_name_anywhere(db_app):
    app, world = db_app, build_world(db_app)
    client = app.test_client()
    with app.test_request_context():
        sealed = db.session.exec(select(VaultEntry.sealed)).all()
        encrypted = db.session.get(Account, world.person.id).email_encrypted
        # A connector is told this person has new messages: the notice names them.
        notify(db.session, recipient_id=world.other.id, kind="notifications.for_someone_you_support", pseudonym=PSEUDONYM, count=2)
        db.session.commit()
    assert {(table, column) for table, column, value in every_text_value(app) if PSEUDONYM in value} == {
        ("account", "pseudonym"), ("message", "context"), ("claim", "decision_note"),
    }
    sign_in(client, world.person)
    response = delete(client, world.person)
    assert response.status_code == 303 and response.headers["Location"] == "/account/deleted"
    after = client.get("/account/deleted")
    check_page(after.text)
    assert "Your account has been deleted" in after.text and "What we keep" in after.text
    assert client.get("/account/deleted").status_code == 303, "the confirmation shows once"

    values = every_text_value(app)
    for needle in (PSEUDONYM, PSEUDONYM.casefold().replace(" ", ""), EMAIL, encrypted, REAL_NAME, world.person.id.hex, CLAIM_DETAILS, CARE_DETAILS):
        assert [(table, column) for table, column, value in values if needle.casefold() in value.casefold() and table != "audit_entry"] == []
    with app.app_context():
        assert db.session.get(Account, world.person.id) is None
        # Kept, linked to nobody: the approved claim (without what was written or the receipt)
        # and the quick feedback answer (as a count, with the cohort given).
        approved, turned_down, waiting = world.claim_ids
        kept = db.session.get(Claim, approved)
        assert (kept.account_id, kept.details, kept.decision_note, kept.on_behalf_id) == (None, "", "", None)
        assert (kept.kind, kept.amount_pence, kept.status, kept.decided_by_id, kept.meeting_id) == (
            ClaimKind.travel, 480, ClaimStatus.approved, world.staff.id, world.held_meeting_id,
        )
        assert kept.decided_at is not None and kept.created_at is not None
        assert db.session.get(Claim, turned_down) is None and db.session.get(Claim, waiting) is None
        assert db.session.exec(select(Receipt)).all() == []
        assert [(row.question, row.cohort, row.answer, row.count) for row in db.session.exec(select(FormerPromptAnswer)).all()] == [
            (Question.clear_next, COHORT, Answer.partly, 1),
        ]
        assert db.session.exec(select(PromptAnswer)).all() == [] and db.session.exec(select(PromptRespondent)).all() == []
        idea = db.session.get(Idea, world.idea_id)
        assert (idea.author_id, idea.status, idea.what_happened) == (None, IdeaStatus.published, IDEA_TEXT)
        assert db.session.get(ChangeIdea, (world.change_id, world.idea_id)) is not None
        # The retained safeguarding record: words, case, the identity the person gave (still sealed).
        disclosure = db.session.exec(select(Disclosure).where(Disclosure.text == DISCLOSURE_TEXT)).one()
        assert disclosure.account_id is None
        assert db.session.exec(select(VaultEntry.sealed)).all() == sealed
        entries = safeguarding_queries.vault_entries(db.session, disclosure.account_id, world.case_id)
        assert REAL_NAME in [open_sealed(entry.sealed) for entry in entries]
        assert "account_deleted" in db.session.exec(select(CaseNote.kind).where(CaseNote.case_id == world.case_id)).all()
        assert db.session.get(Case, world.case_id).closed_at is None
    page = app.test_client().get(f"/ideas/{world.idea_id}").text
    assert "An idea from a former member" in page and IDEA_TEXT in page


def test_removing_contributions_deletes_ideas_and_replies_but_changes_and_proposals_stay(db_app):
    app, world = db_app, build_world(db_app)
    client = app.test_client()
    with app.test_request_context():
        from portal.ideas import services as ideas

        ideas.reply(db.session, idea=db.session.get(Idea, world.other_idea_id), author_id=world.staff.id, text="Noted.")
        same_here_before = db.session.get(Idea, world.other_idea_id).same_here_count
    sign_in(client, world.person)
    assert delete(client, world.person, contributions="remove").status_code == 303
    with app.app_context():
        assert db.session.exec(select(Idea).where(Idea.author_id.is_(None))).all() == []
        assert db.session.get(Idea, world.idea_id) is None
        assert db.session.get(Idea, world.other_idea_id).same_here_count == same_here_before - 1
        change = db.session.get(Change, world.change_id)
        assert change is not None and db.session.exec(select(ChangeIdea).where(ChangeIdea.change_id == change.id)).all() == []
        assert db.session.get(Proposal, world.open_proposal_id) is not None
        assert db.session.exec(select(ProposalIdea).where(ProposalIdea.proposal_id == world.open_proposal_id)).all() == []
        assert db.session.exec(select(IdeaReply.text)).all() == ["Noted."]
        assert db.session.exec(select(Disclosure.text)).all() == [DISCLOSURE_TEXT]
    assert IDEA_TEXT not in app.test_client().get("/ideas").text


def test_published_results_stay_exactly_the_same_after_a_deletion(db_app):
    world = build_world(db_app)

    def results():
        with db_app.app_context():
            return {
                proposal_id: proposal_queries.results(db.session, db.session.get(Proposal, proposal_id))
                for proposal_id in (world.open_proposal_id, world.secret_proposal_id)
            }

    before = results()
    for result in before.values():
        assert (result.total, result.online_voters) == (2, 2) and result.turnout > 0
    client = db_app.test_client()
    sign_in(client, world.person)
    assert delete(client, world.person).status_code == 303
    assert results() == before
    other = db_app.test_client()
    sign_in(other, world.other)
    assert delete(other, world.other, contributions="remove").status_code == 303
    assert results() == before


def test_attendance_stays_as_a_headcount(app, client, world):
    with app.app_context():
        before = db.session.get(Meeting, world.held_meeting_id).headcount_without_account
    sign_in(client, world.person)
    assert delete(client, world.person).status_code == 303
    with app.app_context():
        assert db.session.get(Meeting, world.held_meeting_id).headcount_without_account == before + 1


def test_every_sign_in_session_ends(app, world):
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, world.person)
    sign_in(elsewhere, world.person)
    assert delete(here, world.person).status_code == 303
    response = elsewhere.get("/account")
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")
    with app.app_context():
        assert db.session.exec(select(SignInSession).where(SignInSession.account_id == world.person.id)).all() == []
    again = post_form(app.test_client(), "/sign-in", {"pseudonym": PSEUDONYM, "password": world.person.password})
    assert again.status_code == 422


def test_the_audit_log_still_verifies_and_records_the_deletion_by_id_only(app, client, world):
    sign_in(client, world.person)
    assert delete(client, world.person).status_code == 303
    with app.app_context():
        count, breaks = verify_chain(db.session)
        assert count and breaks == []
        entry = db.session.exec(select(AuditEntry).where(AuditEntry.action == "rights.delete_account_keep")).one()
        assert entry.subject == world.person.id.hex
    assert [value for table, _column, value in every_text_value(app) if table == "audit_entry" and PSEUDONYM.casefold() in value.casefold()] == []


def test_a_forged_account_field_is_ignored(app, client, world):
    sign_in(client, world.other)
    response = delete(client, world.other, account_id=str(world.person.id), account=str(world.person.id))
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Account, world.other.id) is None
        assert db.session.get(Account, world.person.id) is not None


def test_the_only_administrator_cannot_delete_their_account(app, client):
    admin = make_account(app, Role.admin)
    sign_in(client, admin)
    response = delete(client, admin)
    assert response.status_code == 422 and "You are the only administrator" in response.text
    with app.app_context():
        assert db.session.get(Account, admin.id) is not None
    make_account(app, Role.admin)
    assert delete(client, admin).status_code == 303


def test_the_only_safeguarding_lead_cannot_delete_their_account(app, client):
    lead = make_account(app, Role.safeguarding_lead)
    sign_in(client, lead)
    response = delete(client, lead)
    assert response.status_code == 422 and "You are the only safeguarding lead" in response.text
    make_account(app, Role.safeguarding_lead)
    assert delete(client, lead).status_code == 303


def test_someone_with_a_card_confirms_with_their_pin(app):
    connector = make_account(app, Role.participant, Role.intermediary)
    with app.test_request_context():
        carded = accounts.assisted_sign_up(
            db.session, connector_id=connector.id, pseudonym="steady otter", pin="4826", language="en",
            consents=[ConsentKind.taking_part], needs={},
        )
        code = carded.card_code
    client = app.test_client()
    assert post_form(client, "/sign-in/card", {"code": code, "pin": "4826"}).status_code == 303
    response = post_form(client, "/account/delete", {"contributions": "keep", "understood": "y", "password": "4826"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.exec(select(Account).where(Account.pseudonym == "steady otter")).first() is None


def test_the_form_needs_a_choice_and_the_confirmation(app, page, world):
    sign_in(page.client, world.person)
    tokens = form_fields(page.client.get("/account/delete").text)
    response, _document = page.post("/account/delete", status=422, data={**tokens, "password": world.person.password})
    assert "Choose from the list" in response.text and "Confirm you understand your account will be deleted" in response.text


def test_the_request_log_forgets_the_name_of_a_deleted_account(app, client, world):
    with app.app_context():
        logged = services.log_request(
            db.session, kind=RequestKind.erasure, received_on=services.uk_today(), requester=PSEUDONYM.upper(),
            made_offline=False, actor_id=world.staff.id,
        )
    sign_in(client, world.person)
    assert delete(client, world.person).status_code == 303
    with app.app_context():
        kept = db.session.get(RightsRequest, logged.id)
        assert (kept.requester, kept.requester_key, kept.requester_deleted) == ("", "", True)
