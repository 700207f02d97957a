"""The case workflow for safeguarding leads: acknowledge, triage (with the s42 criteria for
adults), refer or no further action, close with the person's wishes; sharing decisions with a
lawful basis; the duty rota; overdue cases escalated; the identity vault opened with a reason."""

from datetime import timedelta

import pytest
from sqlmodel import select

from portal.audit.models import AuditEntry
from portal.audit.queries import verify_chain
from portal.db import utc_now
from portal.extensions import db
from portal.groups.models import Touchpoint
from portal.ideas import services as ideas
from portal.notifications.models import Message
from portal.safeguarding import services
from portal.safeguarding.models import Case, CaseNote, CaseStatus, DisclosureIsUnchangeable, OutcomesMet, RiskAnswer, ShareDecision, VaultEntry
from portal.web.permissions import Role
from tests.factories import make_account, post_form, sign_in


def open_case(app, author, risk=RiskAnswer.yes_me, text="He hurts me when he drinks."):
    with app.app_context():
        return ideas.submit_idea(
            db.session, author_id=author.id, touchpoint=Touchpoint.other, what_happened=text, what_should_change="", language="en", risk_answer=risk
        ).case


@pytest.fixture
def lead(app):
    person = make_account(app, Role.safeguarding_lead)
    client = app.test_client()
    sign_in(client, person)
    return person, client


def case_now(app, case):
    with app.app_context():
        return db.session.get(Case, case.id)


def test_a_case_goes_from_new_to_closed_with_every_step_recorded_and_audited(app, lead):
    person, client = lead
    case = open_case(app, make_account(app))
    url = f"/cases/{case.id}"
    assert post_form(client, f"{url}/acknowledge", {}, get_url=url).status_code == 303
    missing = post_form(client, f"{url}/triage", {"category": "domestic_abuse", "urgency": "same_day"}, get_url=url)
    assert missing.status_code == 422 and "Choose from the list" in missing.text
    assert post_form(client, f"{url}/triage", {"category": "domestic_abuse", "urgency": "same_day", "about_adult": "yes", "s42_care_needs": "y", "s42_experiencing_abuse": "y"}, get_url=url).status_code == 303
    refused = post_form(client, f"{url}/no-further-action", {"reason": ""}, get_url=url)
    assert refused.status_code == 422 and "Give the reason" in refused.text
    assert post_form(client, f"{url}/refer", {"referred_to": "Adult safeguarding team (fictional)", "reference": "AS-1234"}, get_url=url).status_code == 303
    no_wishes = post_form(client, f"{url}/close", {"wishes": "", "outcomes_met": "fully"}, get_url=url)
    assert no_wishes.status_code == 422
    assert post_form(client, f"{url}/close", {"wishes": "To stay at home and be safe.", "outcomes_met": "partly"}, get_url=url).status_code == 303
    done = case_now(app, case)
    assert (done.status, done.category, done.s42_care_needs, done.s42_cannot_protect_self) == (CaseStatus.closed, "domestic_abuse", True, False)
    assert (done.referred_to, done.referral_reference, done.outcomes_met) == ("Adult safeguarding team (fictional)", "AS-1234", OutcomesMet.partly)
    with app.app_context():
        kinds = [note.kind for note in db.session.exec(select(CaseNote).where(CaseNote.case_id == case.id).order_by(CaseNote.created_at))]
        assert kinds == ["opened", "acknowledged", "triaged", "referred", "closed"]
        actions = {entry.action for entry in db.session.exec(select(AuditEntry).where(AuditEntry.subject == case.id.hex))}
        assert {"safeguarding.open_case", "safeguarding.acknowledge", "safeguarding.triaged", "safeguarding.referred", "safeguarding.closed"} <= actions
    assert "Adult safeguarding team (fictional)" in client.get(url).text
    assert f"/cases/{case.id}" not in client.get("/cases").text  # closed cases leave the queue


def test_steps_cannot_be_skipped(app, lead):
    person, _client = lead
    case = open_case(app, make_account(app))
    with app.app_context():
        stored = db.session.get(Case, case.id)
        with pytest.raises(services.SafeguardingError):
            services.refer(db.session, case=stored, lead_id=person.id, to="Police", reference="")
        with pytest.raises(services.SafeguardingError):
            services.close(db.session, case=stored, lead_id=person.id, wishes="x", outcomes_met=OutcomesMet.fully)


def test_sharing_decisions_need_a_reason_and_a_lawful_basis_and_are_never_changed(app, lead):
    _person, client = lead
    case = open_case(app, make_account(app))
    url = f"/cases/{case.id}"
    no_whom = post_form(client, f"{url}/share", {"shared": "yes", "reason": "Risk to life", "lawful_basis": "vital_interests"}, get_url=url)
    assert no_whom.status_code == 422 and "Say who you are sharing it with" in no_whom.text
    assert post_form(client, f"{url}/share", {"shared": "yes", "with_whom": "Police (fictional)", "reason": "Risk to life", "lawful_basis": "vital_interests"}, get_url=url).status_code == 303
    assert post_form(client, f"{url}/share", {"shared": "no", "reason": "They asked us not to tell their GP", "lawful_basis": "not_shared"}, get_url=url).status_code == 303
    with app.app_context():
        decisions = db.session.exec(select(ShareDecision).order_by(ShareDecision.created_at)).all()
        assert [(d.shared, d.lawful_basis) for d in decisions] == [(True, "vital_interests"), (False, "not_shared")]
        decisions[0].reason = "changed"
        with pytest.raises(DisclosureIsUnchangeable):
            db.session.commit()
        db.session.rollback()
        with pytest.raises(Exception, match="(?i)share decisions"):
            db.session.execute(ShareDecision.__table__.delete())
        db.session.rollback()


def test_new_cases_alert_the_leads_on_duty_and_everyone_when_nobody_is(app, lead):
    person, client = lead
    other = make_account(app, Role.safeguarding_lead)
    open_case(app, make_account(app))
    with app.app_context():
        alerted = {m.recipient_id for m in db.session.exec(select(Message).where(Message.kind == "safeguarding.new_case"))}
    assert alerted == {person.id, other.id}
    today = utc_now().date().isoformat()
    assert post_form(client, "/cases/rota", {"lead": str(other.id), "day": today, "starts": "00:00", "ends": "00:00"}).status_code == 303
    bad = post_form(client, "/cases/rota", {"lead": str(other.id), "day": "tomorrow", "starts": "9", "ends": "5"})
    assert bad.status_code == 422 and "Enter a day like 2027-03-14" in bad.text
    open_case(app, make_account(app))
    with app.app_context():
        alerts = [m.recipient_id for m in db.session.exec(select(Message).where(Message.kind == "safeguarding.new_case"))]
    assert (alerts.count(person.id), alerts.count(other.id)) == (1, 2)  # the second case went only to the lead on duty


def test_overdue_cases_go_to_a_second_lead_and_admins_get_a_count_only(app, lead):
    person, _client = lead
    second = make_account(app, Role.safeguarding_lead)
    admin = make_account(app, Role.admin)
    case = open_case(app, make_account(app), risk=RiskAnswer.danger_now, text="Secret words about a knife")
    with app.app_context():
        stored = db.session.get(Case, case.id)
        services.acknowledge(db.session, case=stored, lead_id=person.id)
        assert services.escalate_overdue(db.session, now=utc_now()) == 0
        assert services.escalate_overdue(db.session, now=utc_now() + timedelta(hours=2)) == 1
        assert services.escalate_overdue(db.session, now=utc_now() + timedelta(hours=3)) == 0  # once
        stored = db.session.get(Case, case.id)
        assert stored.escalated_to_id == second.id
        [count] = db.session.exec(select(Message).where(Message.recipient_id == admin.id, Message.kind == "safeguarding.overdue_count")).all()
        assert count.context == {"count": 1}
        assert db.session.exec(select(Message).where(Message.recipient_id == second.id, Message.kind == "safeguarding.overdue_case")).first()
    admin_client = app.test_client()
    sign_in(admin_client, admin)
    assert "knife" not in admin_client.get("/messages").text


def test_the_vault_opens_only_with_a_reason_is_audited_and_the_person_is_told(app, lead):
    _person, client = lead
    author = make_account(app)
    author_client = app.test_client()
    sign_in(author_client, author)
    post_form(author_client, "/ideas/new", {"risk": "yes_me", "touchpoint": "other", "what_happened": "I am not safe.", "what_should_change": "", "language": "en"})
    assert "Kept private" in author_client.get("/ideas/mine").text
    with app.app_context():
        from portal.safeguarding.models import Disclosure

        case = db.session.exec(select(Case)).one()
        idea_id = db.session.get(Disclosure, case.disclosure_id).idea_id
    response = post_form(author_client, f"/ideas/{idea_id}/contact", {"way": "phone", "phone": "07700 900456", "name": "Amina K (fictional)"}, get_url=f"/ideas/{idea_id}/sent")
    assert response.status_code == 303
    url = f"/cases/{case.id}/identity"
    page = client.get(url).text
    assert "07700" not in page and "Amina" not in page
    assert post_form(client, url, {"reason": ""}).status_code == 422
    opened = post_form(client, url, {"reason": "They said they are in danger and we cannot reach them online."})
    assert opened.status_code == 200 and "07700900456" in opened.text and "Amina K (fictional)" in opened.text
    with app.app_context():
        assert db.session.exec(select(AuditEntry).where(AuditEntry.action == "safeguarding.break_glass")).first()
        assert db.session.exec(select(Message).where(Message.recipient_id == author.id, Message.kind == "safeguarding.identity_opened")).first()
        assert all("Amina" not in entry.sealed for entry in db.session.exec(select(VaultEntry)))
    quiet = post_form(client, url, {"reason": "Checking again", "keep_from_person": "y"})
    assert quiet.status_code == 200
    with app.app_context():
        assert len(db.session.exec(select(Message).where(Message.recipient_id == author.id, Message.kind == "safeguarding.identity_opened")).all()) == 1


def test_a_tampered_audit_entry_for_a_case_is_detected(app, lead):
    case = open_case(app, make_account(app))
    with app.app_context():
        assert verify_chain(db.session)[1] == []
        db.session.connection().exec_driver_sql("DROP TRIGGER audit_entry_no_update")
        db.session.connection().exec_driver_sql(f"UPDATE audit_entry SET actor = 'someone-else' WHERE subject = '{case.id.hex}'")
        db.session.commit()
        assert verify_chain(db.session)[1] != []


def test_vault_keys_rotate_and_old_entries_still_open(app, lead, tmp_path):
    from cryptography.fernet import Fernet

    from portal.safeguarding import vault

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    app.config["VAULT_KEYS"] = [old]
    with app.app_context():
        entry = VaultEntry(kind="phone", sealed=vault.seal("07700900789"))
        db.session.add(entry)
        db.session.commit()
        app.config["VAULT_KEYS"] = [new, old]
        assert vault.open_sealed(entry.sealed) == "07700900789"
        result = app.test_cli_runner().invoke(args=["safeguarding", "rotate-vault"])
        assert "sealed with the newest key: 1" in result.output
        app.config["VAULT_KEYS"] = [new]
        assert vault.open_sealed(db.session.get(VaultEntry, entry.id).sealed) == "07700900789"


def test_a_lead_gives_a_case_to_another_lead_who_is_told(app, lead):
    person, client = lead
    other = make_account(app, Role.safeguarding_lead)
    case = open_case(app, make_account(app))
    url = f"/cases/{case.id}"
    assert post_form(client, f"{url}/assign", {"lead": str(other.id)}, get_url=url).status_code == 303
    assert case_now(app, case).assigned_to_id == other.id
    nobody = post_form(client, f"{url}/assign", {"lead": str(make_account(app).id)}, get_url=url)
    assert nobody.status_code == 422
    with app.app_context():
        assert db.session.exec(select(Message).where(Message.recipient_id == other.id, Message.kind == "safeguarding.assigned")).first()
