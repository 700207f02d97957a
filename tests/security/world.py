"""A small portal with one of everything, and a way to see that nothing in it changed."""

from __future__ import annotations

import uuid
from datetime import timedelta

import sqlalchemy as sa
from flask import Flask
from sqlmodel import SQLModel

from portal.accounts.models import Consent, ConsentKind
from portal.changes import services as change_services
from portal.changes.models import ChangeKind, ChangeStatus
from portal.claims.models import Claim, ClaimKind
from portal.content import services as content_services
from portal.db import utc_now
from portal.extensions import db
from portal.groups import services as group_services
from portal.groups.models import Touchpoint
from portal.ideas import services as idea_services
from portal.meetings import services as meeting_services
from portal.notifications.models import Message
from portal.plan.models import Cohort, CohortKind, Objective
from portal.proposals import services as proposal_services
from portal.proposals.models import Eligibility, Method, Results
from portal.rights import services as rights_services
from portal.rights.models import RequestKind
from portal.safeguarding.models import RiskAnswer
from portal.site.models import ProblemKind, ProblemReport
from portal.web.permissions import Role
from tests.factories import make_account

#: Which id fills each variable part of a route (claims and attendance use the meeting held).
ARGUMENT_FOR = {
    "account_id": "other", "person_id": "other", "group_id": "group", "meeting_id": "meeting", "claim_id": "claim",
    "term_id": "term", "idea_id": "idea", "case_id": "case", "proposal_id": "proposal", "change_id": "change",
    "request_id": "request", "cohort_id": "cohort", "objective_id": "objective", "consent_id": "consent",
    "message_id": "message", "report_id": "report",
}


def build(app: Flask) -> dict[str, uuid.UUID]:
    """One group with a meeting to come, one held yesterday and a claim for it, a glossary term, a published
    idea, a safeguarding case, an open proposal, a change, a cohort and objective, a rights
    request, and someone else's agreement, message and problem report; returns their ids."""
    owner = make_account(app, Role.staff)
    other = make_account(app)
    with app.app_context():
        session = db.session
        group = group_services.create_group(
            session, data={"name": "Open group", "pathway": "Therapy", "description": "For everyone."}, actor_id=owner.id
        )
        group_services.join(session, group=group, account_id=other.id)
        starts = utc_now() + timedelta(days=3)
        meeting = meeting_services.create_meeting(
            session, group=group, data={"starts_at": starts, "ends_at": starts + timedelta(hours=1), "venue": "Hall"}, actor_id=owner.id
        )
        held = meeting_services.create_meeting(
            session, group=group,
            data={"starts_at": utc_now() - timedelta(hours=3), "ends_at": utc_now() - timedelta(hours=2), "venue": "Hall", "offers_travel": True},
            actor_id=owner.id, now=utc_now() - timedelta(days=1),
        )
        claim = Claim(meeting_id=held.id, account_id=other.id, kind=ClaimKind.travel, amount_pence=1500)
        term = content_services.add_term(session, term="Referral", definition="Being sent to a service.", actor_id=owner.id)
        idea = idea_services.submit_idea(
            session, author_id=other.id, touchpoint=Touchpoint.referral, what_happened="The letter was late.",
            what_should_change="", language="en", risk_answer=RiskAnswer.no,
        ).idea
        idea_services.moderate(session, idea=idea, decision="publish", moderator_id=owner.id)
        case = idea_services.submit_idea(
            session, author_id=other.id, touchpoint=Touchpoint.referral, what_happened="I am not safe at home.",
            what_should_change="", language="en", risk_answer=RiskAnswer.yes_me,
        ).case
        proposal = proposal_services.create_proposal(
            session,
            data=proposal_services.NewProposal(
                title="Evening clinics", summary="Open two evenings a week.", detail="", easy_read="", group_id=group.id,
                touchpoint=Touchpoint.follow_up, method=Method.support, options=[], eligibility=Eligibility.group_members,
                secret=False, results=Results.live, opens_at=utc_now() - timedelta(hours=1), closes_at=utc_now() + timedelta(days=7), idea_ids=[],
            ),
            actor_id=owner.id,
        )
        change = change_services.create_change(
            session,
            data=change_services.NewChange(
                title="Evening clinics", said="People cannot come in the day.", did="", kind=ChangeKind.appointment_model,
                touchpoint=Touchpoint.follow_up, owner_team="Therapy team", group_id=None, review_on=None, idea_ids=[], proposal_ids=[],
            ),
            status=ChangeStatus.considering, reason="", actor_id=owner.id,
        )
        rights_request = rights_services.log_request(
            session, kind=RequestKind.access, received_on=utc_now().date(), requester="", made_offline=True, actor_id=owner.id
        )
        cohort, objective = Cohort(name="Unpaid carers", kind=CohortKind.inclusion_health), Objective(title="Fewer missed first appointments")
        consent = Consent(account_id=other.id, kind=ConsentKind.contact, version="1")
        message = Message(recipient_id=other.id, kind="accounts.password_changed")
        report = ProblemReport(kind=ProblemKind.other, description="The menu overlaps.", language="en")
        session.add_all([claim, cohort, objective, consent, message, report])
        session.commit()
        return {
            "other": other.id, "group": group.id, "meeting": meeting.id, "held": held.id, "claim": claim.id, "term": term.id, "idea": idea.id,
            "case": case.id, "proposal": proposal.id, "change": change.id, "request": rights_request.id, "cohort": cohort.id,
            "objective": objective.id, "consent": consent.id, "message": message.id, "report": report.id,
        }


def url_for_rule(app: Flask, rule, ids: dict[str, uuid.UUID]) -> str:
    """The rule's address filled in with the world's ids (and Urdu, and a made-up token)."""
    values = {name: ids[ARGUMENT_FOR[name]] for name in rule.arguments if name in ARGUMENT_FOR}
    if rule.endpoint.startswith("claims.") or rule.endpoint == "meetings.attendance":
        values["meeting_id"] = ids["held"]
    values |= {name: value for name, value in (("lang", "ur"), ("token", "not-a-real-token")) if name in rule.arguments}
    return app.url_map.bind("localhost").build(rule.endpoint, values)


def state_changing_rules(app: Flask) -> list:
    """Every rule that accepts POST, PUT, PATCH or DELETE."""
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.methods & {"POST", "PUT", "PATCH", "DELETE"}),
        key=lambda rule: rule.rule,
    )


def table_counts(app: Flask) -> dict[str, int]:
    """How many rows each table holds."""
    with app.app_context():
        return {
            table.name: db.session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for table in SQLModel.metadata.sorted_tables
        }


def snapshot(app: Flask, ignore: dict[str, set[str]] | None = None) -> dict[str, list]:
    """Every row of every table, sorted, without the `ignore`d columns (table → column names)."""
    ignore = ignore or {}
    with app.app_context():
        shot = {}
        for table in SQLModel.metadata.sorted_tables:
            columns = [column for column in table.columns if column.name not in ignore.get(table.name, set())]
            rows = db.session.execute(sa.select(*columns)).all()
            shot[table.name] = sorted(repr(tuple(row)) for row in rows)
        return shot
