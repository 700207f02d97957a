"""Sharing ideas and feedback: the safety question first; a disclosure saved with its case
before anything is sent; help shown at once; nothing published that should not be."""

from datetime import timedelta

import pytest
from sqlmodel import select

from portal.accounts import services as accounts
from portal.accounts.models import ConsentKind
from portal.caseload.models import OnBehalf
from portal.db import utc_now
from portal.extensions import db
from portal.groups import services as groups
from portal.ideas.models import Idea, IdeaStatus
from portal.notifications.models import Message, OutboxItem
from portal.safeguarding import vault
from portal.safeguarding.models import Case, CaseStatus, ContactWay, Disclosure, DisclosureIsUnchangeable, RiskAnswer, Trigger, Urgency, VaultEntry
from portal.web.permissions import Role
from portal.notifications.models import Frequency
from tests.conftest import make_app
from tests.notifications.test_outbox import with_contacts
from portal.web.i18n import LANGUAGE_COOKIE, LANGUAGES
from tests.factories import form_fields, make_account, post_form, sign_in
from tests.pages import parse
from tests.site.test_pages import english_left, english_messages

IDEA = {"risk": "no", "touchpoint": "first_contact", "what_happened": "The letter came after the appointment.", "what_should_change": "Send a text the week before.", "language": "en"}


def ideas_of(app, account_id):
    with app.app_context():
        return db.session.exec(select(Idea).where(Idea.author_id == account_id)).all()


def case_of(app, idea):
    with app.app_context():
        disclosure = db.session.exec(select(Disclosure).where(Disclosure.idea_id == idea.id)).first()
        return (disclosure, db.session.exec(select(Case).where(Case.disclosure_id == disclosure.id)).one()) if disclosure else (None, None)


@pytest.fixture
def person(app, client):
    someone = make_account(app)
    sign_in(client, someone)
    return someone


def test_an_idea_waits_for_a_moderator_and_shows_in_my_contributions(app, client, person):
    response = post_form(client, "/ideas/new", IDEA)
    assert response.status_code == 303
    [idea] = ideas_of(app, person.id)
    assert idea.status == IdeaStatus.awaiting_moderation and case_of(app, idea) == (None, None)
    assert "A moderator reads every idea" in client.get(response.headers["Location"]).text
    mine = client.get("/ideas/mine").text
    assert "The letter came after the appointment." in mine and "Waiting for a moderator to read it" in mine


def test_the_safety_question_comes_before_the_text_box_and_says_what_happens(client, person):
    html = client.get("/ideas/new").text
    assert html.index("Is anyone in danger or at risk of harm?") < html.index("What happened?")
    assert "We cannot promise to keep it secret." in html and 'href="tel:999"' in html


def test_saying_someone_is_at_risk_saves_the_words_opens_a_case_and_alerts_every_lead(app, client, person):
    leads = [make_account(app, Role.safeguarding_lead) for _ in range(2)]
    words = "My neighbour's child is left alone for days.\n\nSomeone should check on them."
    response = post_form(client, "/ideas/new", {**IDEA, "risk": "yes_someone_else", "what_happened": "My neighbour's child is left alone for days.", "what_should_change": "Someone should check on them."})
    assert response.status_code == 303
    [idea] = ideas_of(app, person.id)
    disclosure, case = case_of(app, idea)
    assert idea.status == IdeaStatus.held
    assert (disclosure.text, disclosure.trigger, disclosure.risk_answer) == (words, Trigger.answer, RiskAnswer.yes_someone_else)
    assert (case.status, case.urgency) == (CaseStatus.new, Urgency.same_day)
    with app.app_context():
        alerted = {m.recipient_id for m in db.session.exec(select(Message).where(Message.kind == "safeguarding.new_case"))}
        assert alerted == {lead.id for lead in leads}
        alert = db.session.exec(select(Message).where(Message.kind == "safeguarding.new_case")).first()
        assert "child" not in str(alert.context)  # the alert never carries the words
    page = client.get(response.headers["Location"]).text
    assert "What happens next" in page and "A safeguarding lead will read it by" in page
    assert 'href="tel:999"' in page and "How can we contact you?" in page
    assert "left alone" not in page  # the page does not repeat what was written


def test_danger_right_now_with_no_words_still_opens_an_immediate_case_and_shows_999(app, client, person):
    response = post_form(client, "/ideas/new", {**IDEA, "risk": "danger_now", "what_happened": "", "what_should_change": ""})
    assert response.status_code == 303
    [idea] = ideas_of(app, person.id)
    disclosure, case = case_of(app, idea)
    assert disclosure.text == "" and case.urgency == Urgency.immediate
    assert case.due_at <= utc_now() + timedelta(minutes=61)
    page = client.get(response.headers["Location"]).text
    assert "Call 999 now." in page


def test_risk_words_alone_open_a_case_then_ask_the_person_who_answers_once(app, client, person):
    response = post_form(client, "/ideas/new", {**IDEA, "what_happened": "My husband hits me when I go to appointments.", "what_should_change": ""})
    [idea] = ideas_of(app, person.id)
    disclosure, case = case_of(app, idea)
    assert (disclosure.trigger, disclosure.risk_answer, idea.status) == (Trigger.lexicon, None, IdeaStatus.held)
    page = client.get(response.headers["Location"]).text
    assert "Some of your words made us want to check you are safe." in page
    tokens = form_fields(page)
    assert client.post(f"/ideas/{idea.id}/answer", data={**tokens, "risk": "yes_me"}).status_code == 303
    assert client.post(f"/ideas/{idea.id}/answer", data={**tokens, "risk": "no"}).status_code == 303
    _disclosure, case = case_of(app, idea)
    assert case.confirmed_answer == RiskAnswer.yes_me and case.closed_at is None
    assert "Some of your words" not in client.get(f"/ideas/{idea.id}/sent").text


def test_a_phone_number_for_contact_goes_sealed_into_the_vault(app, client, person):
    response = post_form(client, "/ideas/new", {**IDEA, "risk": "yes_me"})
    [idea] = ideas_of(app, person.id)
    bad = post_form(client, f"/ideas/{idea.id}/contact", {"way": "phone", "phone": "call me maybe"}, get_url=response.headers["Location"])
    assert bad.status_code == 422 and "Enter a phone number made of digits" in bad.text
    good = post_form(client, f"/ideas/{idea.id}/contact", {"way": "phone", "phone": "07700 900123"}, get_url=response.headers["Location"])
    assert good.status_code == 303
    _disclosure, case = case_of(app, idea)
    with app.app_context():
        [entry] = db.session.exec(select(VaultEntry)).all()
        assert "07700" not in entry.sealed and vault.open_sealed(entry.sealed) == "07700900123"
    assert case.contact_way == ContactWay.phone


def test_a_disclosure_is_saved_and_help_shown_when_the_mail_server_is_down(sqlite_url):
    from portal.notifications.worker import run_once
    from tests.notifications.conftest import free_port

    app = make_app(sqlite_url, EMAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), SMTP_TIMEOUT=1)
    lead = make_account(app, Role.safeguarding_lead)
    with_contacts(app, lead, frequency=Frequency.daily)  # urgent alerts go at once whatever the choice
    author = make_account(app)
    client = app.test_client()
    sign_in(client, author)
    response = post_form(client, "/ideas/new", {**IDEA, "risk": "yes_me"})
    assert response.status_code == 303 and "What happens next" in client.get(response.headers["Location"]).text
    with app.app_context():
        report = run_once(db.session)
        assert report.retried >= 1
        assert db.session.exec(select(OutboxItem)).first().last_error == "smtp_unreachable"
        assert db.session.exec(select(Case)).one().status == CaseStatus.new
        assert db.session.exec(select(Disclosure)).one().risk_answer == RiskAnswer.yes_me


def test_the_words_of_a_disclosure_cannot_be_changed_or_deleted(app, client, person):
    post_form(client, "/ideas/new", {**IDEA, "risk": "yes_me"})
    with app.app_context():
        disclosure = db.session.exec(select(Disclosure)).one()
        disclosure.text = "something milder"
        with pytest.raises(DisclosureIsUnchangeable):
            db.session.commit()
        db.session.rollback()
        with pytest.raises(Exception, match="(?i)disclosure"):
            db.session.execute(Disclosure.__table__.update().values(text="changed behind the portal's back"))
        db.session.rollback()
        with pytest.raises(Exception, match="(?i)disclosure"):
            db.session.execute(Disclosure.__table__.delete())
        db.session.rollback()
        assert db.session.exec(select(Disclosure)).one().text.startswith("The letter came")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"what_happened": "", "what_should_change": ""}, "Tell us what happened or what should change"),
        ({"risk": ""}, "Say if anyone is in danger or at risk of harm"),
        ({"what_happened": "x" * 3001}, "Use 3000 characters or fewer"),
        ({"touchpoint": "nowhere"}, "Choose when it happened"),
        ({"language": "xx"}, "Choose a language from the list"),
        ({"group": "00000000-0000-0000-0000-000000000000"}, "Choose a group from the list"),
    ],
)
def test_bad_ideas_are_explained_and_keep_what_was_typed(app, client, person, changes, message):
    response = post_form(client, "/ideas/new", {**IDEA, **changes})
    assert response.status_code == 422 and message in response.text
    if "what_should_change" not in changes:
        assert "Send a text the week before." in response.text
    assert ideas_of(app, person.id) == []


def test_an_idea_for_a_group_needs_membership_and_a_double_submit_saves_once(app, client, person):
    staff = make_account(app, Role.staff)
    with app.app_context():
        group = groups.create_group(db.session, data={"name": "Carers' group", "pathway": "Therapy", "description": "x", "join_policy": "open"}, actor_id=staff.id)
        groups.join(db.session, group=group, account_id=person.id)
    tokens = form_fields(client.get(f"/ideas/new?group={group.id}").text)
    data = {**tokens, **IDEA, "group": str(group.id)}
    assert [client.post("/ideas/new", data=data).status_code for _ in range(2)] == [303, 409]
    [idea] = ideas_of(app, person.id)
    assert idea.group_id == group.id


def test_someone_elses_idea_pages_are_404(app, client, person):
    post_form(client, "/ideas/new", {**IDEA, "risk": "yes_me"})
    [idea] = ideas_of(app, person.id)
    nosy = app.test_client()
    sign_in(nosy, make_account(app))
    assert nosy.get(f"/ideas/{idea.id}/sent").status_code == 404
    assert nosy.post(f"/ideas/{idea.id}/contact", data=form_fields(nosy.get("/account").text)).status_code == 404
    assert "The letter came" not in nosy.get("/ideas/mine").text


def test_only_safeguarding_leads_open_cases(app, client, person):
    post_form(client, "/ideas/new", {**IDEA, "risk": "yes_me"})
    with app.app_context():
        case = db.session.exec(select(Case)).one()
    for role in (Role.participant, Role.intermediary, Role.staff, Role.admin, Role.commissioner):
        other = app.test_client()
        sign_in(other, make_account(app, role))
        assert (other.get("/cases").status_code, other.get(f"/cases/{case.id}").status_code) == (403, 403), role
    lead = app.test_client()
    sign_in(lead, make_account(app, Role.safeguarding_lead))
    queue = lead.get("/cases").text
    assert f"/cases/{case.id}" in queue and "Same day" in queue
    page = lead.get(f"/cases/{case.id}").text
    assert "The letter came after the appointment." in page
    assert lead.get("/cases/00000000-0000-0000-0000-000000000000").status_code == 404
    assert post_form(lead, f"/cases/{case.id}/acknowledge", {}, get_url=f"/cases/{case.id}").status_code == 303
    assert post_form(lead, f"/cases/{case.id}", {"text": "Called the person; they are safe tonight."}).status_code == 303
    with app.app_context():
        case = db.session.get(Case, case.id)
        assert case.status == CaseStatus.acknowledged and case.acknowledged_at is not None
    assert "Called the person; they are safe tonight." in lead.get(f"/cases/{case.id}").text


def test_a_connector_shares_an_idea_for_someone_who_asked(app, client):
    connector = make_account(app, Role.participant, Role.intermediary)
    with app.app_context():
        person = accounts.assisted_sign_up(
            db.session, connector_id=connector.id, pseudonym="quiet-otter-11", pin="4826", language="ur",
            consents=[ConsentKind.taking_part, ConsentKind.act_on_behalf], needs={},
        ).account
    sign_in(client, connector)
    url = f"/ideas/new?for={person.id}"
    response = post_form(client, url, IDEA)
    assert response.status_code == 422 and "Only share an idea for someone when they ask you to" in response.text
    assert post_form(client, url, {**IDEA, "person_asked": "y"}).status_code == 303
    [idea] = ideas_of(app, person.id)
    with app.app_context():
        assert db.session.get(OnBehalf, idea.on_behalf_id).connector_id == connector.id
    assert ideas_of(app, connector.id) == []


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ur", "میرا شوہر مجھے مارتا ہے، اس لیے میں ملاقات پر نہیں آ سکی۔"),
        ("bn", "আমার স্বামী আমাকে মারে, তাই আমি অ্যাপয়েন্টমেন্টে যেতে পারিনি।"),
        ("pl", "Mąż mnie bije i nie pozwala mi chodzić na wizyty."),
        ("ur", "mera shohar mujhe maarta hai, is liye main nahi aa saki"),
        ("bn", "amar shami amake mare, tai ami jete parini"),
    ],
)
def test_risk_words_in_urdu_bengali_and_polish_open_a_case(app, client, person, language, words):
    assert post_form(client, "/ideas/new", {**IDEA, "language": language, "what_happened": words, "what_should_change": ""}).status_code == 303
    [idea] = ideas_of(app, person.id)
    disclosure, case = case_of(app, idea)
    assert idea.status == IdeaStatus.held and disclosure.trigger == Trigger.lexicon and disclosure.text == words
    assert "domestic_abuse" in disclosure.detected and case.urgency == Urgency.same_day


def test_ordinary_feedback_in_those_languages_opens_no_case(app, client, person):
    for language, words in (("ur", "بس دیر سے آئی اور مجھے انتظار کرنا پڑا۔"), ("bn", "রিসেপশনের মানুষটি খুব ভালো ছিলেন।"), ("pl", "Czekałem dwie godziny na wizytę.")):
        post_form(client, "/ideas/new", {**IDEA, "language": language, "what_happened": words, "what_should_change": ""})
    assert all(case_of(app, idea) == (None, None) for idea in ideas_of(app, person.id))
    assert {idea.status for idea in ideas_of(app, person.id)} == {IdeaStatus.awaiting_translation}


@pytest.mark.parametrize("code", [code for code in LANGUAGES if code != "en"])
def test_the_safety_question_and_the_help_after_it_are_all_in_the_persons_language(app, client, person, code):
    english = english_messages(code)
    client.set_cookie(LANGUAGE_COOKIE, code)
    mistake = post_form(client, "/ideas/new", {**IDEA, "risk": "", "what_happened": "", "what_should_change": ""})
    assert english_left(parse(mistake.text), english) == []
    sent = post_form(client, "/ideas/new", {**IDEA, "risk": "danger_now", "what_happened": "", "what_should_change": ""})
    for url in (sent.headers["Location"], "/ideas/mine", "/ideas"):
        assert english_left(parse(client.get(url).text), english) == [], (code, url)
