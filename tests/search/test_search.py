"""Search across published ideas, proposals and changes, on SQLite and PostgreSQL: words found in
any language, including only in a human translation; nothing unpublished or in a sensitive
group shown to someone who may not see it; whatever is typed, never an error or echoed markup."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import SQLModel

from portal import migrate
from portal.changes import services as change_services
from portal.changes.models import Change, ChangeKind, ChangeStatus
from portal.content import services as content_services
from portal.db import make_engine, utc_now
from portal.extensions import db
from portal.groups import services as group_services
from portal.groups.models import Touchpoint
from portal.ideas import services as idea_services
from portal.ideas.models import HideReason, Idea, IdeaStatus
from portal.proposals import services as proposal_services
from portal.proposals.models import Eligibility, Method, Results
from portal.safeguarding.models import RiskAnswer, Trigger
from portal.search import queries
from portal.search.models import SearchEntry
from portal.web.i18n import LANGUAGE_COOKIE
from portal.web.permissions import Role
from tests.conftest import count_queries, make_app
from tests.factories import make_account, sign_in
from tests.pages import Page, text_of

WELSH = {"title": "Negeseuon cyn apwyntiadau", "said": "Roedd llythyrau'n hwyr."}
URDU = {"title": "پہلی ملاقات سے پہلے پیغام", "said": "خط دیر سے آئے۔"}
HOSTILE = [
    '"', "*", "NEAR(", "NEAR(letter clinic)", "letter OR clinic", "-letter", "'); DROP TABLE search_entry; --",
    "<script>alert(1)</script>", ":*", "&|!", "letter:*", "letter & !clinic", "^letter", "{letter}", "letter AND", "\\", "%_",
]


@pytest.fixture
def staff(db_app):
    return make_account(db_app, Role.staff)


def new_change(owner_id: uuid.UUID, *, title: str = "Texts before first appointments", said: str = "Letters came late.", group_id: uuid.UUID | None = None) -> Change:
    """A change recorded by staff (in the caller's app context)."""
    data = change_services.NewChange(
        title=title, said=said, did="We send a text a week before.", kind=ChangeKind.communication_standard, touchpoint=Touchpoint.first_contact,
        owner_team="Bookings team", group_id=group_id, review_on=None, idea_ids=[], proposal_ids=[],
    )
    return change_services.create_change(db.session, data=data, status=ChangeStatus.agreed, reason="", actor_id=owner_id)


def new_proposal(owner_id: uuid.UUID, group_id: uuid.UUID, title: str):
    data = proposal_services.NewProposal(
        title=title, summary="Open two evenings a week.", detail="", easy_read="", group_id=group_id, touchpoint=Touchpoint.follow_up,
        method=Method.support, options=[], eligibility=Eligibility.group_members, secret=False, results=Results.live,
        opens_at=utc_now() - timedelta(hours=1), closes_at=utc_now() + timedelta(days=7), idea_ids=[],
    )
    return proposal_services.create_proposal(db.session, data=data, actor_id=owner_id)


def new_group(owner_id: uuid.UUID, *, sensitive: bool = False):
    data = {"name": "Sensitive group" if sensitive else "Open group", "pathway": "Community therapy", "description": "For everyone.", "sensitive": sensitive}
    return group_services.create_group(db.session, data=data, actor_id=owner_id)


def share_idea(author_id: uuid.UUID, words: str, *, group_id: uuid.UUID | None = None, risk: RiskAnswer = RiskAnswer.no) -> Idea:
    return idea_services.submit_idea(
        db.session, author_id=author_id, touchpoint=Touchpoint.referral, what_happened=words, what_should_change="", language="en",
        risk_answer=risk, group_id=group_id,
    ).idea


def publish_idea(moderator_id: uuid.UUID, author_id: uuid.UUID, words: str, **kwargs) -> Idea:
    idea = share_idea(author_id, words, **kwargs)
    idea_services.moderate(db.session, idea=idea, decision="publish", moderator_id=moderator_id)
    return idea


def found(client, query: str, *, page: int = 1) -> list[str]:
    """The titles of the results for `query`, from a page that passes the page checks."""
    _response, document = Page(client).get("/search", query_string={"q": query, "page": page})
    return [text_of(link) for link in document.findall(".//ul[@class='portal-messages']//h3/a")]


def test_a_change_is_found_by_a_word_only_in_its_welsh_or_its_urdu_translation(db_app, staff):
    with db_app.app_context():
        change = new_change(staff.id)
        content_services.save_translations(db.session, subject=change, language="cy", texts=WELSH, actor_id=staff.id)
        content_services.save_translations(db.session, subject=change, language="ur", texts=URDU, actor_id=staff.id)
    reader = db_app.test_client()
    assert found(reader, "apwyntiadau") == ["Texts before first appointments"]
    assert found(reader, "ملاقات") == ["Texts before first appointments"]
    assert found(reader, "apwyn llythyr") == ["Texts before first appointments"]  # every word, each from its start
    assert found(reader, "apwyntiadau ملاقات") == []  # every word must match in one language
    reader.set_cookie(LANGUAGE_COOKIE, "ur")
    assert found(reader, "ملاقات") == [URDU["title"]]


def test_a_published_idea_and_a_proposal_are_found(db_app, staff):
    author = make_account(db_app)
    with db_app.app_context():
        group = new_group(staff.id)
        publish_idea(staff.id, author.id, "The referral letter never arrived at my house.")
        new_proposal(staff.id, group.id, "Evening clinics for working carers")
    reader = db_app.test_client()
    assert found(reader, "REFERRAL letter") == ["The referral letter never arrived at my house."]
    assert found(reader, "carer") == ["Evening clinics for working carers"]
    assert found(reader, "evening") == ["Evening clinics for working carers"]


def test_ideas_waiting_held_for_safeguarding_or_hidden_are_never_found(db_app, staff):
    author = make_account(db_app)
    with db_app.app_context():
        share_idea(author.id, "Waiting physiotherapy words")
        held = share_idea(author.id, "Held physiotherapy words, I am not safe at home", risk=RiskAnswer.yes_me)
        assert held.status == IdeaStatus.held
        shown = publish_idea(staff.id, author.id, "Published physiotherapy words")
    reader = db_app.test_client()
    assert found(reader, "physiotherapy") == ["Published physiotherapy words"]
    with db_app.app_context():
        idea = db.session.get(Idea, shown.id)
        idea_services.moderate(db.session, idea=idea, decision="hide", moderator_id=staff.id, reason=HideReason.off_topic)
    assert found(reader, "physiotherapy") == []


def test_an_idea_flagged_for_safeguarding_after_publishing_leaves_search_at_once(db_app, staff):
    author = make_account(db_app)
    with db_app.app_context():
        idea = publish_idea(staff.id, author.id, "Nobody answered the phone at the clinic")
        idea_services.flag_for_safeguarding(db.session, idea=idea, actor_id=staff.id, trigger=Trigger.moderator)
    assert found(db_app.test_client(), "nobody answered") == []


def test_an_update_statement_that_hides_ideas_takes_them_out_of_search(db_app, staff):
    author = make_account(db_app)
    with db_app.app_context():
        idea = publish_idea(staff.id, author.id, "The waiting room was cold")
        db.session.execute(sa.update(Idea).where(Idea.id == idea.id).values(status=IdeaStatus.hidden))
        db.session.commit()
    assert found(db_app.test_client(), "waiting room") == []


def test_removing_a_translation_removes_its_words_from_search(db_app, staff):
    with db_app.app_context():
        change = new_change(staff.id)
        content_services.save_translations(db.session, subject=change, language="ur", texts=URDU, actor_id=staff.id)
        assert found(db_app.test_client(), "ملاقات")
        content_services.save_translations(db.session, subject=db.session.get(Change, change.id), language="ur", texts={"title": "", "said": ""}, actor_id=staff.id)
    assert found(db_app.test_client(), "ملاقات") == []


def test_a_sensitive_groups_change_is_found_only_by_its_members_and_staff(db_app, staff):
    member, outsider = make_account(db_app), make_account(db_app)
    with db_app.app_context():
        group = new_group(staff.id, sensitive=True)
        group_services.join(db.session, group=group, account_id=member.id)
        new_change(staff.id, title="Quiet rooms for appointments", group_id=group.id)
    signed_out, as_outsider, as_member, as_staff = (db_app.test_client() for _ in range(4))
    sign_in(as_outsider, outsider)
    sign_in(as_member, member)
    sign_in(as_staff, staff)
    assert found(signed_out, "quiet rooms") == [] and found(as_outsider, "quiet rooms") == []
    assert found(as_member, "quiet rooms") == ["Quiet rooms for appointments"]
    assert found(as_staff, "quiet rooms") == ["Quiet rooms for appointments"]


def test_a_change_that_matches_in_several_languages_is_listed_once(db_app, staff):
    with db_app.app_context():
        change = new_change(staff.id, title="Clinic Caerdydd", said="Caerdydd")
        content_services.save_translations(db.session, subject=change, language="cy", texts={"title": "Clinig Caerdydd"}, actor_id=staff.id)
        content_services.save_translations(db.session, subject=change, language="pl", texts={"title": "Klinika Caerdydd"}, actor_id=staff.id)
        assert db.session.execute(sa.select(sa.func.count()).select_from(SearchEntry).where(SearchEntry.subject_id == change.id)).scalar_one() == 3
    assert found(db_app.test_client(), "caerdydd") == ["Clinic Caerdydd"]


def test_twenty_one_matches_make_a_second_page(db_app, staff):
    with db_app.app_context():
        for number in range(21):
            new_change(staff.id, title=f"Letters change {number}")
    reader = db_app.test_client()
    first = found(reader, "letters")
    _response, document = Page(reader).get("/search?q=letters")
    assert len(first) == 20 and document.find(".//nav[@class='portal-pager']/a[@href='/search?q=letters&page=2']") is not None
    second = found(reader, "letters", page=2)
    assert len(second) == 1 and set(first).isdisjoint(second)
    assert found(reader, "letters", page=3) == []


def test_a_page_of_results_costs_the_same_few_statements_however_many_it_shows(db_app, staff):
    author = make_account(db_app)
    with db_app.app_context():
        group = new_group(staff.id)
        for number in range(8):
            change = new_change(staff.id, title=f"Interpreters change {number}")
            content_services.save_translations(db.session, subject=change, language="ur", texts={"title": f"ترجمان {number}"}, actor_id=staff.id)
            new_proposal(staff.id, group.id, f"Interpreters proposal {number}")
        for number in range(4):
            publish_idea(staff.id, author.id, f"Interpreters idea {number}")
    reader = db_app.test_client()
    reader.set_cookie(LANGUAGE_COOKIE, "ur")
    reader.get("/search?q=interpreters")
    costs = []
    for query, shown in (("interpreters 1", 3), ("interpreters", 20)):  # one of each kind, then a full page
        with count_queries(db_app) as statements:
            assert len(found(reader, query)) == shown
        costs.append(len(statements))
    assert costs[0] == costs[1] <= 7  # the search, each kind, each kind's translations, the settings


def test_the_page_works_without_a_search_and_keeps_the_words_out_of_its_title(db_app):
    _response, document = Page(db_app.test_client()).get("/search")
    assert document.find(".//form[@method='get']//input[@name='q'][@type='search']") is not None
    assert "No results" not in text_of(document)
    _response, document = Page(db_app.test_client()).get("/search?q=secret+diagnosis")
    assert "secret" not in text_of(document.find(".//head/title"))
    assert "No results" in text_of(document)


def test_query_syntax_and_markup_are_only_words_and_never_an_error(db_app, staff):
    with db_app.app_context():
        new_change(staff.id, title="Letters before the clinic")
    reader = db_app.test_client()
    for query in HOSTILE:
        response = reader.get("/search", query_string={"q": query})
        assert response.status_code in (200, 422), (query, response.status_code)
        assert "<script>alert" not in response.text
        Page(reader).get("/search", status=response.status_code, query_string={"q": query})
    assert found(reader, "letter OR clinic") == []  # "or" is a word to find, not an operator, and no word here starts with it
    assert found(reader, '"letters" -clinic*') == ["Letters before the clinic"]
    assert found(reader, "NEAR(letters clinic)") == []
    with db_app.app_context():
        assert db.session.execute(sa.select(sa.func.count()).select_from(SearchEntry)).scalar_one() == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("x" * 10_000, "Use 200 characters or fewer"),
        ("one two three four five six seven eight nine", "Use 8 words or fewer"),
        ("?!* :: --", "Enter a word to search for"),
        ("letter\x00s", "Remove the characters we could not read"),
    ],
)
def test_searches_that_cannot_be_run_are_explained(app, query, message):
    response, document = Page(app.test_client()).get("/search", status=422, query_string={"q": query})
    assert message in text_of(document.find(".//div[@class='nhsuk-error-summary']"))
    assert document.find(".//input[@name='q']") is not None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=60))
def test_any_text_is_searched_without_error(db_app, text):
    with db_app.app_context():
        results, _has_next = queries.search(db.session, text, viewer_id=None, staff=False, page=1, per_page=5)
        assert results == []


@given(text=st.text())
def test_words_hold_only_letters_marks_and_digits(text):
    found = queries.words(text)
    assert all(word and all(queries._word_character(character) for character in word) for word in found)
    assert queries.fts5_query(found) == " ".join(f'"{word}"*' for word in found[:8])
    assert queries.tsquery(found) == " & ".join(f"'{word}':*" for word in found[:8])


def test_words_keep_scripts_with_combining_marks_whole():
    assert queries.words("ਮੁਲਾਕਾਤ, অ্যাপয়েন্টমেন্ট; مُلاقات! Café") == ["ਮੁਲਾਕਾਤ", "অ্যাপয়েন্টমেন্ট", "مُلاقات", "café"]
    assert queries.words("a a A") == ["a"]
    assert queries.words("\u0301\u0301 --") == []


def test_the_rebuild_command_writes_the_index_again(db_app, staff):
    with db_app.app_context():
        new_change(staff.id, title="Signs in the car park")
        db.session.execute(sa.delete(SearchEntry))
        db.session.commit()
    assert found(db_app.test_client(), "signs") == []
    result = db_app.test_cli_runner().invoke(args=["search", "rebuild"])
    assert result.exit_code == 0 and "search entries written: 1" in result.output
    assert found(db_app.test_client(), "signs") == ["Signs in the car park"]


def test_the_migration_fills_the_index_from_what_was_already_published(db_app, staff):
    author = make_account(db_app)
    with db_app.app_context():
        change = new_change(staff.id, title="Ramps at the health centre")
        content_services.save_translations(db.session, subject=change, language="ur", texts=URDU, actor_id=staff.id)
        publish_idea(staff.id, author.id, "Ramps are too steep")
        share_idea(author.id, "Ramps waiting for a moderator")
    engine = db_app.extensions["database"]
    migrate.downgrade(engine, "0d2346f42efa")
    migrate.upgrade(engine)
    reader = db_app.test_client()
    assert sorted(found(reader, "ramps")) == ["Ramps are too steep", "Ramps at the health centre"]
    assert found(reader, "ملاقات") == ["Ramps at the health centre"]


def test_a_database_made_from_the_models_alone_is_searchable(empty_database_url):
    engine = make_engine(empty_database_url)
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    app = make_app(empty_database_url)
    with app.app_context():
        db.session.add(Change(title="Bigger print on letters", said="Letters were hard to read.", kind=ChangeKind.information_material, owner_team="Letters team"))
        db.session.commit()
    assert found(app.test_client(), "print") == ["Bigger print on letters"]
    app.extensions["database"].dispose()
    engine = make_engine(empty_database_url)
    SQLModel.metadata.drop_all(engine)
    with engine.connect() as connection:
        assert not [name for name in sa.inspect(connection).get_table_names() if name.startswith("search_entry")]
    engine.dispose()
