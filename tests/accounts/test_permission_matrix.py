"""Every route so far, for each of the six roles and for someone signed out.

The expectations are written out by hand here, not read from the permission table, so a
wrong entry in the table fails this test.
"""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from portal.accounts.models import Consent, ConsentKind
from portal.audit.models import AuditEntry
from portal.content import services as content_services
from portal.claims.models import Claim, ClaimKind, Receipt
from portal.groups.models import Touchpoint
from portal.ideas import services as idea_services
from portal.safeguarding.models import RiskAnswer
from portal.db import utc_now
from portal.extensions import db
from portal.groups import services as group_services
from portal.meetings import services as meeting_services
from portal.notifications.models import Message
from portal.settings.models import ServiceSetting
from portal.site.models import ProblemKind, ProblemReport
from portal.web.permissions import Role
from tests.factories import form_fields, make_account, post_form, sign_in

OUT = "signed out"
P, I, S, L, A, C = "participant", "intermediary", "staff", "safeguarding_lead", "admin", "commissioner"
WHO = [OUT, P, I, S, L, A, C]
OK, LOGIN, NO = 200, 302, 403


def row(out, participant, intermediary, staff, lead, admin, commissioner):
    return dict(zip(WHO, (out, participant, intermediary, staff, lead, admin, commissioner)))


EVERYONE_OK = row(OK, OK, OK, OK, OK, OK, OK)
SIGNED_IN_OK = row(LOGIN, OK, OK, OK, OK, OK, OK)
MATRIX = {
    "/": EVERYONE_OK,
    "/get-help-now": EVERYONE_OK,
    "/privacy": EVERYONE_OK,
    "/who-can-see-what": EVERYONE_OK,
    "/accessibility": EVERYONE_OK,
    "/language": EVERYONE_OK,
    "/report-a-problem": EVERYONE_OK,
    "/report-a-problem/sent": EVERYONE_OK,
    "/healthz": EVERYONE_OK,
    "/sign-up/under-16": EVERYONE_OK,
    "/sign-up": row(OK, 303, 303, 303, 303, 303, 303),
    "/sign-in": row(OK, 303, 303, 303, 303, 303, 303),
    "/recover": EVERYONE_OK,
    "/recover/done": row(303, 303, 303, 303, 303, 303, 303),
    "/account": SIGNED_IN_OK,
    "/account/password": SIGNED_IN_OK,
    "/account/language": SIGNED_IN_OK,
    "/account/needs": SIGNED_IN_OK,
    "/account/contact": SIGNED_IN_OK,
    "/account/visibility": SIGNED_IN_OK,
    "/account/two-factor": SIGNED_IN_OK,
    "/account/privacy-notice": SIGNED_IN_OK,
    "/account/my-data": SIGNED_IN_OK,
    "/account/my-data.json": SIGNED_IN_OK,
    "/account/delete": SIGNED_IN_OK,
    "/account/deleted": row(303, 303, 303, 303, 303, 303, 303),
    "/account/equality": SIGNED_IN_OK,
    "/account/equality/withdraw": SIGNED_IN_OK,
    "/account/two-factor/recovery-codes": row(LOGIN, 303, 303, 303, 303, 303, 303),
    "/your-recovery-code": row(LOGIN, 303, 303, 303, 303, 303, 303),
    "/sign-in/two-factor": row(LOGIN, 303, 303, 303, 303, 303, 303),
    "/help-someone-sign-in": row(LOGIN, NO, OK, NO, NO, OK, NO),
    "/admin/accounts": row(LOGIN, NO, NO, NO, NO, OK, NO),
    "/admin/accounts/{other}/roles": row(LOGIN, NO, NO, NO, NO, OK, NO),
    "/admin/settings": row(LOGIN, NO, NO, NO, NO, OK, NO),
    "/messages": SIGNED_IN_OK,
    "/account/notifications": SIGNED_IN_OK,
    "/admin/outbox": row(LOGIN, NO, NO, NO, NO, OK, NO),
    "/admin/requests": row(LOGIN, NO, NO, NO, NO, OK, NO),
    "/admin/requests/new": row(LOGIN, NO, NO, NO, NO, OK, NO),
    "/admin/requests/{request}": row(LOGIN, NO, NO, NO, NO, OK, NO),
    "/admin/audit": row(LOGIN, NO, NO, NO, NO, OK, NO),
    "/admin/audit.csv": row(LOGIN, NO, NO, NO, NO, OK, NO),
    "/unsubscribe/{token}": row(400, 400, 400, 400, 400, 400, 400),
    "/groups": EVERYONE_OK,
    "/groups/new": row(LOGIN, NO, NO, OK, NO, OK, NO),
    "/groups/{group}": EVERYONE_OK,
    "/groups/{group}/what-to-expect": EVERYONE_OK,
    "/groups/{group}/edit": row(LOGIN, NO, NO, OK, NO, OK, NO),
    "/groups/{group}/facilitators": row(LOGIN, NO, NO, OK, NO, OK, NO),
    "/groups/{sensitive}": row(404, 404, 404, OK, 404, OK, 404),
    "/admin/problem-reports": row(LOGIN, NO, NO, OK, NO, OK, NO),
    "/groups/{group}/meetings/new": row(LOGIN, NO, NO, OK, NO, OK, NO),
    "/meetings/{meeting}": EVERYONE_OK,
    "/meetings/{meeting}/edit": row(LOGIN, NO, NO, OK, NO, OK, NO),
    "/meetings/{meeting}/attendance": row(LOGIN, NO, NO, OK, NO, OK, NO),
    "/meetings/{meeting}/calendar.ics": EVERYONE_OK,
    "/connector/sign-up": row(LOGIN, NO, OK, NO, NO, OK, NO),
    "/connector/card": row(LOGIN, NO, 303, NO, NO, 303, NO),
    "/connector/new-card": row(LOGIN, NO, OK, NO, NO, OK, NO),
    "/connector/new-pin": row(LOGIN, NO, OK, NO, NO, OK, NO),
    "/sign-in/card": EVERYONE_OK,
    "/groups/join-with-code": row(LOGIN, OK, OK, OK, NO, NO, NO),
    "/groups/{group}/adjustments": row(LOGIN, NO, NO, OK, NO, OK, NO),
    "/groups/{group}/translations": row(LOGIN, NO, OK, OK, NO, OK, NO),
    "/groups/{group}/translations/{lang}": row(LOGIN, NO, OK, OK, NO, OK, NO),
    "/groups/{sensitive}/translations": row(LOGIN, NO, 404, OK, NO, OK, NO),
    "/meetings/{meeting}/translations": row(LOGIN, NO, OK, OK, NO, OK, NO),
    "/meetings/{meeting}/translations/{lang}": row(LOGIN, NO, OK, OK, NO, OK, NO),
    "/glossary": EVERYONE_OK,
    "/glossary/manage": row(LOGIN, NO, OK, OK, NO, OK, NO),
    "/glossary/new": row(LOGIN, NO, OK, OK, NO, OK, NO),
    "/glossary/{term}/edit": row(LOGIN, NO, OK, OK, NO, OK, NO),
    "/glossary/{term}/translations/{lang}": row(LOGIN, NO, OK, OK, NO, OK, NO),
    "/glossary/{term}/remove": row(LOGIN, NO, OK, OK, NO, OK, NO),
    "/connector/people": row(LOGIN, NO, OK, NO, NO, OK, NO),
    "/connector/people/{other}/contact": row(LOGIN, NO, 404, NO, NO, 404, NO),
    "/connector/contacts.csv": row(LOGIN, NO, OK, NO, NO, OK, NO),
    "/connector/people/{other}/claim": row(LOGIN, NO, 404, NO, NO, 404, NO),
    "/ideas": EVERYONE_OK,
    "/ideas/new": row(LOGIN, OK, OK, OK, NO, NO, NO),
    "/ideas/mine": row(LOGIN, OK, OK, OK, NO, NO, NO),
    "/ideas/{idea}": EVERYONE_OK,
    "/ideas/{idea}/sent": row(LOGIN, 404, 404, 404, NO, NO, NO),
    "/ideas/{idea}/change": row(LOGIN, 404, 404, 404, NO, NO, NO),
    "/ideas/{idea}/worried": SIGNED_IN_OK,
    "/ideas/{idea}/translate": row(LOGIN, NO, 404, 404, NO, 404, NO),
    "/ideas/to-translate": row(LOGIN, NO, OK, OK, NO, OK, NO),
    "/moderation": row(LOGIN, NO, OK, OK, NO, OK, NO),
    "/moderation/{idea}": row(LOGIN, NO, NO, OK, NO, OK, NO),
    "/cases": row(LOGIN, NO, NO, NO, OK, NO, NO),
    "/cases/{case}": row(LOGIN, NO, NO, NO, OK, NO, NO),
    "/cases/{case}/identity": row(LOGIN, NO, NO, NO, OK, NO, NO),
    "/cases/rota": row(LOGIN, NO, NO, NO, OK, NO, NO),
    "/proposals": EVERYONE_OK,
    "/proposals/new": row(LOGIN, NO, NO, OK, NO, OK, NO),
    "/proposals/{proposal}": EVERYONE_OK,
    "/proposals/{proposal}/room": row(LOGIN, NO, NO, OK, NO, OK, NO),
    "/proposals/{proposal}/translations": row(LOGIN, NO, OK, OK, NO, OK, NO),
    "/proposals/{proposal}/translations/{lang}": row(LOGIN, NO, OK, OK, NO, OK, NO),
    "/changes": EVERYONE_OK,
    "/changes.atom": EVERYONE_OK,
    "/changes/{change}/poster/{lang}": EVERYONE_OK,
    "/changes/new": row(LOGIN, NO, NO, OK, NO, OK, NO),
    "/changes/{change}": EVERYONE_OK,
    "/changes/{change}/translations": row(LOGIN, NO, OK, OK, NO, OK, NO),
    "/changes/{change}/translations/{lang}": row(LOGIN, NO, OK, OK, NO, OK, NO),
    "/changes/{change}/assurance": row(LOGIN, NO, NO, OK, NO, OK, NO),
    "/plan": EVERYONE_OK,
    "/plan/cohorts/new": row(LOGIN, NO, NO, OK, NO, OK, NO),
    "/plan/cohorts/{cohort}/edit": row(LOGIN, NO, NO, OK, NO, OK, NO),
    "/plan/objectives/new": row(LOGIN, NO, NO, OK, NO, OK, NO),
    "/plan/objectives/{objective}/edit": row(LOGIN, NO, NO, OK, NO, OK, NO),
    "/plan/maturity": row(LOGIN, NO, NO, OK, NO, OK, NO),
    "/evidence": row(LOGIN, NO, NO, OK, NO, OK, OK),
    "/evidence/choose": row(LOGIN, NO, NO, 422, NO, 422, 422),
    "/evidence/{period}": row(LOGIN, NO, NO, OK, NO, OK, OK),
    "/evidence/{period}/pack.csv": row(LOGIN, NO, NO, OK, NO, OK, OK),
    "/evidence/{period}/pack.pdf": row(LOGIN, NO, NO, OK, NO, OK, OK),
    "/search": EVERYONE_OK,
    "/meetings/{meeting}/claim": row(LOGIN, NO, NO, NO, NO, NO, NO),
    "/claims/mine": row(LOGIN, OK, OK, OK, NO, NO, NO),
    "/claims": row(LOGIN, NO, NO, OK, NO, OK, NO),
    "/claims/{claim}": row(LOGIN, NO, NO, OK, NO, OK, NO),
    "/claims/{claim}/receipt": row(LOGIN, 404, 404, OK, NO, OK, NO),
    "/claims/export.csv": row(LOGIN, NO, NO, 303, NO, 303, NO),
}


def _proposal(owner, group):
    """An open proposal for `group`'s members (in the caller's app context)."""
    from portal.proposals import services as proposal_services
    from portal.proposals.models import Eligibility, Method, Results

    return proposal_services.create_proposal(
        db.session,
        data=proposal_services.NewProposal(
            title="Evening clinics", summary="Open two evenings a week.", detail="", easy_read="", group_id=group.id, touchpoint=Touchpoint.follow_up,
            method=Method.support, options=[], eligibility=Eligibility.group_members, secret=False, results=Results.live,
            opens_at=utc_now() - timedelta(hours=1), closes_at=utc_now() + timedelta(days=7), idea_ids=[],
        ),
        actor_id=owner.id,
    )


def _plan():
    """A cohort and an objective, in the caller's app context."""
    from portal.plan.models import Cohort, CohortKind, Objective

    cohort, objective = Cohort(name="Unpaid carers", kind=CohortKind.inclusion_health), Objective(title="Fewer missed first appointments")
    db.session.add_all([cohort, objective])
    db.session.commit()
    return cohort, objective


def _rights_request(owner):
    """A logged request about someone's data, in the caller's app context."""
    from portal.rights import services as rights_services
    from portal.rights.models import RequestKind

    return rights_services.log_request(
        db.session, kind=RequestKind.access, received_on=utc_now().date(), requester="", made_offline=True, actor_id=owner.id
    )


def _change(owner):
    """A change with no group, in the caller's app context."""
    from portal.changes import services as change_services
    from portal.changes.models import ChangeKind, ChangeStatus

    return change_services.create_change(
        db.session,
        data=change_services.NewChange(
            title="Evening clinics", said="People cannot come in the day.", did="", kind=ChangeKind.appointment_model, touchpoint=Touchpoint.follow_up,
            owner_team="Therapy team", group_id=None, review_on=None, idea_ids=[], proposal_ids=[],
        ),
        status=ChangeStatus.considering, reason="", actor_id=owner.id,
    )


@pytest.fixture
def signed_in_as(app):
    def make(who):
        client = app.test_client()
        if who != OUT:
            sign_in(client, make_account(app, Role(who)))
        return client

    return make


def test_every_route_is_in_the_matrix(app):
    routes = {
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint not in {"static", "assets.fingerprinted"}
    }
    written = {
        url.replace("{other}", "<uuid:account_id>").replace("{token}", "<token>").replace("{term}", "<uuid:term_id>").replace("{lang}", "<lang>").replace("{group}", "<uuid:group_id>").replace("{sensitive}", "<uuid:group_id>").replace("{meeting}", "<uuid:meeting_id>").replace("{claim}", "<uuid:claim_id>").replace("{idea}", "<uuid:idea_id>").replace("{case}", "<uuid:case_id>").replace("{proposal}", "<uuid:proposal_id>").replace("{change}", "<uuid:change_id>").replace("{request}", "<uuid:request_id>").replace("{cohort}", "<uuid:cohort_id>").replace("{period}", "<period_key>").replace("{objective}", "<uuid:objective_id>").replace("/connector/people/<uuid:account_id>/", "/connector/people/<uuid:person_id>/")
        for url in MATRIX
    }
    assert routes == written


@pytest.mark.parametrize("who", WHO)
def test_each_role_gets_what_the_matrix_says(app, signed_in_as, who):
    other = make_account(app)
    owner = make_account(app, Role.staff)
    with app.app_context():
        data = {"name": "Open group", "pathway": "Community therapy", "description": "For everyone."}
        group = group_services.create_group(db.session, data=data, actor_id=owner.id)
        sensitive = group_services.create_group(db.session, data={**data, "sensitive": True}, actor_id=owner.id)
        term = content_services.add_term(db.session, term="Referral", definition="When one service asks another to help you.", actor_id=owner.id)
        starts = utc_now() + timedelta(days=3)
        meeting = meeting_services.create_meeting(
            db.session, group=group, data={"starts_at": starts, "ends_at": starts + timedelta(hours=1), "venue": "Hall"}, actor_id=owner.id
        )
        # A claim by `other` for a meeting this morning, with a receipt.
        held = meeting_services.create_meeting(
            db.session, group=group, data={"starts_at": utc_now() - timedelta(hours=3), "ends_at": utc_now() - timedelta(hours=2), "venue": "Hall", "offers_travel": True},
            actor_id=owner.id, now=utc_now() - timedelta(days=1),
        )
        group_services.join(db.session, group=group, account_id=other.id)
        claim = Claim(meeting_id=held.id, account_id=other.id, kind=ClaimKind.travel, amount_pence=1500)
        db.session.add(claim)
        db.session.add(Receipt(claim_id=claim.id, content_type="image/png", content=b"\x89PNG\r\n\x1a\n"))
        db.session.commit()
        # A published idea by `other`, and a safeguarding case from another of theirs.
        idea = idea_services.submit_idea(
            db.session, author_id=other.id, touchpoint=Touchpoint.referral, what_happened="The letter was late.", what_should_change="",
            language="en", risk_answer=RiskAnswer.no,
        ).idea
        idea_services.moderate(db.session, idea=idea, decision="publish", moderator_id=owner.id)
        case = idea_services.submit_idea(
            db.session, author_id=other.id, touchpoint=Touchpoint.referral, what_happened="I am not safe at home.", what_should_change="",
            language="en", risk_answer=RiskAnswer.yes_me,
        ).case
        proposal = _proposal(owner, group)
        change = _change(owner)
        cohort, objective = _plan()
        rights_request = _rights_request(owner)
    client = signed_in_as(who)
    for url, expected in MATRIX.items():
        response = client.get(url.format(lang="ur", term=term.id, other=other.id, token="not-a-real-token", group=group.id, sensitive=sensitive.id, meeting=meeting.id, claim=claim.id, idea=idea.id, case=case.id, proposal=proposal.id, change=change.id, cohort=cohort.id, objective=objective.id, request=rights_request.id, period="2026-03"))
        assert response.status_code == expected[who], (who, url, response.status_code)
        if response.status_code == LOGIN:
            assert response.headers["Location"].startswith("/sign-in")


@pytest.mark.parametrize("who", [P, I, S, L, C])
def test_only_admins_can_change_settings_or_roles_by_posting(app, signed_in_as, who):
    target = make_account(app)
    client = signed_in_as(who)
    tokens = form_fields(client.get("/account").text)
    settings = client.post("/admin/settings", data={**tokens, "site_name": "Hijacked"})
    roles = client.post(f"/admin/accounts/{target.id}/roles", data={**tokens, "admin": "y"})
    assert (settings.status_code, roles.status_code) == (NO, NO)
    with app.app_context():
        assert db.session.get(ServiceSetting, "site_name") is None
        assert not db.session.exec(select(AuditEntry).where(AuditEntry.action.like("accounts.grant%"))).all()


def test_an_unknown_account_id_is_a_404_for_an_admin(app, signed_in_as):
    client = signed_in_as(A)
    assert client.get("/admin/accounts/00000000-0000-0000-0000-000000000000/roles").status_code == 404
    assert client.get("/admin/accounts/not-a-uuid/roles").status_code == 404


def test_admin_grants_a_role_and_it_is_audited(app, signed_in_as):
    target = make_account(app)
    client = signed_in_as(A)
    response = post_form(client, f"/admin/accounts/{target.id}/roles", {"participant": "y", "safeguarding_lead": "y"})
    assert response.status_code == 303
    with app.app_context():
        entry = db.session.exec(select(AuditEntry).where(AuditEntry.action == "accounts.grant_safeguarding_lead")).one()
        assert entry.subject == target.id.hex


def test_an_admin_cannot_remove_their_own_admin_role(app):
    admin = make_account(app, Role.admin)
    client = app.test_client()
    sign_in(client, admin)
    response = post_form(client, f"/admin/accounts/{admin.id}/roles", {"participant": "y"})
    assert response.status_code == 422 and "cannot remove your own administrator role" in response.text


def test_admin_changes_service_settings_through_the_page(app, signed_in_as):
    client = signed_in_as(A)
    data = {
        "site_name": "Northside Voices",
        "site_logo": "",
        "quick_exit_url": "https://www.bbc.co.uk/weather",
        "reviewed_languages": ["en", "cy"],
        "session_timeout_minutes": "45",
        "staff_session_timeout_minutes": "15",
        "payment_rate": "£18.5",
        "contacts-0-name": "Local crisis team",
        "contacts-0-description": "Day or night",
        "contacts-0-tel": "0800 111 222",
    }
    response = post_form(client, "/admin/settings", data)
    assert response.status_code == 303, response.text[:2000]
    assert "Northside Voices" in client.get("/").text
    assert 'href="tel:0800111222"' in client.get("/get-help-now").text
    with app.app_context():
        changed = {e.subject for e in db.session.exec(select(AuditEntry).where(AuditEntry.action == "settings.update"))}
    assert {"site_name", "crisis_contacts", "session_timeout_minutes", "payment_rate_pence_per_hour"} <= changed
    assert 'value="18.50"' in client.get("/admin/settings").text
    response = post_form(client, "/admin/settings", {**data, "payment_rate": "lots"})
    assert response.status_code == 422 and "Enter an amount in pounds, like 25.00" in response.text and 'value="lots"' in response.text


def test_bad_settings_are_explained_and_kept(app, signed_in_as):
    client = signed_in_as(A)
    data = {"site_name": "Keep me", "quick_exit_url": "http://insecure.example", "session_timeout_minutes": "abc", "staff_session_timeout_minutes": "15"}
    response = post_form(client, "/admin/settings", data)
    assert response.status_code == 422
    assert 'value="Keep me"' in response.text
    assert "Enter a whole number, like 30" in response.text and 'value="abc"' in response.text
    assert "Enter a web address that starts with https://" in response.text


#: Posting to every action the portal has, as someone who does not run the group (staff and admins manage every group). The forms carry valid
#: tokens but no answers, so a permitted action shows its form again (422), does nothing
#: (303) or says what is missing (400/404); refused ones are 403 or sign-in, and change nothing.
RUNS, ANSWERS = 303, 422
POST_MATRIX = {
    "/groups/new": row(LOGIN, NO, NO, ANSWERS, NO, ANSWERS, NO),
    "/groups/{group}/edit": row(LOGIN, NO, NO, RUNS, NO, RUNS, NO),
    "/groups/{group}/facilitators": row(LOGIN, NO, NO, ANSWERS, NO, ANSWERS, NO),
    "/groups/{group}/invitations": row(NO, NO, NO, OK, NO, OK, NO),
    "/groups/{group}/requests/{other}": row(NO, NO, NO, 400, NO, 400, NO),
    "/groups/{group}/adjustments": row(LOGIN, NO, NO, 404, NO, 404, NO),
    "/groups/{group}/meetings/new": row(LOGIN, NO, NO, ANSWERS, NO, ANSWERS, NO),
    "/groups/{group}/translations/ur": row(LOGIN, NO, RUNS, RUNS, NO, RUNS, NO),
    "/meetings/{meeting}/edit": row(LOGIN, NO, NO, RUNS, NO, RUNS, NO),
    "/meetings/{meeting}/cancel": row(LOGIN, NO, NO, RUNS, NO, RUNS, NO),
    "/meetings/{held}/attendance": row(LOGIN, NO, NO, RUNS, NO, RUNS, NO),
    "/meetings/{meeting}/translations/ur": row(LOGIN, NO, RUNS, RUNS, NO, RUNS, NO),
    "/meetings/{held}/claim": row(LOGIN, NO, NO, NO, NO, NO, NO),
    "/meetings/{held}/no-payment": row(LOGIN, RUNS, RUNS, RUNS, NO, NO, NO),
    "/meetings/{meeting}/reply": row(LOGIN, 400, 400, 400, 400, 400, 400),
    "/groups/{group}/join": row(LOGIN, RUNS, RUNS, RUNS, NO, NO, NO),
    "/groups/{group}/leave": row(LOGIN, RUNS, RUNS, RUNS, NO, NO, NO),
    "/groups/join-with-code": row(LOGIN, ANSWERS, ANSWERS, ANSWERS, NO, NO, NO),
    "/groups/{group}/what-to-expect": row(LOGIN, ANSWERS, ANSWERS, ANSWERS, ANSWERS, ANSWERS, ANSWERS),
    "/claims/{claim}": row(LOGIN, NO, NO, ANSWERS, NO, ANSWERS, NO),
    "/connector/sign-up": row(LOGIN, NO, ANSWERS, NO, NO, ANSWERS, NO),
    "/connector/new-card": row(LOGIN, NO, ANSWERS, NO, NO, ANSWERS, NO),
    "/connector/new-pin": row(LOGIN, NO, ANSWERS, NO, NO, ANSWERS, NO),
    "/connector/people/{other}/contact": row(LOGIN, NO, 404, NO, NO, 404, NO),
    "/glossary/new": row(LOGIN, NO, ANSWERS, ANSWERS, NO, ANSWERS, NO),
    "/glossary/{term}/edit": row(LOGIN, NO, RUNS, RUNS, NO, RUNS, NO),
    "/glossary/{term}/remove": row(LOGIN, NO, RUNS, RUNS, NO, RUNS, NO),
    "/glossary/{term}/translations/ur": row(LOGIN, NO, 404, 404, NO, 404, NO),
    "/account/equality": row(LOGIN, RUNS, RUNS, RUNS, RUNS, RUNS, RUNS),
    "/account/equality/withdraw": row(LOGIN, RUNS, RUNS, RUNS, RUNS, RUNS, RUNS),
    "/ideas/new": row(LOGIN, ANSWERS, ANSWERS, ANSWERS, NO, NO, NO),
    "/ideas/{idea}/answer": row(LOGIN, 404, 404, 404, NO, NO, NO),
    "/ideas/{idea}/contact": row(LOGIN, 404, 404, 404, NO, NO, NO),
    "/ideas/{idea}/same-here": row(LOGIN, RUNS, RUNS, RUNS, NO, NO, NO),
    "/ideas/{idea}/report": row(LOGIN, ANSWERS, ANSWERS, ANSWERS, NO, NO, NO),
    "/ideas/{idea}/reply": row(LOGIN, NO, NO, ANSWERS, NO, ANSWERS, NO),
    "/ideas/{idea}/worried": row(LOGIN, ANSWERS, ANSWERS, ANSWERS, ANSWERS, ANSWERS, ANSWERS),
    "/ideas/{idea}/change": row(LOGIN, 404, 404, 404, NO, NO, NO),
    "/ideas/{idea}/translate": row(LOGIN, NO, 404, 404, NO, 404, NO),
    "/moderation/{idea}": row(LOGIN, NO, NO, ANSWERS, NO, ANSWERS, NO),
    "/cases/{case}": row(LOGIN, NO, NO, NO, ANSWERS, NO, NO),
    "/cases/{case}/acknowledge": row(LOGIN, NO, NO, NO, RUNS, NO, NO),
    "/cases/{case}/release": row(LOGIN, NO, NO, NO, RUNS, NO, NO),
    "/cases/{case}/triage": row(LOGIN, NO, NO, NO, ANSWERS, NO, NO),
    "/cases/{case}/refer": row(LOGIN, NO, NO, NO, ANSWERS, NO, NO),
    "/cases/{case}/no-further-action": row(LOGIN, NO, NO, NO, ANSWERS, NO, NO),
    "/cases/{case}/close": row(LOGIN, NO, NO, NO, ANSWERS, NO, NO),
    "/cases/{case}/share": row(LOGIN, NO, NO, NO, ANSWERS, NO, NO),
    "/cases/{case}/identity": row(LOGIN, NO, NO, NO, ANSWERS, NO, NO),
    "/cases/rota": row(LOGIN, NO, NO, NO, ANSWERS, NO, NO),
    "/cases/{case}/assign": row(LOGIN, NO, NO, NO, ANSWERS, NO, NO),
    "/proposals/new": row(LOGIN, NO, NO, ANSWERS, NO, ANSWERS, NO),
    "/proposals/{proposal}/vote": row(LOGIN, ANSWERS, ANSWERS, ANSWERS, NO, NO, NO),
    "/proposals/{proposal}/receipt": row(400, 400, 400, 400, 400, 400, 400),
    "/proposals/{proposal}/room": row(LOGIN, NO, NO, ANSWERS, NO, ANSWERS, NO),
    "/proposals/{proposal}/translations/ur": row(LOGIN, NO, RUNS, RUNS, NO, RUNS, NO),
    "/changes/new": row(LOGIN, NO, NO, ANSWERS, NO, ANSWERS, NO),
    "/changes/{change}/update": row(LOGIN, NO, NO, ANSWERS, NO, ANSWERS, NO),
    "/changes/{change}/measures": row(LOGIN, NO, NO, ANSWERS, NO, ANSWERS, NO),
    "/changes/{change}/prompt": row(LOGIN, NO, NO, RUNS, NO, RUNS, NO),
    "/changes/{change}/feedback": row(LOGIN, NO, NO, NO, NO, NO, NO),
    "/changes/{change}/cohort": row(LOGIN, NO, NO, NO, NO, NO, NO),
    "/changes/{change}/assurance": row(LOGIN, NO, NO, ANSWERS, NO, ANSWERS, NO),
    "/plan/cohorts/new": row(LOGIN, NO, NO, ANSWERS, NO, ANSWERS, NO),
    "/plan/cohorts/{cohort}/edit": row(LOGIN, NO, NO, RUNS, NO, RUNS, NO),
    "/plan/objectives/new": row(LOGIN, NO, NO, ANSWERS, NO, ANSWERS, NO),
    "/plan/objectives/{objective}/edit": row(LOGIN, NO, NO, RUNS, NO, RUNS, NO),
    "/plan/maturity": row(LOGIN, NO, NO, ANSWERS, NO, ANSWERS, NO),
    "/changes/{change}/translations/ur": row(LOGIN, NO, RUNS, RUNS, NO, RUNS, NO),
    "/admin/audit": row(LOGIN, NO, NO, NO, NO, OK, NO),
    "/account/delete": row(LOGIN, ANSWERS, ANSWERS, ANSWERS, ANSWERS, ANSWERS, ANSWERS),
    "/admin/requests/new": row(LOGIN, NO, NO, NO, NO, ANSWERS, NO),
    "/admin/requests/{request}": row(LOGIN, NO, NO, NO, NO, ANSWERS, NO),
    # Someone else's agreement or message is not there for you.
    "/account/agreements/{consent}/withdraw": row(LOGIN, 404, 404, 404, 404, 404, 404),
    "/messages/{message}/read": row(LOGIN, 404, 404, 404, 404, 404, 404),
    "/messages/read-all": row(LOGIN, RUNS, RUNS, RUNS, RUNS, RUNS, RUNS),
    "/account/password": row(LOGIN, ANSWERS, ANSWERS, ANSWERS, ANSWERS, ANSWERS, ANSWERS),
    # Every answer is optional here: no answer clears them, or keeps the current choice.
    "/account/contact": row(LOGIN, RUNS, RUNS, RUNS, RUNS, RUNS, RUNS),
    "/account/needs": row(LOGIN, RUNS, RUNS, RUNS, RUNS, RUNS, RUNS),
    "/account/language": row(LOGIN, RUNS, RUNS, RUNS, RUNS, RUNS, RUNS),
    "/account/notifications": row(LOGIN, RUNS, RUNS, RUNS, RUNS, RUNS, RUNS),
    "/account/visibility": row(LOGIN, RUNS, RUNS, RUNS, RUNS, RUNS, RUNS),
    "/account/privacy-notice": row(LOGIN, RUNS, RUNS, RUNS, RUNS, RUNS, RUNS),
    "/account/recovery-code": row(LOGIN, RUNS, RUNS, RUNS, RUNS, RUNS, RUNS),
    # Staff roles already have two-factor on; the others are asked for the first code.
    "/account/two-factor": row(LOGIN, ANSWERS, ANSWERS, OK, OK, OK, OK),
    # No box ticked takes every role away: allowed, and audited.
    "/admin/accounts/{other}/roles": row(LOGIN, NO, NO, NO, NO, RUNS, NO),
    "/admin/settings": row(LOGIN, NO, NO, NO, NO, ANSWERS, NO),
    "/admin/outbox/retry": row(LOGIN, NO, NO, NO, NO, RUNS, NO),
    "/admin/problem-reports/{report}/status": row(LOGIN, NO, NO, 400, NO, 400, NO),
    "/help-someone-sign-in": row(LOGIN, NO, ANSWERS, NO, NO, ANSWERS, NO),
    # Open to everyone: a missing choice is a bad request, a missing answer is asked for.
    "/easy-read": row(400, 400, 400, 400, 400, 400, 400),
    "/language": row(400, 400, 400, 400, 400, 400, 400),
    "/unsubscribe/{token}": row(400, 400, 400, 400, 400, 400, 400),
    "/report-a-problem": row(ANSWERS, ANSWERS, ANSWERS, ANSWERS, ANSWERS, ANSWERS, ANSWERS),
    "/recover": row(ANSWERS, ANSWERS, ANSWERS, ANSWERS, ANSWERS, ANSWERS, ANSWERS),
    "/sign-in/card": row(ANSWERS, ANSWERS, ANSWERS, ANSWERS, ANSWERS, ANSWERS, ANSWERS),
    "/sign-up/suggest": row(OK, OK, OK, OK, OK, OK, OK),
    # Someone already signed in is sent on to their account.
    "/sign-in": row(ANSWERS, RUNS, RUNS, RUNS, RUNS, RUNS, RUNS),
    "/sign-up": row(ANSWERS, RUNS, RUNS, RUNS, RUNS, RUNS, RUNS),
    "/sign-in/two-factor": row(LOGIN, RUNS, RUNS, RUNS, RUNS, RUNS, RUNS),
    # Last: signing out ends the session the rows above used.
    "/sign-out": row(RUNS, RUNS, RUNS, RUNS, RUNS, RUNS, RUNS),
}

#: Actions whose form is drawn on another page (the one the matrix fetches its tokens from).
FORM_PAGES = {
    **{f"/changes/{{change}}/{action}": "/changes/{change}" for action in ("update", "measures", "prompt")},
    **{f"/ideas/{{idea}}/{action}": "/ideas/{idea}" for action in ("report", "reply")},
    **{f"/cases/{{case}}/{action}": "/cases/{case}" for action in ("triage", "refer", "no-further-action", "close", "share", "assign")},
}


def test_every_state_changing_route_is_in_the_post_matrix(app):
    posts = {
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.methods & {"POST", "PUT", "PATCH", "DELETE"}
    }
    written = {
        url.replace("{consent}", "<uuid:consent_id>").replace("{message}", "<uuid:message_id>").replace("{report}", "<uuid:report_id>").replace("{token}", "<token>")
        .replace("{group}", "<uuid:group_id>").replace("{other}", "<uuid:account_id>").replace("{meeting}", "<uuid:meeting_id>")
        .replace("{held}", "<uuid:meeting_id>").replace("{claim}", "<uuid:claim_id>").replace("{idea}", "<uuid:idea_id>").replace("{case}", "<uuid:case_id>").replace("{term}", "<uuid:term_id>").replace("{proposal}", "<uuid:proposal_id>").replace("{change}", "<uuid:change_id>").replace("{request}", "<uuid:request_id>").replace("{cohort}", "<uuid:cohort_id>").replace("{objective}", "<uuid:objective_id>").replace("/ur", "/<lang>")
        .replace("/connector/people/<uuid:account_id>/", "/connector/people/<uuid:person_id>/")
        for url in POST_MATRIX
    }
    assert posts == written


@pytest.mark.parametrize("who", WHO)
def test_each_role_may_post_only_what_the_matrix_says_and_refusals_change_nothing(app, who):
    from portal.content import services as content_services

    owner = make_account(app, Role.staff)
    other = make_account(app)
    with app.app_context():
        group = group_services.create_group(db.session, data={"name": "Open group", "pathway": "Therapy", "description": "x", "join_policy": "request"}, actor_id=owner.id)
        group_services.join(db.session, group=group, account_id=other.id)
        starts = utc_now() + timedelta(days=3)
        meeting = meeting_services.create_meeting(db.session, group=group, data={"starts_at": starts, "ends_at": starts + timedelta(hours=1), "venue": "Hall"}, actor_id=owner.id)
        held = meeting_services.create_meeting(
            db.session, group=group,
            data={"starts_at": utc_now() - timedelta(hours=3), "ends_at": utc_now() - timedelta(hours=2), "venue": "Hall", "offers_travel": True, "offers_payment": True},
            actor_id=owner.id, now=utc_now() - timedelta(days=1),
        )
        claim = Claim(meeting_id=held.id, account_id=other.id, kind=ClaimKind.travel, amount_pence=1500)
        db.session.add(claim)
        db.session.commit()
        term = content_services.add_term(db.session, term="referral", definition="Being sent to a service", actor_id=owner.id)
        idea = idea_services.submit_idea(
            db.session, author_id=other.id, touchpoint=Touchpoint.referral, what_happened="The letter was late.", what_should_change="",
            language="en", risk_answer=RiskAnswer.no,
        ).idea
        idea_services.moderate(db.session, idea=idea, decision="publish", moderator_id=owner.id)
        case = idea_services.submit_idea(
            db.session, author_id=other.id, touchpoint=Touchpoint.referral, what_happened="I am not safe at home.", what_should_change="",
            language="en", risk_answer=RiskAnswer.yes_me,
        ).case
        proposal = _proposal(owner, group)
        change = _change(owner)
        cohort, objective = _plan()
        rights_request = _rights_request(owner)
        consent = Consent(account_id=other.id, kind=ConsentKind.contact, version="1")
        message = Message(recipient_id=other.id, kind="accounts.password_changed")
        report = ProblemReport(kind=ProblemKind.other, description="The menu overlaps.", language="en")
        db.session.add_all([consent, message, report])
        db.session.commit()
        ids = {"consent": consent.id, "message": message.id, "report": report.id, "token": "not-a-real-token", "request": rights_request.id, "cohort": cohort.id, "objective": objective.id, "change": change.id, "group": group.id, "other": other.id, "meeting": meeting.id, "held": held.id, "claim": claim.id, "term": term.id, "idea": idea.id, "case": case.id, "proposal": proposal.id}
    client = app.test_client()
    if who == OUT:
        tokens = form_fields(client.get("/sign-in").text)
    else:
        sign_in(client, make_account(app, Role(who)))
        tokens = form_fields(client.get("/account").text)
    for url, expected in POST_MATRIX.items():
        with app.app_context():
            before = db.session.exec(select(sa.func.count()).select_from(AuditEntry)).one()
        # Post what the form renders: a once-only form carries its own token.
        drawn = form_fields(client.get(FORM_PAGES.get(url, url).format(**ids)).text)
        response = client.post(url.format(**ids), data={**tokens, **drawn})
        assert response.status_code == expected[who], (who, url, response.status_code)
        if response.status_code in (LOGIN, NO):
            with app.app_context():
                assert db.session.exec(select(sa.func.count()).select_from(AuditEntry)).one() == before, (who, url)
