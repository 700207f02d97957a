"""Retention: each rule deletes only what is past its time, a dry run only counts, a second run
deletes nothing, every run is audited once, and safeguarding records are only ever counted."""

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlmodel import select

from portal.accounts.models import SignInSession, SignInThrottle
from portal.audit.models import AuditEntry
from portal.audit.queries import verify_chain
from portal.caseload.models import ContactKind, ContactRecord
from portal.claims.models import Claim, ClaimKind, ClaimStatus
from portal.extensions import db
from portal.groups.models import Group
from portal.ideas.models import Idea, IdeaEvent, IdeaStatus
from portal.meetings.models import Meeting, MeetingReply, Reply
from portal.notifications.models import Message
from portal.rights import retention
from portal.rights.models import RequestKind, RequestStatus, RightsRequest
from portal.safeguarding import services as safeguarding
from portal.safeguarding.models import Case, Disclosure, Trigger
from portal.site.models import ProblemKind, ProblemReport
from portal.web.models import UsedFormToken
from tests.factories import make_account

NOW = datetime(2027, 6, 15, 12, 0, tzinfo=timezone.utc)
DAY = timedelta(days=1)

#: How many rows of each kind are made past their time by `populate` (one more of each is not).
PAST_TIME = {
    "spent_form_tokens": 1,
    "sign_in_throttles": 1,
    "sign_in_sessions": 2,
    "notifications": 1,
    "meeting_replies": 1,
    "ideas_sent_back": 1,
    "problem_reports": 1,
    "contact_records": 1,
    "decided_claims": 1,
    "closed_rights_requests": 1,
}


def populate(app) -> None:
    """For every rule, rows just past their time and rows still within it."""
    person, connector = make_account(app), make_account(app)
    with app.test_request_context():
        session = db.session
        group = Group(name="Old group", pathway="Therapy", description="x")
        session.add(group)
        session.flush()
        ended = Meeting(group_id=group.id, starts_at=NOW - 100 * DAY, ends_at=NOW - 100 * DAY + timedelta(hours=1))
        coming = Meeting(group_id=group.id, starts_at=NOW + 2 * DAY, ends_at=NOW + 2 * DAY + timedelta(hours=1))
        session.add_all([ended, coming])
        session.flush()
        session.add_all([
            UsedFormToken(token="spent-long-ago", used_at=NOW - 3 * DAY),
            UsedFormToken(token="spent-an-hour-ago", used_at=NOW - timedelta(hours=1)),
            SignInThrottle(key="address:old", failures=2, window_started_at=NOW - 2 * DAY),
            SignInThrottle(key="address:waiting", failures=300, window_started_at=NOW - 2 * DAY, wait_until=NOW + timedelta(minutes=5)),
            SignInSession(token_hash="a" * 64, account_id=person.id, created_at=NOW - 60 * DAY, last_seen_at=NOW - 50 * DAY, ended_at=NOW - 31 * DAY),
            SignInSession(token_hash="b" * 64, account_id=person.id, created_at=NOW - 60 * DAY, last_seen_at=NOW - 40 * DAY),
            SignInSession(token_hash="c" * 64, account_id=person.id, created_at=NOW - 60 * DAY, last_seen_at=NOW - timedelta(minutes=5)),
            Message(recipient_id=person.id, kind="accounts.password_changed", created_at=NOW - 400 * DAY),
            Message(recipient_id=person.id, kind="accounts.password_changed", created_at=NOW - 10 * DAY),
            MeetingReply(meeting_id=ended.id, account_id=person.id, reply=Reply.yes),
            MeetingReply(meeting_id=coming.id, account_id=person.id, reply=Reply.yes),
            ProblemReport(kind=ProblemKind.other, description="Old problem", language="en", created_at=NOW - 800 * DAY),
            ProblemReport(kind=ProblemKind.other, description="New problem", language="en", created_at=NOW - DAY),
            ContactRecord(person_id=person.id, connector_id=connector.id, contact_date=(NOW - 4 * 365 * DAY).date(), kind=ContactKind.in_person),
            ContactRecord(person_id=person.id, connector_id=connector.id, contact_date=NOW.date(), kind=ContactKind.in_person),
            Claim(meeting_id=ended.id, account_id=person.id, kind=ClaimKind.travel, amount_pence=300, status=ClaimStatus.approved,
                  created_at=NOW - 7 * 365 * DAY, decided_at=NOW - 7 * 365 * DAY),
            Claim(meeting_id=ended.id, account_id=person.id, kind=ClaimKind.care_cover, amount_pence=300, status=ClaimStatus.submitted,
                  created_at=NOW - 7 * 365 * DAY),
            Claim(meeting_id=ended.id, account_id=person.id, kind=ClaimKind.payment, amount_pence=300, status=ClaimStatus.approved,
                  created_at=NOW - 30 * DAY, decided_at=NOW - 20 * DAY),
            RightsRequest(kind=RequestKind.access, received_on=(NOW - 5 * 365 * DAY).date(), due_on=(NOW - 5 * 365 * DAY).date(),
                          made_offline=True, status=RequestStatus.done, closed_on=(NOW - 4 * 365 * DAY).date()),
            RightsRequest(kind=RequestKind.access, received_on=(NOW - 5 * 365 * DAY).date(), due_on=(NOW - 5 * 365 * DAY).date(),
                          made_offline=True, status=RequestStatus.open),
        ])
        for days_ago, text in ((200, "Sent back long ago"), (10, "Sent back lately")):
            idea = Idea(author_id=person.id, what_happened=text, language="en", status=IdeaStatus.changes_requested, created_at=NOW - (days_ago + 1) * DAY)
            session.add(idea)
            session.flush()
            session.add(IdeaEvent(idea_id=idea.id, status=IdeaStatus.changes_requested, created_at=NOW - days_ago * DAY))
        for closed_years_ago in (9, 1):
            case = safeguarding.open_case(
                session, account_id=person.id, text=f"Closed {closed_years_ago} years ago", language="en", trigger=Trigger.worried,
                risk_answer=None, now=NOW - closed_years_ago * 366 * DAY,
            )
            case.closed_at = NOW - closed_years_ago * 365 * DAY - DAY
        session.commit()


def counts(app) -> dict[str, int]:
    with app.app_context():
        return {rule.name: db.session.execute(sa.select(sa.func.count()).select_from(rule.table)).scalar_one() for rule in retention.RULES}


def test_each_rule_deletes_only_what_is_past_its_time(app):
    populate(app)
    before = counts(app)
    with app.app_context():
        outcome = retention.run(db.session, now=NOW)
    assert outcome.counts == PAST_TIME
    after = counts(app)
    assert {name: before[name] - after[name] for name in before} == PAST_TIME
    with app.app_context():
        assert db.session.exec(select(Idea.what_happened)).all() == ["Sent back lately"]
        assert db.session.exec(select(ProblemReport.description)).all() == ["New problem"]
        assert sorted(db.session.exec(select(Claim.kind)).all()) == [ClaimKind.care_cover, ClaimKind.payment]
        assert db.session.exec(select(SignInThrottle.key)).all() == ["address:waiting"]
        assert db.session.exec(select(SignInSession.token_hash)).all() == ["c" * 64]
        assert db.session.exec(select(RightsRequest.status)).all() == [RequestStatus.open]


def test_safeguarding_records_past_their_time_are_counted_for_review_and_never_deleted(app):
    populate(app)
    with app.app_context():
        outcome = retention.run(db.session, now=NOW)
        assert outcome.safeguarding_to_review == 1
        assert len(db.session.exec(select(Case)).all()) == 2
        assert len(db.session.exec(select(Disclosure)).all()) == 2


def test_a_dry_run_counts_and_changes_nothing(app):
    populate(app)
    before = counts(app)
    with app.app_context():
        audited = db.session.execute(sa.select(sa.func.count()).select_from(AuditEntry)).scalar_one()
        outcome = retention.run(db.session, now=NOW, dry_run=True)
        assert outcome.counts == PAST_TIME and outcome.dry_run
        assert db.session.execute(sa.select(sa.func.count()).select_from(AuditEntry)).scalar_one() == audited
    assert counts(app) == before


def test_running_again_deletes_nothing_more_and_each_run_is_audited_once(app):
    populate(app)
    with app.app_context():
        retention.run(db.session, now=NOW)
        again = retention.run(db.session, now=NOW)
        assert set(again.counts.values()) == {0}
        runs = db.session.exec(select(AuditEntry).where(AuditEntry.action == "rights.retention_run")).all()
        assert [(entry.subject_kind, entry.subject, entry.actor) for entry in runs] == [("retention", "2027-06-15", "system")] * 2
        assert verify_chain(db.session)[1] == []


def test_a_form_token_is_kept_at_least_as_long_as_it_could_be_replayed(app):
    app.config["RETENTION_DAYS"] = {**app.config["RETENTION_DAYS"], "spent_form_tokens": 1}
    app.config["FORM_TOKEN_MAX_AGE"] = 3 * 86400
    with app.app_context():
        db.session.add(UsedFormToken(token="two-days-old", used_at=NOW - 2 * DAY))
        db.session.commit()
        assert retention.run(db.session, now=NOW).counts["spent_form_tokens"] == 0


def test_an_unknown_or_impossible_rule_is_refused(app):
    app.config["RETENTION_DAYS"] = {"notifcations": 30}
    with app.app_context(), pytest.raises(retention.RetentionError, match="notifcations"):
        retention.run(db.session, now=NOW)
    app.config["RETENTION_DAYS"] = {"notifications": 0}
    with app.app_context(), pytest.raises(retention.RetentionError, match="at least 1"):
        retention.run(db.session, now=NOW)
    result = app.test_cli_runner().invoke(args=["retention", "run"])
    assert result.exit_code == 1 and "at least 1" in result.output


def test_the_command_prints_a_count_per_rule(app):
    populate(app)
    result = app.test_cli_runner().invoke(args=["retention", "run", "--dry-run"])
    assert result.exit_code == 0, result.output
    for name in PAST_TIME:
        assert f"{name}: would delete" in result.output
    assert "safeguarding cases past their retention" in result.output
    result = app.test_cli_runner().invoke(args=["retention", "run"])
    assert result.exit_code == 0 and "notifications: deleted" in result.output


def test_the_privacy_page_says_how_long_things_are_kept(page):
    response, _document = page.get("/privacy")
    assert "Messages in your inbox, and the emails and texts that went with them, after they were sent: 1 year" in response.text
    assert "after a meeting: 3 years" not in response.text
    assert "for 8 years after the case is closed" in response.text
