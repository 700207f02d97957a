"""The agreed-terms glossary: kept by connectors and staff, read by everyone, linked from content."""

import pytest
from markupsafe import Markup
from sqlmodel import select

from portal.audit.models import AuditEntry
from portal.content import services
from portal.content.linking import link_terms
from portal.content.models import GlossaryTerm, GlossaryTranslation
from portal.content.services import ContentError
from portal.extensions import db
from portal.groups import services as groups
from portal.web.i18n import LANGUAGE_COOKIE
from portal.web.permissions import Role
from tests.conftest import count_queries
from tests.factories import form_fields, make_account, post_form, sign_in
from tests.pages import text_of

TERMS = [("referral", "referral"), ("co-production", "co-production"), ("care plan", "care-plan"), ("care", "care")]


def href(slug: str) -> str:
    return f"/glossary#term-{slug}"


def add_term(app, actor, term="Referral", definition="When one service asks another to help you."):
    with app.app_context():
        return services.add_term(db.session, term=term, definition=definition, actor_id=actor.id)


def translate_term(app, actor, entry, language, term, definition):
    with app.app_context():
        return services.translate_term(db.session, entry=db.session.get(GlossaryTerm, entry.id), language=language, term=term, definition=definition, actor_id=actor.id)


@pytest.fixture
def connector(app, client):
    person = make_account(app, Role.participant, Role.intermediary)
    sign_in(client, person)
    return person


def test_a_term_is_linked_once_as_a_whole_word_whatever_its_case():
    linked = link_terms("Your Referral comes first. Another referral follows.", TERMS, href)
    assert isinstance(linked, Markup)
    assert linked == 'Your <a class="portal-glossary-link" href="/glossary#term-referral" hx-boost="false">Referral</a> comes first. Another referral follows.'


def test_a_term_inside_another_word_is_not_linked():
    assert "<a" not in link_terms("Self-referrals and carers and preferral.", [("referral", "referral"), ("care", "care")], href)
    assert "<a" not in link_terms("প্রেফারেলটি", [("রেফারেল", "referral")], href)  # a Bengali vowel sign continues the word


def test_the_longest_term_wins_and_each_is_linked_once():
    linked = link_terms("A care plan, then care, then care again.", TERMS, href)
    assert linked.count('href="/glossary#term-care-plan"') == 1 and linked.count('href="/glossary#term-care"') == 1
    assert linked.count("<a ") == 2


def test_content_stays_escaped_around_and_inside_links():
    linked = link_terms('<script>alert("x")</script> & a referral <b>here</b>', TERMS, href)
    assert "<script>" not in linked and "&lt;script&gt;" in linked and "&amp;" in linked and "&lt;b&gt;" in linked
    assert '<a class="portal-glossary-link" href="/glossary#term-referral" hx-boost="false">referral</a>' in linked
    tricky = link_terms("x", [('"><script>', "evil")], href)
    assert tricky == "x"
    assert link_terms('a "><script> b', [('"><script>', "evil")], lambda slug: '"><script>')
    assert "<script>" not in link_terms('a "><script> b', [('"><script>', "evil")], lambda slug: '"><script>')


def test_terms_in_urdu_are_linked_in_urdu_text():
    linked = link_terms("آپ کا ریفرل آ گیا ہے", [("ریفرل", "referral")], href)
    assert '<a class="portal-glossary-link" href="/glossary#term-referral" hx-boost="false">ریفرل</a>' in linked


def test_a_paragraph_set_links_a_term_once_across_paragraphs():
    done: set[str] = set()
    first = link_terms("A referral.", TERMS, href, done)
    second = link_terms("Another referral.", TERMS, href, done)
    assert "<a" in first and "<a" not in second


def test_terms_are_added_changed_translated_and_removed_with_an_audit_trail(app):
    staff = make_account(app, Role.staff)
    entry = add_term(app, staff, term="Co-production")
    assert entry.slug == "co-production"
    with pytest.raises(ContentError) as refused:
        add_term(app, staff, term="co production")
    assert refused.value.code == "duplicate_term"
    translate_term(app, staff, entry, "ur", "مشترکہ تیاری", "سروس اور لوگ مل کر فیصلے کرتے ہیں۔")
    with pytest.raises(ContentError) as refused:
        translate_term(app, staff, entry, "pl", "Współtworzenie", "")
    assert refused.value.code == "both_needed"
    with pytest.raises(ContentError):
        translate_term(app, staff, entry, "en", "x", "y")
    with app.app_context():
        services.change_term(db.session, entry=db.session.get(GlossaryTerm, entry.id), term="Coproduction", definition="Working together.", actor_id=staff.id)
        assert db.session.get(GlossaryTerm, entry.id).slug == "coproduction"
        services.remove_term(db.session, entry=db.session.get(GlossaryTerm, entry.id), actor_id=staff.id)
        assert db.session.exec(select(GlossaryTranslation)).all() == []
        actions = [e.action for e in db.session.exec(select(AuditEntry).where(AuditEntry.subject == entry.id.hex))]
    assert actions == ["glossary.add_term", "glossary.translate_term", "glossary.change_term", "glossary.remove_term"]


def test_everyone_reads_the_glossary_in_their_language_alphabetically(app, client, page):
    staff = make_account(app, Role.staff)
    discharge = add_term(app, staff, term="Discharge", definition="When the service stops seeing you.")
    referral = add_term(app, staff)
    add_term(app, staff, term="Advocate", definition="Someone who speaks up for you.")
    translate_term(app, staff, referral, "ur", "ریفرل", "جب ایک سروس دوسری سروس سے آپ کی مدد کرنے کو کہتی ہے۔")
    _response, document = page.get("/glossary")
    assert [text_of(dt) for dt in document.iter("dt")] == ["Advocate", "Discharge", "Referral"]
    assert document.find(".//dt[@id='term-discharge']") is not None
    assert document.findall(".//span[@class='portal-untranslated']") == []
    client.set_cookie(LANGUAGE_COOKIE, "ur")
    _response, document = page.get("/glossary")
    terms = list(document.iter("dt"))
    assert [text_of(dt) for dt in terms] == ["Advocate", "Discharge", "ریفرل"]
    assert [dt.get("lang") for dt in terms] == ["en", "en", None]
    assert len(document.findall(".//span[@class='portal-untranslated']")) == 2
    assert document.find(f".//dt[@id='term-{discharge.slug}']").get("lang") == "en"


def test_the_glossary_page_reads_the_glossary_once(app, client):
    staff = make_account(app, Role.staff)
    for number in range(5):
        add_term(app, staff, term=f"Term {number}", definition="Means something.")
    client.get("/glossary")
    with count_queries(app) as statements:
        client.get("/glossary")
    assert sum("glossary_term" in statement for statement in statements) == 1


def test_glossary_terms_in_group_text_link_to_their_meaning_in_the_readers_language(app, client, page):
    staff = make_account(app, Role.staff)
    referral = add_term(app, staff)
    translate_term(app, staff, referral, "ur", "ریفرل", "جب ایک سروس دوسری سروس سے مدد مانگتی ہے۔")
    with app.app_context():
        group = groups.create_group(
            db.session,
            data={"name": "Referral group", "pathway": "Community mental health", "description": "After your referral <script>alert(1)</script> we call you.", "join_policy": "open"},
            actor_id=staff.id,
        )
    response, document = page.get(f"/groups/{group.id}")
    links = [a for a in document.iter("a") if a.get("href") == "/glossary#term-referral"]
    assert [text_of(a) for a in links] == ["referral"]  # not in the heading, once in the text
    assert "<script>alert(1)</script>" not in response.text and "&lt;script&gt;" in response.text
    with app.app_context():
        from portal.content.services import save_translations
        from portal.groups.models import Group

        save_translations(db.session, subject=db.session.get(Group, group.id), language="ur", texts={"description": "آپ کے ریفرل کے بعد ہم آپ کو فون کریں گے۔"}, actor_id=staff.id)
    client.set_cookie(LANGUAGE_COOKIE, "ur")
    _response, document = page.get(f"/groups/{group.id}")
    assert [text_of(a) for a in document.iter("a") if a.get("href") == "/glossary#term-referral"] == ["ریفرل"]
    client.set_cookie(LANGUAGE_COOKIE, "pl")  # not translated into Polish: the English is linked
    _response, document = page.get(f"/groups/{group.id}")
    assert [text_of(a) for a in document.iter("a") if a.get("href") == "/glossary#term-referral"] == ["referral"]


def test_a_connector_adds_translates_changes_and_removes_a_term(app, client, connector, page):
    _response, document = page.get("/glossary/manage")
    response = post_form(client, "/glossary/new", {"term": "Discharge", "definition": "When the service stops seeing you."})
    assert response.status_code == 303
    with app.app_context():
        entry = db.session.exec(select(GlossaryTerm)).one()
    _response, document = page.get(f"/glossary/{entry.id}/translations/ur")
    assert document.find(".//input[@id='term']").get("dir") == "rtl"
    assert text_of(document.find(".//div[@id='term-original']/div")) == "Discharge"
    response = post_form(client, f"/glossary/{entry.id}/translations/ur", {"term": "ڈسچارج", "definition": "جب سروس آپ کو دیکھنا بند کر دیتی ہے۔"})
    assert response.status_code == 303
    response = post_form(client, f"/glossary/{entry.id}/edit", {"term": "Discharge", "definition": "When a service finishes your care."})
    assert response.status_code == 303
    _response, document = page.get("/glossary/manage")
    assert "When a service finishes your care." in text_of(document.find(".//main"))
    response = post_form(client, f"/glossary/{entry.id}/translations/ur", {"term": "", "definition": ""})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.exec(select(GlossaryTranslation)).all() == []
    _response, document = page.get(f"/glossary/{entry.id}/remove")
    response = post_form(client, f"/glossary/{entry.id}/remove", {})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.exec(select(GlossaryTerm)).all() == []
    assert client.get(f"/glossary/{entry.id}/edit").status_code == 404


def test_glossary_form_mistakes_are_explained_and_kept(app, client, connector, page):
    add_term(app, connector)
    tokens = form_fields(client.get("/glossary/new").text)
    _response, document = page.post("/glossary/new", data={**tokens, "term": "", "definition": "x" * 501}, status=422)
    summary = text_of(document.find(".//div[@class='nhsuk-error-summary']"))
    assert "Enter the term" in summary and "Use 500 characters or fewer" in summary
    assert document.find(".//textarea[@id='definition']").text == "x" * 501
    tokens = form_fields(client.get("/glossary/new").text)
    _response, document = page.post("/glossary/new", data={**tokens, "term": "REFERRAL", "definition": "Again."}, status=422)
    assert "already in the glossary" in text_of(document.find(".//main"))
    assert document.find(".//input[@id='term']").get("value") == "REFERRAL"


def test_a_half_filled_translation_is_explained(app, client, connector, page):
    entry = add_term(app, connector)
    tokens = form_fields(client.get(f"/glossary/{entry.id}/translations/pl").text)
    _response, document = page.post(f"/glossary/{entry.id}/translations/pl", data={**tokens, "term": "Skierowanie", "definition": ""}, status=422)
    assert "Enter both the term and what it means" in text_of(document.find(".//main"))
    assert document.find(".//input[@id='term']").get("value") == "Skierowanie"


def test_glossary_management_is_for_connectors_staff_and_admins_only(app):
    entry = add_term(app, make_account(app, Role.staff))
    for role in (Role.participant, Role.safeguarding_lead, Role.commissioner):
        client = app.test_client()
        sign_in(client, make_account(app, role))
        assert client.get("/glossary").status_code == 200
        for url in ("/glossary/manage", "/glossary/new", f"/glossary/{entry.id}/edit", f"/glossary/{entry.id}/remove", f"/glossary/{entry.id}/translations/ur"):
            assert client.get(url).status_code == 403, (role, url)
        assert client.post(f"/glossary/{entry.id}/remove").status_code == 403
    with app.app_context():
        assert db.session.get(GlossaryTerm, entry.id) is not None


def test_unknown_terms_and_languages_are_404(app, client, connector):
    entry = add_term(app, connector)
    for url in (
        "/glossary/00000000-0000-0000-0000-000000000000/edit",
        "/glossary/00000000-0000-0000-0000-000000000000/translations/ur",
        "/glossary/not-an-id/edit",
        f"/glossary/{entry.id}/translations/en",
        f"/glossary/{entry.id}/translations/klingon",
    ):
        assert client.get(url).status_code == 404, url


def test_a_replayed_glossary_form_is_recognised(app, client, connector):
    tokens = form_fields(client.get("/glossary/new").text)
    data = {**tokens, "term": "Advocate", "definition": "Someone who speaks up for you."}
    assert client.post("/glossary/new", data=data).status_code == 303
    assert client.post("/glossary/new", data=data).status_code == 409


def test_a_page_with_several_linked_texts_reads_the_glossary_once(app, client):
    staff = make_account(app, Role.staff)
    add_term(app, staff, term="Facilitator", definition="The person who runs the meetings.")
    with app.app_context():
        group = groups.create_group(
            db.session,
            data={
                "name": "Carers group",
                "pathway": "Community therapy",
                "description": "Ask the facilitator.",
                "who_runs_it": "A facilitator.",
                "what_happens": "The facilitator makes tea.",
                "how_information_is_used": "The facilitator keeps notes.",
                "adjustments": "Tell the facilitator.",
            },
            actor_id=staff.id,
        )
    client.get(f"/groups/{group.id}/what-to-expect")
    with count_queries(app) as statements:
        html = client.get(f"/groups/{group.id}/what-to-expect").text
    assert html.count('href="/glossary#term-facilitator"') == 4
    assert sum("glossary_term" in statement for statement in statements) == 1
