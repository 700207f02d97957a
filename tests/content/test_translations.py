"""Human translations of group and meeting text: written beside the English, read in each language."""

from datetime import timedelta

import pytest
from sqlmodel import select

from portal.audit.models import AuditEntry
from portal.content import services
from portal.content.models import TRANSLATABLE, ContentTranslation, SubjectKind
from portal.content.services import ContentError
from portal.db import utc_now
from portal.extensions import db
from portal.groups import services as groups
from portal.groups.models import Group, GroupBase
from portal.meetings import services as meetings
from portal.meetings.models import Meeting, MeetingBase
from portal.web.i18n import LANGUAGE_COOKIE
from portal.web.permissions import Role
from tests.conftest import count_queries
from tests.factories import form_fields, make_account, post_form, sign_in
from tests.pages import text_of

GROUP = {
    "name": "First contact standard",
    "pathway": "Community mental health",
    "description": "We are writing a first contact standard together.\n\nEveryone is welcome.",
    "join_policy": "open",
    "who_runs_it": "Two peer workers and a nurse.",
    "easy_read": "We meet.\n\nWe talk.",
}
URDU_DESCRIPTION = "ہم مل کر پہلے رابطے کا معیار لکھ رہے ہیں۔"


def make_group(app, owner, **changes) -> Group:
    with app.app_context():
        return groups.create_group(db.session, data={**GROUP, **changes}, actor_id=owner.id)


def make_meeting(app, group, owner, **changes) -> Meeting:
    starts = utc_now() + timedelta(days=3)
    data = {"starts_at": starts, "ends_at": starts + timedelta(hours=1), "venue": "Riverside Library", "address": "1 High Street", "notes": "Tea is free.", **changes}
    with app.app_context():
        return meetings.create_meeting(db.session, group=db.session.get(Group, group.id), data=data, actor_id=owner.id)


def translate(app, subject, language, texts, actor):
    with app.app_context():
        fresh = db.session.get(type(subject), subject.id)
        return services.save_translations(db.session, subject=fresh, language=language, texts=texts, actor_id=actor.id)


@pytest.fixture
def staff(app):
    return make_account(app, Role.staff)


@pytest.fixture
def connector(app, client):
    person = make_account(app, Role.participant, Role.intermediary)
    sign_in(client, person)
    return person


def test_the_translatable_limits_match_the_originals():
    from portal.proposals.models import Proposal

    from portal.changes.models import Change

    for kind, model in ((SubjectKind.group, GroupBase), (SubjectKind.meeting, MeetingBase), (SubjectKind.proposal, Proposal), (SubjectKind.change, Change)):
        for field, limit in TRANSLATABLE[kind].items():
            lengths = [m.max_length for m in model.model_fields[field].metadata if hasattr(m, "max_length")]
            assert lengths == [limit], (kind, field)


def test_saving_translations_stores_changes_removes_empty_ones_and_is_audited(app, staff):
    group = make_group(app, staff)
    assert translate(app, group, "ur", {"name": "پہلا رابطہ", "description": URDU_DESCRIPTION}, staff) == 2
    assert translate(app, group, "ur", {"name": "پہلا رابطہ", "description": ""}, staff) == 1
    with app.app_context():
        rows = db.session.exec(select(ContentTranslation)).all()
        assert [(row.field, row.language, row.text) for row in rows] == [("name", "ur", "پہلا رابطہ")]
        assert rows[0].translated_by_id == staff.id
        actions = [entry.action for entry in db.session.exec(select(AuditEntry).where(AuditEntry.subject == group.id.hex))]
        assert actions.count("content.translate_group") == 2


@pytest.mark.parametrize(
    ("language", "texts", "code"),
    [
        ("en", {"name": "x"}, "unknown_language"),
        ("xx", {"name": "x"}, "unknown_language"),
        ("ur", {"join_policy": "open"}, "unknown_field"),
        ("ur", {"name": "x" * 121}, "too_long"),
    ],
)
def test_bad_translations_are_refused_with_a_reason(app, staff, language, texts, code):
    group = make_group(app, staff)
    with pytest.raises(ContentError) as refused:
        translate(app, group, language, texts, staff)
    assert refused.value.code == code


def test_a_connector_translates_a_group_beside_the_english(app, client, connector, staff, page):
    group = make_group(app, staff)
    _response, document = page.get(f"/groups/{group.id}/translations")
    assert "0 of 5 parts translated" in text_of(document.find(".//main"))
    _response, document = page.get(f"/groups/{group.id}/translations/ur")
    original = document.find(".//div[@id='description-original']/div")
    assert original.get("lang") == "en" and "first contact standard" in text_of(original)
    box = document.find(".//textarea[@id='description']")
    assert (box.get("lang"), box.get("dir")) == ("ur", "rtl")
    assert document.find(".//textarea[@id='what_happens']") is None  # nothing in English to translate
    response = post_form(client, f"/groups/{group.id}/translations/ur", {"description": URDU_DESCRIPTION, "name": ""})
    assert response.status_code == 303 and response.headers["Location"] == f"/groups/{group.id}/translations"
    _response, document = page.get(f"/groups/{group.id}/translations")
    assert "1 of 5 parts translated" in text_of(document.find(".//main"))


def test_a_changed_original_asks_for_the_translation_to_be_checked(app, client, connector, staff, page):
    group = make_group(app, staff)
    translate(app, group, "pl", {"description": "Piszemy razem standard pierwszego kontaktu."}, connector)
    with app.app_context():
        groups.update_group(db.session, group=db.session.get(Group, group.id), data={**GROUP, "description": "A new description."}, actor_id=staff.id)
    _response, document = page.get(f"/groups/{group.id}/translations")
    assert "1 to check: the English has changed" in text_of(document.find(".//main"))
    _response, document = page.get(f"/groups/{group.id}/translations/pl")
    assert document.find(".//div[@id='description-stale']") is not None


def test_over_long_text_is_explained_and_everything_typed_is_kept(app, client, connector, staff, page):
    group = make_group(app, staff)
    tokens = form_fields(client.get(f"/groups/{group.id}/translations/pl").text)
    too_long = "długo " * 30
    _response, document = page.post(
        f"/groups/{group.id}/translations/pl", data={**tokens, "name": too_long, "description": "Opis grupy."}, status=422
    )
    assert "Use 120 characters or fewer" in text_of(document.find(".//div[@class='nhsuk-error-summary']"))
    assert document.find(".//textarea[@id='name']").text.strip() == too_long.strip()
    assert document.find(".//textarea[@id='description']").text == "Opis grupy."
    assert document.find(".//title").text.startswith("Error:")
    with app.app_context():
        assert db.session.exec(select(ContentTranslation)).all() == []


def test_a_replayed_translation_form_is_recognised(app, client, connector, staff):
    group = make_group(app, staff)
    tokens = form_fields(client.get(f"/groups/{group.id}/translations/bn").text)
    data = {**tokens, "description": "আমরা একসাথে লিখছি।"}
    assert client.post(f"/groups/{group.id}/translations/bn", data=data).status_code == 303
    assert client.post(f"/groups/{group.id}/translations/bn", data=data).status_code == 409


def test_unknown_languages_and_forged_ids_are_404(app, client, connector, staff):
    group = make_group(app, staff)
    meeting = make_meeting(app, group, staff)
    for url in (
        f"/groups/{group.id}/translations/en",
        f"/groups/{group.id}/translations/xx",
        f"/groups/{group.id}/translations/UR",
        "/groups/00000000-0000-0000-0000-000000000000/translations",
        "/groups/00000000-0000-0000-0000-000000000000/translations/ur",
        "/groups/not-an-id/translations/ur",
        f"/meetings/{meeting.id}/translations/en",
        "/meetings/00000000-0000-0000-0000-000000000000/translations/ur",
        f"/meetings/{group.id}/translations",
    ):
        assert client.get(url).status_code == 404, url
    tokens = form_fields(client.get(f"/groups/{group.id}/translations/ur").text)
    assert client.post(f"/groups/{group.id}/translations/xx", data={**tokens, "name": "x"}).status_code == 404


def test_people_without_the_permission_cannot_translate(app, staff):
    group = make_group(app, staff)
    for role in (Role.participant, Role.safeguarding_lead, Role.commissioner):
        client = app.test_client()
        sign_in(client, make_account(app, role))
        assert client.get(f"/groups/{group.id}/translations/ur").status_code == 403
        assert client.post(f"/groups/{group.id}/translations/ur", data={"name": "x"}).status_code == 403
    anonymous = app.test_client()
    assert anonymous.get(f"/groups/{group.id}/translations/ur").status_code == 302
    with app.app_context():
        assert db.session.exec(select(ContentTranslation)).all() == []


def test_a_sensitive_groups_name_stays_out_of_translation_page_titles(app, staff, page, client):
    group = make_group(app, staff, name="Safe at home together", sensitive=True)
    translate(app, group, "ur", {"name": "گھر میں محفوظ"}, staff)
    sign_in(client, staff)
    for url in (f"/groups/{group.id}/translations", f"/groups/{group.id}/translations/ur"):
        _response, document = page.get(url)
        title = text_of(document.find(".//title"))
        assert "Safe at home" not in title and "A group" in title
    client.set_cookie(LANGUAGE_COOKIE, "ur")
    _response, document = page.get(f"/groups/{group.id}")
    assert "گھر میں محفوظ" not in text_of(document.find(".//title"))
    assert "گھر میں محفوظ" in text_of(document.find(".//h1"))
    # Intermediaries who are not members do not learn a sensitive group exists.
    outsider = app.test_client()
    sign_in(outsider, make_account(app, Role.participant, Role.intermediary))
    assert outsider.get(f"/groups/{group.id}/translations").status_code == 404


def test_readers_see_their_language_or_the_english_marked_as_not_translated(app, client, staff, page):
    group = make_group(app, staff)
    translate(app, group, "ur", {"description": URDU_DESCRIPTION, "name": "پہلا رابطہ معیار"}, staff)
    client.set_cookie(LANGUAGE_COOKIE, "ur")
    _response, document = page.get(f"/groups/{group.id}")
    main = document.find(".//main")
    assert text_of(document.find(".//h1")) == "پہلا رابطہ معیار"
    assert URDU_DESCRIPTION in text_of(main) and "Everyone is welcome" not in text_of(main)
    assert "پہلا رابطہ معیار" in text_of(document.find(".//title"))
    caption = document.find(".//main/span[@class='nhsuk-caption-l']/span")
    assert caption.get("lang") == "en" and text_of(caption) == "Community mental health"  # pathway not translated
    client.set_cookie(LANGUAGE_COOKIE, "bn")
    _response, document = page.get(f"/groups/{group.id}")
    english = document.find(".//main/div[@class='portal-translated']")
    assert english.get("lang") == "en" and "Everyone is welcome." in text_of(english)
    assert document.findall(".//main//span[@class='portal-untranslated']")
    client.set_cookie(LANGUAGE_COOKIE, "en")
    _response, document = page.get(f"/groups/{group.id}")
    assert document.findall(".//span[@class='portal-untranslated']") == []
    assert document.find(".//main/div[@class='portal-translated']").get("lang") is None


def test_what_to_expect_and_its_easy_read_version_are_shown_translated(app, client, staff, page):
    group = make_group(app, staff)
    translate(app, group, "pl", {"who_runs_it": "Dwóch pracowników i pielęgniarka.", "easy_read": "Spotykamy się.\n\nRozmawiamy."}, staff)
    client.set_cookie(LANGUAGE_COOKIE, "pl")
    _response, document = page.get(f"/groups/{group.id}/what-to-expect")
    assert "Dwóch pracowników i pielęgniarka." in text_of(document.find(".//main"))
    _response, document = page.get(f"/groups/{group.id}/what-to-expect?version=easy-read")
    easy = document.find(".//div[@class='portal-easy-read']")
    assert [text_of(p) for p in easy.findall("p")] == ["Spotykamy się.", "Rozmawiamy."] and easy.get("lang") is None


def test_a_meeting_is_translated_and_read_in_urdu(app, client, connector, staff, page):
    group = make_group(app, staff)
    meeting = make_meeting(app, group, staff)
    _response, document = page.get(f"/meetings/{meeting.id}")
    link = document.find(f".//a[@href='/meetings/{meeting.id}/translations']")
    assert link is not None
    _response, document = page.get(f"/meetings/{meeting.id}/translations/ur")
    assert {box.get("name") for box in document.iter("textarea")} == {"venue", "address", "notes"}
    response = post_form(client, f"/meetings/{meeting.id}/translations/ur", {"venue": "ریور سائیڈ لائبریری", "notes": "چائے مفت ہے۔"})
    assert response.status_code == 303
    reader = app.test_client()
    reader.set_cookie(LANGUAGE_COOKIE, "ur")
    html = reader.get(f"/meetings/{meeting.id}").text
    assert "ریور سائیڈ لائبریری" in html and "چائے مفت ہے۔" in html and "Tea is free." not in html
    assert '<span lang="en" dir="ltr">1 High Street</span>' in html  # the address is not translated yet


def test_participants_see_no_translate_links(app, client, staff, page):
    group = make_group(app, staff)
    sign_in(client, make_account(app))
    _response, document = page.get(f"/groups/{group.id}")
    assert document.find(f".//a[@href='/groups/{group.id}/translations']") is None


def test_the_group_list_reads_translations_in_one_query_however_many_groups(app, client, staff):
    app.config["PAGE_CACHE_ENTRIES"] = 0  # counted as rendered, not as kept for visitors
    make_group(app, staff)
    client.set_cookie(LANGUAGE_COOKIE, "ur")
    client.get("/groups")
    with count_queries(app) as few:
        client.get("/groups")
    for index in range(6):
        group = make_group(app, staff, name=f"Group number {index}")
        translate(app, group, "ur", {"name": f"گروپ نمبر {index}"}, staff)
    with count_queries(app) as many:
        response = client.get("/groups")
    assert "گروپ نمبر 5" in response.text
    assert len(many) == len(few)
    assert sum("content_translation" in statement for statement in many) == 1


@pytest.mark.parametrize("language", ["en", "ur"])
def test_every_translation_and_glossary_page_passes_the_page_checks(app, client, staff, page, language):
    from portal.content import services as content

    group = make_group(app, staff)
    meeting = make_meeting(app, group, staff)
    with app.app_context():
        entry = content.add_term(db.session, term="Referral", definition="When one service asks another to help you.", actor_id=staff.id)
    sign_in(client, staff)
    client.set_cookie(LANGUAGE_COOKIE, language)
    for url in (
        f"/groups/{group.id}/translations",
        f"/groups/{group.id}/translations/ar",
        f"/meetings/{meeting.id}/translations",
        f"/meetings/{meeting.id}/translations/pl",
        "/glossary",
        "/glossary/manage",
        "/glossary/new",
        f"/glossary/{entry.id}/edit",
        f"/glossary/{entry.id}/translations/bn",
        f"/glossary/{entry.id}/remove",
    ):
        _response, document = page.get(url)
        assert document.find(".//title").text.strip(), url
