"""A person who has done a bit of everything, and others around them, for the data-rights tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from portal.accounts import services as accounts
from portal.accounts.models import Account
from portal.changes import services as changes
from portal.changes.models import Answer, ChangeKind, ChangeStatus, Question
from portal.claims import services as claims
from portal.claims.models import ClaimKind
from portal.db import utc_now
from portal.extensions import db
from portal.groups import services as groups
from portal.groups.models import Touchpoint
from portal.ideas import services as ideas
from portal.ideas.models import ReportReason
from portal.meetings import services as meetings
from portal.meetings.models import Reply
from portal.meetings.services import Present
from portal.proposals import services as proposals
from portal.proposals.models import Eligibility, Method, Results
from portal.safeguarding import services as safeguarding
from portal.safeguarding.models import ContactWay, RiskAnswer
from portal.web.permissions import Role
from tests.factories import Person, make_account

#: Distinctive words, so a search of the whole database finds them only where they belong.
PSEUDONYM = "Zephyrine Quill"
EMAIL = "zephyrine.quill@example.org"
MOBILE = "07700 900 982"
REAL_NAME = "Marigold Featherstonehaugh"
IDEA_TEXT = "The appointment letter came after the appointment."
DISCLOSURE_TEXT = "I am not safe at home and I am frightened."
STAFF_REPLY = "Thank you, we are looking at the letters with the bookings team."
OTHER_IDEA = "Nobody told me what would happen next."
CLAIM_DETAILS = "Two buses to the hall and back"
CARE_DETAILS = "Childminder for the two girls"
#: Staff wrote the person's name in a note to them: it must go with the account too.
APPROVAL_NOTE = f"Paid in cash to {PSEUDONYM} at the meeting."
RECEIPT = b"\x89PNG\r\n\x1a\n a bus ticket"
COHORT = "Carers"


@dataclass
class World:
    person: Person
    other: Person
    staff: Person
    group_id: object
    idea_id: object
    other_idea_id: object
    open_proposal_id: object
    secret_proposal_id: object
    change_id: object
    case_id: object
    #: Approved (with a receipt), turned down (with a receipt) and waiting, in that order.
    claim_ids: tuple
    held_meeting_id: object
    upcoming_meeting_id: object


def _proposal(actor_id, group_id, *, secret: bool, idea_ids=()):
    now = utc_now()
    return proposals.create_proposal(
        db.session,
        data=proposals.NewProposal(
            title="Secret: evening clinics" if secret else "Texts before appointments", summary="Decide it.", detail="", easy_read="",
            group_id=group_id, touchpoint=Touchpoint.first_contact, method=Method.support, options=[], eligibility=Eligibility.group_members,
            secret=secret, results=Results.live, opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=7), idea_ids=list(idea_ids),
        ),
        actor_id=actor_id,
    )


@pytest.fixture
def world(app) -> World:
    return build_world(app)


def build_world(app) -> World:
    """`person` joined a group, replied to and came to meetings, claimed (travel approved, care
    cover turned down, payment waiting), shared an idea that became a proposal and a change,
    said "same here", reported, voted openly and in secret, answered quick feedback (giving a
    cohort), and told us someone is at risk (giving a phone number and name).
    `staff` replied to their idea; `other` shared an idea and voted too."""
    staff = make_account(app, Role.staff)
    person = make_account(app, pseudonym=PSEUDONYM)
    other = make_account(app)
    with app.test_request_context():
        session = db.session
        accounts.update_contacts(session, account=session.get(Account, person.id), email=EMAIL, mobile=MOBILE)
        group = groups.create_group(
            session, data={"name": "Letters group", "pathway": "Community therapy", "description": "About letters.", "join_policy": "open"},
            actor_id=staff.id,
        )
        for member in (person, other):
            groups.join(session, group=group, account_id=member.id)
        starts = utc_now() + timedelta(days=5)
        upcoming = meetings.create_meeting(session, group=group, data={"starts_at": starts, "ends_at": starts + timedelta(hours=1), "venue": "Hall"}, actor_id=staff.id)
        meetings.reply(session, meeting=upcoming, account_id=person.id, answer=Reply.yes)
        held_start = utc_now() - timedelta(hours=3)
        held = meetings.create_meeting(
            session, group=group,
            data={"starts_at": held_start, "ends_at": held_start + timedelta(hours=1), "venue": "Hall", "offers_travel": True, "offers_care_cover": True, "offers_payment": True},
            actor_id=staff.id, now=held_start - timedelta(days=1),
        )
        meetings.record_attendance(session, meeting=held, present=[Present(account_id=person.id, had_travel=True)], headcount=2, actor_id=staff.id)
        travel = claims.submit_claim(
            session, meeting=held, account_id=person.id, kind=ClaimKind.travel, amount_pence=480, details=CLAIM_DETAILS,
            receipt=RECEIPT, rate_pence_per_hour=2500,
        )
        claims.decide_claim(session, claim=travel, approve=True, note=APPROVAL_NOTE, actor_id=staff.id)
        care = claims.submit_claim(
            session, meeting=held, account_id=person.id, kind=ClaimKind.care_cover, amount_pence=1500, details=CARE_DETAILS,
            receipt=RECEIPT, rate_pence_per_hour=2500,
        )
        claims.decide_claim(session, claim=care, approve=False, note="The receipt is for another day.", actor_id=staff.id)
        payment = claims.submit_claim(
            session, meeting=held, account_id=person.id, kind=ClaimKind.payment, amount_pence=None, details="",
            receipt=None, rate_pence_per_hour=2500,
        )
        idea = ideas.submit_idea(
            session, author_id=person.id, touchpoint=Touchpoint.first_contact, what_happened=IDEA_TEXT, what_should_change="",
            language="en", risk_answer=RiskAnswer.no, group_id=group.id,
        ).idea
        ideas.moderate(session, idea=idea, decision="publish", moderator_id=staff.id)
        ideas.reply(session, idea=idea, author_id=staff.id, text=STAFF_REPLY)
        other_idea = ideas.submit_idea(
            session, author_id=other.id, touchpoint=Touchpoint.follow_up, what_happened=OTHER_IDEA, what_should_change="",
            language="en", risk_answer=RiskAnswer.no, group_id=group.id,
        ).idea
        ideas.moderate(session, idea=other_idea, decision="publish", moderator_id=staff.id)
        ideas.same_here(session, idea=other_idea, account_id=person.id)
        ideas.report(session, idea=other_idea, reporter_id=person.id, reason=ReportReason.other)
        open_proposal = _proposal(staff.id, group.id, secret=False, idea_ids=[idea.id])
        proposals.vote(session, proposal=open_proposal, account_id=person.id, choice="concerns", comment="Texts cost me nothing, letters arrive late.")
        proposals.vote(session, proposal=open_proposal, account_id=other.id, choice="support")
        secret_proposal = _proposal(staff.id, group.id, secret=True)
        proposals.cast_secret_ballot(session, proposal=secret_proposal, account_id=person.id, choice="support")
        proposals.cast_secret_ballot(session, proposal=secret_proposal, account_id=other.id, choice="neutral")
        change = changes.create_change(
            session,
            data=changes.NewChange(
                title="Texts a week before", said="Letters came late.", did="", kind=ChangeKind.communication_standard,
                touchpoint=Touchpoint.first_contact, owner_team="Bookings", group_id=group.id, review_on=None,
                idea_ids=[idea.id], proposal_ids=[open_proposal.id],
            ),
            status=ChangeStatus.agreed, reason="", actor_id=staff.id,
        )
        changes.add_measure(
            session, change=change,
            data=changes.NewMeasure(
                measure="Letters that arrived in time", unit=changes.Unit.percent, cohort=COHORT, baseline=40.0, baseline_from=date(2026, 1, 1),
                baseline_to=date(2026, 3, 31), latest=75.0, latest_from=date(2026, 7, 1), latest_to=date(2026, 9, 30), target=90.0,
                better=changes.Better.higher,
            ),
            actor_id=staff.id,
        )
        changes.set_prompt(session, change=change, questions=[Question.clear_next], actor_id=staff.id)
        changes.answer_prompt(session, change=change, question=Question.clear_next, answer=Answer.partly, account_id=person.id)
        changes.give_cohort(session, change=change, cohort=COHORT, account_id=person.id)
        case = ideas.submit_idea(
            session, author_id=person.id, touchpoint=Touchpoint.other, what_happened=DISCLOSURE_TEXT, what_should_change="",
            language="en", risk_answer=RiskAnswer.yes_me,
        ).case
        safeguarding.set_contact_way(session, case=case, account_id=person.id, way=ContactWay.phone, phone="07700900111", name=REAL_NAME)
        return World(
            person, other, staff, group.id, idea.id, other_idea.id, open_proposal.id, secret_proposal.id, change.id, case.id,
            (travel.id, care.id, payment.id), held.id, upcoming.id,
        )
