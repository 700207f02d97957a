"""Assisted sign-up by a community connector, continuity cards, and signing in with card + PIN."""

import re

import pytest
from sqlmodel import select

from portal.accounts.models import Account, Consent, ConsentKind
from portal.audit.models import AuditEntry
from portal.extensions import db
from portal.web.permissions import Role
from tests.factories import make_account, post_form, sign_in
from tests.pages import Page

PERSON = {"pseudonym": "calm-harbour-17", "pin": "4826", "language": "bn", "taking_part": "y", "contact": "y", "explained": "y", "needs_easy_read": "y"}


@pytest.fixture
def connector_client(app, client):
    connector = make_account(app, Role.participant, Role.intermediary, pseudonym="Barbershop Sam")
    sign_in(client, connector)
    return client, connector


def issue(client, **changes):
    response = post_form(client, "/connector/sign-up", {**PERSON, **changes})
    assert response.status_code == 303, response.text[:500]
    html = client.get("/connector/card").text
    return re.search(r'<span translate="no">([A-Z0-9]{4}-[A-Z0-9]{4})</span>', html).group(1), html


def test_a_connector_signs_someone_up_with_a_card_and_recorded_consent(app, connector_client):
    client, connector = connector_client
    code, html = issue(client)
    assert "calm-harbour-17" in html and 'src="data:image/svg+xml;charset=utf-8,%3Csvg%20xmlns%3D%27http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%27' in html
    assert client.get("/connector/card").status_code == 303  # shown once
    with app.app_context():
        account = db.session.exec(select(Account).where(Account.pseudonym == "calm-harbour-17")).one()
        assert (account.language, account.needs_easy_read, account.supported_by_id) == ("bn", True, connector.id)
        assert account.email_encrypted is None and account.card_code_digest and code not in account.card_code_digest
        kinds = {c.kind for c in db.session.exec(select(Consent).where(Consent.account_id == account.id))}
        assert kinds == {ConsentKind.privacy_notice, ConsentKind.taking_part, ConsentKind.contact}
        assert all(c.recorded_by_id == connector.id for c in db.session.exec(select(Consent).where(Consent.account_id == account.id)))
        assert db.session.exec(select(AuditEntry).where(AuditEntry.action == "accounts.assisted_sign_up")).one().actor == connector.id.hex


def test_the_card_has_no_real_name_and_is_in_the_persons_language(app, connector_client):
    client, _connector = connector_client
    _code, html = issue(client)
    card = html.split('class="portal-card"', 1)[1].split("</div>", 1)[0]
    assert 'lang="bn"' in html.split('class="portal-card"')[1][:80]
    assert "Your name here" not in card  # written in Bengali


def test_the_person_signs_in_with_card_and_pin_on_any_phone(app, connector_client):
    client, _connector = connector_client
    code, _html = issue(client)
    phone = app.test_client()
    assert f'value="{code}"' in phone.get(f"/sign-in/card?code={code}").text
    response = post_form(phone, "/sign-in/card", {"code": code.lower().replace("-", " "), "pin": "4826"})
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    assert "calm-harbour-17" in phone.get("/account").text


def test_a_wrong_pin_or_unknown_code_get_the_same_answer(app, connector_client):
    client, _connector = connector_client
    code, _html = issue(client)
    phone = app.test_client()
    wrong = post_form(phone, "/sign-in/card", {"code": code, "pin": "9999"})
    unknown = post_form(phone, "/sign-in/card", {"code": "ZZZZ-ZZZZ", "pin": "4826"})
    assert wrong.status_code == unknown.status_code == 422
    assert "The card code or PIN is not right" in wrong.text and "The card code or PIN is not right" in unknown.text


def test_guessing_pins_is_slowed_down(app, connector_client):
    client, _connector = connector_client
    code, _html = issue(client)
    phone = app.test_client()
    for pin in ("1111", "2222", "3333", "4444", "5555"):
        post_form(phone, "/sign-in/card", {"code": code, "pin": pin})
    assert post_form(phone, "/sign-in/card", {"code": code, "pin": "4826"}).status_code == 429


def test_a_new_card_cancels_the_old_one(app, connector_client):
    client, _connector = connector_client
    old, _html = issue(client)
    response = post_form(client, "/connector/new-card", {"pseudonym": "calm-harbour-17", "met": "y"})
    assert response.status_code == 303
    new = re.search(r'<span translate="no">([A-Z0-9]{4}-[A-Z0-9]{4})</span>', client.get("/connector/card").text).group(1)
    phone = app.test_client()
    assert post_form(phone, "/sign-in/card", {"code": old, "pin": "4826"}).status_code == 422
    assert post_form(phone, "/sign-in/card", {"code": new, "pin": "4826"}).status_code == 303


def test_a_connector_sets_a_new_pin_the_person_chooses(app, connector_client):
    client, _connector = connector_client
    code, _html = issue(client)
    assert post_form(client, "/connector/new-pin", {"pseudonym": "calm-harbour-17", "met": "y", "pin": "7391"}).status_code == 303
    phone = app.test_client()
    assert post_form(phone, "/sign-in/card", {"code": code, "pin": "7391"}).status_code == 303
    with app.app_context():
        assert db.session.exec(select(AuditEntry).where(AuditEntry.action == "accounts.reset_pin")).one()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pin": "1234"}, "That PIN is too easy to guess"),
        ({"pin": "12a4"}, "Enter a PIN of 4 to 6 numbers"),
        ({"taking_part": ""}, "They need to agree to take part"),
        ({"explained": ""}, "Confirm you have explained"),
        ({"language": "xx"}, "Choose a language from the list"),
        ({"pseudonym": "x"}, "Use at least 3 characters"),
    ],
)
def test_mistakes_are_explained_and_nothing_is_saved(app, connector_client, changes, message):
    client, _connector = connector_client
    response = post_form(client, "/connector/sign-up", {**PERSON, **changes})
    assert response.status_code == 422 and message in response.text
    with app.app_context():
        assert db.session.exec(select(Account).where(Account.pseudonym == "calm-harbour-17")).first() is None


def test_a_connector_cannot_give_a_staff_member_a_new_card(app, connector_client):
    client, _connector = connector_client
    staff = make_account(app, Role.staff)
    response = post_form(client, "/connector/new-card", {"pseudonym": staff.pseudonym, "met": "y"})
    assert response.status_code == 422 and "Only an administrator" in response.text


def test_participants_cannot_sign_others_up(app, client):
    person = make_account(app)
    sign_in(client, person)
    assert client.get("/connector/sign-up").status_code == 403


def test_the_person_can_take_back_what_they_agreed_to(app, connector_client, page):
    client, _connector = connector_client
    code, _html = issue(client)
    phone = app.test_client()
    post_form(phone, "/sign-in/card", {"code": code, "pin": "4826"})
    _response, document = Page(phone).get("/account")
    forms = [f for f in document.iter("form") if "/withdraw" in (f.get("action") or "")]
    assert len(forms) == 2
    response = post_form(phone, forms[0].get("action"), {}, get_url="/account")
    assert response.status_code == 303
    with app.app_context():
        withdrawn = [c for c in db.session.exec(select(Consent)) if c.withdrawn_at is not None]
    assert len(withdrawn) == 1
    other = make_account(app)
    stranger = app.test_client()
    sign_in(stranger, other)
    assert post_form(stranger, forms[1].get("action"), {}, get_url="/account").status_code == 404



def _group_run_by(app, connector, name, *, sensitive=False):
    from portal.groups import services as group_services

    staff = make_account(app, Role.staff)
    with app.app_context():
        group = group_services.create_group(
            db.session, data={"name": name, "pathway": "Men's health", "description": "x", "join_policy": "request", "sensitive": sensitive}, actor_id=staff.id
        )
        group_services.set_facilitator(db.session, group=group, account_id=connector.id, actor_id=staff.id)
        return group.id


def test_a_person_signed_up_into_a_group_has_its_name_and_facilitators_on_their_card(app, connector_client):
    from portal.groups.models import Membership, MemberStatus

    client, connector = connector_client
    group_id = _group_run_by(app, connector, "Barbershop talks")
    form = client.get("/connector/sign-up").text
    assert "Barbershop talks" in form and "Add them to a group you run" in form
    _code, html = issue(client, group=str(group_id), language="en")
    card = html.split('class="portal-card"', 1)[1].split("</div>", 1)[0]
    assert "Group: Barbershop talks." in card and "Run by Barbershop Sam" in card
    assert f'href="/groups/{group_id}/what-to-expect"' in card  # the card leads to what to expect
    with app.app_context():
        person = db.session.exec(select(Account).where(Account.pseudonym == "calm-harbour-17")).one()
        assert db.session.get(Membership, (group_id, person.id)).status == MemberStatus.active


def test_a_sensitive_groups_name_never_goes_on_a_card(app, connector_client):
    client, connector = connector_client
    group_id = _group_run_by(app, connector, "Safe at home circle", sensitive=True)
    _code, html = issue(client, group=str(group_id), language="en")
    card = html.split('class="portal-card"', 1)[1].split("</div>", 1)[0]
    assert "Safe at home" not in html and "Your group is run by Barbershop Sam" in card


def test_a_connector_cannot_add_someone_to_a_group_they_do_not_run(app, connector_client):
    client, connector = connector_client
    staff = make_account(app, Role.staff)
    other = _group_run_by(app, staff, "Someone else's group")
    response = post_form(client, "/connector/sign-up", {**PERSON, "group": str(other)})
    assert response.status_code == 422 and "Choose a group from the list" in response.text
    assert 'value="calm-harbour-17"' in response.text
    with app.app_context():
        assert db.session.exec(select(Account).where(Account.pseudonym == "calm-harbour-17")).first() is None


def test_the_sign_up_service_itself_refuses_a_group_the_connector_does_not_run(app):
    from portal.accounts import services
    from portal.accounts.services import AccountError

    connector = make_account(app, Role.participant, Role.intermediary)
    staff = make_account(app, Role.staff)
    other = _group_run_by(app, staff, "Not theirs")
    with app.app_context(), pytest.raises(AccountError) as refused:
        services.assisted_sign_up(
            db.session, connector_id=connector.id, pseudonym="lone-heron-4", pin="4826", language="en",
            consents=[ConsentKind.taking_part], needs={}, group_id=other,
        )
    assert refused.value.code == "not_your_group"
