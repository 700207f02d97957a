"""The inbox, notification choices, unsubscribing in one step, and the admin's outbox view."""

import re

from sqlmodel import select

from portal.accounts.models import Account
from portal.extensions import db
from portal.notifications import services
from portal.notifications.models import Frequency, Message, NotificationPreference, OutboxItem, OutboxStatus
from portal.notifications.worker import unsubscribe_token
from portal.web.crypto import encrypt
from portal.web.i18n import LANGUAGE_COOKIE
from portal.web.permissions import Role
from tests.factories import form_fields, make_account, post_form, sign_in
from tests.pages import fragment, text_of


def give(app, person, kind="accounts.two_factor_on", **context):
    with app.app_context():
        message = services.notify(db.session, recipient_id=person.id, kind=kind, link="/account", **context)
        db.session.commit()
        return message.id


def test_the_inbox_shows_messages_in_the_readers_language_with_an_unread_count(app, client, page):
    person = make_account(app)
    give(app, person, kind="accounts.roles_changed", roles=["participant", "intermediary"])
    sign_in(client, person)
    _response, document = page.get("/messages")
    assert "Your roles are now: Participant, Community connector." in text_of(document.find(".//main"))
    assert text_of(document.find(".//span[@class='portal-count']")) == "1"
    client.set_cookie(LANGUAGE_COOKIE, "pl")
    with app.app_context():
        db.session.get(Account, person.id).language = "pl"
        db.session.commit()
    _response, document = page.get("/messages")
    assert "Your roles are now" not in text_of(document.find(".//main"))


def test_marking_read_without_javascript_and_with_htmx(app, client, page):
    person = make_account(app)
    first, second = give(app, person), give(app, person)
    sign_in(client, person)
    tokens = form_fields(client.get("/messages").text)
    response = client.post(f"/messages/{first}/read", data=tokens)
    assert response.status_code == 303 and response.headers["Location"] == "/messages"
    response = client.post(f"/messages/{second}/read", data=tokens, headers={"HX-Request": "true"})
    item = fragment(response.text)
    assert "HX-Request" in response.headers["Vary"]
    assert "Mark as read" not in "".join(item.itertext())
    _response, document = page.get("/messages")
    assert document.find(".//span[@class='portal-count']") is None


def test_mark_all_read(app, client):
    person = make_account(app)
    for _ in range(3):
        give(app, person)
    sign_in(client, person)
    post_form(client, "/messages/read-all", {}, get_url="/messages")
    with app.app_context():
        assert all(m.read_at for m in db.session.exec(select(Message)))


def test_someone_elses_or_an_unknown_message_is_404(app, client):
    owner = make_account(app)
    message_id = give(app, owner)
    intruder = make_account(app)
    sign_in(client, intruder)
    tokens = form_fields(client.get("/messages").text)
    assert client.post(f"/messages/{message_id}/read", data=tokens).status_code == 404
    assert client.post("/messages/00000000-0000-0000-0000-000000000000/read", data=tokens).status_code == 404
    assert client.post("/messages/nonsense/read", data=tokens).status_code == 404
    with app.app_context():
        assert db.session.get(Message, message_id).read_at is None


def test_the_inbox_is_paginated(app, client, page):
    person = make_account(app)
    for _ in range(25):
        give(app, person)
    sign_in(client, person)
    _response, document = page.get("/messages")
    assert len(document.findall(".//li[@class='portal-message portal-message--unread']")) == 20
    _response, document = page.get("/messages?page=2")
    assert len(document.findall(".//ul[@class='portal-messages']/li")) == 5
    assert client.get("/messages?page=0").status_code == 404


def test_choosing_email_needs_an_address_first(app, client, page):
    person = make_account(app)
    sign_in(client, person)
    response = post_form(client, "/account/notifications", {"email": "y", "frequency": "daily"})
    assert response.status_code == 422 and "Add your email address first" in response.text


def test_choices_are_saved_and_digest_is_the_default(app, client):
    person = make_account(app)
    connector = make_account(app, Role.participant, Role.intermediary, pseudonym="Centre Connector")
    with app.app_context():
        assert services.preference(db.session, person.id).frequency == Frequency.daily
        db.session.get(Account, person.id).email_encrypted = encrypt("me@example.org")
        db.session.commit()
    sign_in(client, person)
    response = post_form(client, "/account/notifications", {"email": "y", "connector": "y", "connector_name": "centre connector", "frequency": "weekly"})
    assert response.status_code == 303
    with app.app_context():
        row = db.session.get(NotificationPreference, person.id)
        assert (row.email, row.connector_id, row.frequency) == (True, connector.id, Frequency.weekly)


def test_a_connector_name_that_is_not_a_connector_is_explained(app, client):
    person = make_account(app)
    make_account(app, pseudonym="Just A Participant")
    sign_in(client, person)
    response = post_form(client, "/account/notifications", {"connector": "y", "connector_name": "Just A Participant", "frequency": "daily"})
    assert response.status_code == 422 and "No community connector has that name" in response.text


def _subscribed(app):
    person = make_account(app)
    with app.app_context():
        db.session.get(Account, person.id).email_encrypted = encrypt("me@example.org")
        db.session.commit()
        services.set_preferences(db.session, account_id=person.id, email=True, sms=False, connector_id=None, frequency=Frequency.daily)
    give(app, person)
    return person


def test_unsubscribing_takes_one_step_and_cancels_what_was_waiting(app, client, page):
    from portal.notifications.models import Channel

    person = _subscribed(app)
    with app.test_request_context():
        token = unsubscribe_token(person.id, Channel.email)
    _response, document = page.get(f"/unsubscribe/{token}")
    assert document.find(".//form").get("action") == f"/unsubscribe/{token}"
    response = client.post(f"/unsubscribe/{token}")  # one click, no session needed
    assert response.status_code == 200 and "Done" in response.text
    with app.app_context():
        assert db.session.get(NotificationPreference, person.id).email is False
        assert [i.status for i in db.session.exec(select(OutboxItem))] == [OutboxStatus.cancelled]
    assert client.post(f"/unsubscribe/{token}").status_code == 200  # replayed: still fine, nothing new


def test_a_forged_unsubscribe_link_is_refused_clearly(app, client):
    person = _subscribed(app)
    response = client.post(f"/unsubscribe/{person.id.hex}-forged")
    assert response.status_code == 400 and "This link does not work" in response.text
    with app.app_context():
        assert db.session.get(NotificationPreference, person.id).email is True


def test_an_admin_sees_set_aside_deliveries_and_can_retry_them(app, client, page):
    person = _subscribed(app)
    with app.app_context():
        item = db.session.exec(select(OutboxItem)).one()
        item.status, item.attempts, item.last_error = OutboxStatus.dead, 8, "smtp_550"
        db.session.commit()
        item_id = item.id
    admin = make_account(app, Role.admin)
    sign_in(client, admin)
    _response, document = page.get("/admin/outbox")
    assert "smtp_550" in text_of(document.find(".//table"))
    assert "me@example.org" not in client.get("/admin/outbox").text
    response = post_form(client, "/admin/outbox/retry", {"item": str(item_id)}, get_url="/admin/outbox")
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(OutboxItem, item_id).status == OutboxStatus.pending


def test_the_send_command_reports_what_it_did(app):
    _subscribed(app)
    result = app.test_cli_runner().invoke(args=["notifications", "send"])
    assert re.search(r"sent 0 \(\+0 in digests\), retrying 0, set aside 0", result.output)


def test_a_kind_without_a_translation_falls_back_to_english_not_an_error(app, client, page, monkeypatch):
    from portal.notifications import kinds

    monkeypatch.setitem(kinds.KINDS, "test.untranslated", kinds.Kind("test.untranslated", "A brand new notice", "Words nobody translated yet."))
    person = make_account(app)
    give(app, person, kind="test.untranslated")
    client.set_cookie(LANGUAGE_COOKIE, "cy")
    sign_in(client, person)
    _response, document = page.get("/messages")
    assert "Words nobody translated yet." in text_of(document.find(".//main"))


def test_a_message_of_a_kind_that_no_longer_exists_still_shows(app, client, page):
    person = make_account(app)
    with app.app_context():
        db.session.add(Message(recipient_id=person.id, kind="retired.kind", context={}))
        db.session.commit()
    sign_in(client, person)
    page.get("/messages")
