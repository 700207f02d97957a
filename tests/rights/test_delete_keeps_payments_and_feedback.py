"""Delete my account keeps what others rely on, linked to nobody: approved claims stay as
finance's record of money paid out, and quick feedback answers stay as counts, so the evidence
pack, finance totals and the answers beside a change's impact figures read the same after."""

import csv
import io
from datetime import timedelta

from sqlmodel import select

from portal.changes import feedback
from portal.changes import queries as change_queries
from portal.changes import services as changes
from portal.changes.models import Answer, Change, FormerPromptAnswer, PromptAnswer, Question
from portal.claims import queries as claim_queries
from portal.claims import services as claims
from portal.claims.models import Claim, ClaimKind, ClaimStatus
from portal.db import utc_now
from portal.evidence import pack
from portal.evidence.periods import UK, Period
from portal.extensions import db
from portal.groups import services as groups
from portal.groups.models import Group
from portal.meetings.models import Meeting
from tests.factories import make_account, sign_in
from tests.pages import check_page, parse, text_of
from tests.rights.conftest import COHORT, build_world
from tests.rights.test_delete_account import delete

#: With the person's, eight people gave each answer: a count that is shown (as 10). Without
#: theirs it would be seven, which is hidden, so a lost answer or claim shows on the page too.
OTHERS = 7


def _join_others(app, world) -> list:
    others = [make_account(app) for _ in range(OTHERS)]
    with app.app_context():
        group = db.session.get(Group, world.group_id)
        for person in others:
            groups.join(db.session, group=group, account_id=person.id)
    return others


def _claims_paid(app, world, office) -> dict:
    """The evidence pack's claims table for all groups and for the group (counts, total and
    money), and the finance export's rows and total for the month the claims were approved."""
    with app.test_request_context():
        starts_at = db.session.get(Meeting, world.held_meeting_id).starts_at
        year = Period(starts_at.astimezone(UK).year, "year")
        group = db.session.get(Group, world.group_id)
        tables = {}
        for scope in (None, group):
            built = pack.build(db.session, year, scope, utc_now())
            [table] = [table for section in built.sections for table in section.tables if table.key == "claims"]
            tables[scope is None] = ([(str(label), value) for label, value in table.rows], table.total, table.money)
        month = db.session.get(Claim, world.claim_ids[0]).decided_at.strftime("%Y-%m")
        approved = claim_queries.approved_between(db.session, utc_now() - timedelta(days=1), utc_now() + timedelta(days=1))
    response = office.get(f"/claims/export.csv?month={month}")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    return {
        "pack": tables,
        "approved": sorted((row.claim.id, row.claim.amount_pence) for row in approved),
        "export": sorted((row["claim"], row["approved_on"], row["meeting_date"], row["kind"], row["amount_gbp"]) for row in rows),
        "export_total_pence": sum(round(float(row["amount_gbp"]) * 100) for row in rows),
    }


def test_the_evidence_pack_and_finance_totals_stay_exactly_the_same_after_a_deletion(db_app):
    world = build_world(db_app)
    others = _join_others(db_app, world)
    with db_app.app_context():
        meeting = db.session.get(Meeting, world.held_meeting_id)
        for number, person in enumerate(others):
            claim = claims.submit_claim(
                db.session, meeting=meeting, account_id=person.id, kind=ClaimKind.travel, amount_pence=300 + number, details=f"Bus {number}",
                receipt=None, rate_pence_per_hour=2500,
            )
            claims.decide_claim(db.session, claim=claim, approve=True, note="", actor_id=world.staff.id)
    office = db_app.test_client()
    sign_in(office, world.staff)
    before = _claims_paid(db_app, world, office)
    travel_shown = dict(before["pack"][True][0])
    assert 10 in travel_shown.values(), "eight approved travel claims are shown (rounded to 10), not hidden"
    assert before["pack"][True][2] and len(before["export"]) == OTHERS + 1
    assert before["export_total_pence"] == 480 + sum(300 + number for number in range(OTHERS))

    client = db_app.test_client()
    sign_in(client, world.person)
    assert delete(client, world.person).status_code == 303
    assert _claims_paid(db_app, world, office) == before

    month = before["export"][0][1][:7]
    [kept] = [row for row in csv.DictReader(io.StringIO(office.get(f"/claims/export.csv?month={month}").data.decode("utf-8-sig"))) if row["claim"] == str(world.claim_ids[0])]
    assert (kept["person"], kept["details"], kept["receipt"], kept["amount_gbp"]) == ("Former member", "", "no", "4.80")
    listed = office.get("/claims?status=approved")
    check_page(listed.text)
    assert "Former member" in listed.text and world.person.pseudonym not in listed.text
    assert office.get(f"/claims/{world.claim_ids[0]}").status_code == 200


def _feedback_shown(app, world) -> tuple:
    """The answers as counted, as protected for the page, and as the change page shows them."""
    with app.test_request_context():
        counts = change_queries.answer_counts(db.session, world.change_id)
        questions = change_queries.prompt(db.session, world.change_id)
        results = feedback.results(questions, [COHORT], counts)
    section = parse(app.test_client().get(f"/changes/{world.change_id}").text).find(".//section[@id='feedback']")
    cells = [(cell.get("data-value"), text_of(cell)) for cell in section.iterfind(".//td")]
    return counts, results, text_of(section), cells


def test_feedback_figures_on_the_change_page_stay_exactly_the_same_after_a_deletion(db_app):
    world = build_world(db_app)
    others = _join_others(db_app, world)
    with db_app.app_context():
        change = db.session.get(Change, world.change_id)
        for person in others:
            changes.answer_prompt(db.session, change=change, question=Question.clear_next, answer=Answer.partly, account_id=person.id)
            changes.give_cohort(db.session, change=change, cohort=COHORT, account_id=person.id)
        changes.answer_prompt(db.session, change=change, question=Question.clear_next, answer=Answer.partly, account_id=world.other.id)
        changes.give_cohort(db.session, change=change, cohort=COHORT, account_id=world.other.id)
    before = _feedback_shown(db_app, world)
    counts, _results, text, cells = before
    assert counts == {(Question.clear_next, COHORT, Answer.partly): OTHERS + 2}
    assert COHORT in text and ("10", "10 (100%)") in cells, "eight answers are shown for the cohort, not hidden"

    client = db_app.test_client()
    sign_in(client, world.person)
    assert delete(client, world.person).status_code == 303
    assert _feedback_shown(db_app, world) == before
    other = db_app.test_client()
    sign_in(other, world.other)
    assert delete(other, world.other, contributions="remove").status_code == 303
    assert _feedback_shown(db_app, world) == before
    with db_app.app_context():
        kept = {(row.cohort, row.answer): row.count for row in db.session.exec(select(FormerPromptAnswer)).all()}
        assert kept == {(COHORT, Answer.partly): 2}


def test_people_still_answer_once_each_after_someone_deleted_their_account(db_app):
    world = build_world(db_app)
    [stays] = _join_others(db_app, world)[:1]
    client = db_app.test_client()
    sign_in(client, world.person)
    assert delete(client, world.person).status_code == 303
    with db_app.app_context():
        change = db.session.get(Change, world.change_id)
        for answer in (Answer.yes, Answer.no, Answer.partly):
            changes.answer_prompt(db.session, change=change, question=Question.clear_next, answer=answer, account_id=stays.id)
        changes.give_cohort(db.session, change=change, cohort=COHORT, account_id=stays.id)
        assert [row.answer for row in db.session.exec(select(PromptAnswer)).all()] == [Answer.partly]
        assert change_queries.my_answers(db.session, change.id, stays.id) == ({Question.clear_next: Answer.partly}, COHORT)
        assert change_queries.answer_counts(db.session, change.id) == {(Question.clear_next, COHORT, Answer.partly): 2}


def test_claims_not_approved_go_with_the_account_and_a_kept_one_is_nobodys(app, world):
    client = app.test_client()
    sign_in(client, world.person)
    assert delete(client, world.person).status_code == 303
    approved, _turned_down, _waiting = world.claim_ids
    with app.app_context():
        assert [claim.id for claim in db.session.exec(select(Claim)).all()] == [approved]
        assert db.session.get(Claim, approved).status == ClaimStatus.approved
        assert claim_queries.of_person(db.session, world.person.id) == []


def test_a_payment_the_person_turned_down_is_kept_too_so_the_pack_still_counts_it(app, world):
    # The world's claims are all at the held meeting; turning down payment is recorded for
    # an earlier meeting of the same group, as a claim of its own.
    with app.app_context():
        held = db.session.get(Meeting, world.held_meeting_id)
        earlier = Meeting(group_id=held.group_id, starts_at=held.starts_at - timedelta(days=7), ends_at=held.ends_at - timedelta(days=7),
                          venue=held.venue, offers_payment=True)
        db.session.add(earlier)
        db.session.commit()
        waived = claims.waive_payment(db.session, meeting=earlier, account_id=world.person.id).id
    client = app.test_client()
    sign_in(client, world.person)
    assert delete(client, world.person).status_code == 303
    with app.app_context():
        kept = db.session.get(Claim, waived)
        assert (kept.account_id, kept.status, kept.amount_pence, kept.details) == (None, ClaimStatus.waived, 0, "")


def test_the_pages_say_payment_records_are_kept_without_the_name(app, page, world):
    sign_in(page.client, world.person)
    response, _document = page.get("/account/delete")
    assert "we keep a record of each payment for our finance team, without your name" in response.text
    assert "Your votes and your answers to quick questions still count, as numbers only" in response.text
    privacy, _document = page.get("/privacy")
    assert "we keep a record of each payment for our finance team, without your name" in privacy.text
    assert delete(page.client, world.person).status_code == 303
    deleted = page.client.get("/account/deleted")
    check_page(deleted.text)
    assert "we keep a record of each payment for our finance team, without your name" in deleted.text
