"""A person gives, changes and withdraws their own equality answers; every question is optional
and has "Prefer not to say"; forged answers are refused and nothing is saved."""

import pytest
import sqlalchemy as sa
from sqlmodel import select

from portal.accounts.models import Account
from portal.audit.models import AuditEntry
from portal.equality.labels import ANSWER_NAMES, ETHNIC_HEADINGS
from portal.equality.models import PREFER_NOT_TO_SAY, EqualityAnswer, EqualityCohort, Ethnicity, Question
from portal.extensions import db
from portal.web.permissions import Role
from tests.equality.helpers import give, make_cohort
from tests.factories import form_fields, make_account, post_form, sign_in
from tests.pages import Page, text_of

URL = "/account/equality"
CENSUS_2021_ETHNIC_GROUPS = {
    "Asian or Asian British": ["Bangladeshi", "Chinese", "Indian", "Pakistani", "Any other Asian background"],
    "Black, Black British, Caribbean or African": ["African", "Caribbean", "Any other Black, Black British or Caribbean background"],
    "Mixed or multiple ethnic groups": ["White and Asian", "White and Black African", "White and Black Caribbean", "Any other Mixed or multiple ethnic background"],
    "White": ["English, Welsh, Scottish, Northern Irish or British", "Irish", "Gypsy or Irish Traveller", "Roma", "Any other White background"],
    "Other ethnic group": ["Arab", "Any other ethnic group"],
}


@pytest.fixture
def person(app, client):
    someone = make_account(app)
    sign_in(client, someone)
    return someone


def stored(app, account_id):
    """The account's answer row and its cohort ids (None, set() when nothing is kept)."""
    with app.app_context():
        row = db.session.get(EqualityAnswer, account_id)
        cohorts = set(db.session.exec(select(EqualityCohort.cohort_id).where(EqualityCohort.account_id == account_id)))
        if row is not None:
            db.session.expunge(row)
        return row, cohorts


def test_the_ethnic_groups_are_the_19_of_the_2021_census_under_their_five_headings(app):
    with app.test_request_context():
        written = {str(heading): [str(ANSWER_NAMES[Question.ethnicity][code]) for code in codes] for heading, codes in ETHNIC_HEADINGS}
    assert written == CENSUS_2021_ETHNIC_GROUPS
    assert sum(len(codes) for _heading, codes in ETHNIC_HEADINGS) == 19 == len(Ethnicity) - 1


def test_the_page_explains_why_we_ask_and_every_question_can_be_left_out_or_declined(app, client, person):
    make_cohort(app, "Carers (fictional)")
    response, document = Page(client).get(URL)
    text = text_of(document)
    assert "see whether this service works for everyone" in text
    assert "groups of at least 8 people" in text and "round the numbers" in text
    assert "never see them" in text and "change your answers or withdraw them at any time" in text
    legends = [text_of(legend) for legend in document.iter("legend")]
    assert legends[0] == "What is your ethnic group?" and legends[-1] == "Do any of these describe you?"
    assert len(legends) == len(Question) + 1
    assert response.text.count(">Prefer not to say</label>") == len(Question) + 1
    for heading, names in CENSUS_2021_ETHNIC_GROUPS.items():
        assert heading in text and all(f">{name}</label>" in response.text for name in names)
    assert ">Carers (fictional)</label>" in response.text


def test_answers_are_stored_as_codes_and_shown_again_to_change(app, client, person):
    carers = make_cohort(app, "Carers")
    response = post_form(client, URL, {"ethnicity": "white_irish", "age_band": "25_34", "religion": "no_religion", "carer": "yes", "cohorts": [str(carers)]})
    assert response.status_code == 303 and response.headers["Location"] == URL
    row, cohorts = stored(app, person.id)
    assert (row.ethnicity, row.age_band, row.religion, row.carer, row.cohorts) == ("white_irish", "25_34", "no_religion", "yes", "chosen")
    assert (row.sex, row.gender_identity, row.disability, row.sexual_orientation) == (None, None, None, None)
    assert cohorts == {carers}
    page = client.get(URL).text
    assert "Your answers have been saved" in page
    assert 'value="white_irish" checked' in page and f'value="{carers}" checked' in page
    assert "You last saved your answers on" in page

    response = post_form(client, URL, {"ethnicity": "white_irish", "age_band": "35_44", "cohorts": ["none_of_these"]})
    assert response.status_code == 303
    row, cohorts = stored(app, person.id)
    assert (row.age_band, row.religion, row.cohorts, cohorts) == ("35_44", None, "none_of_these", set())


def test_prefer_not_to_say_is_kept_apart_from_not_answering(app, client, person):
    assert post_form(client, URL, {"sex": PREFER_NOT_TO_SAY, "cohorts": [PREFER_NOT_TO_SAY]}).status_code == 303
    row, _cohorts = stored(app, person.id)
    assert row.sex == PREFER_NOT_TO_SAY and row.cohorts == PREFER_NOT_TO_SAY
    assert row.ethnicity is None and row.carer is None


def test_sending_no_answers_at_all_keeps_nothing(app, client, person):
    response = post_form(client, URL, {})
    assert response.status_code == 303
    assert stored(app, person.id) == (None, set())
    assert "we have kept nothing" in client.get(URL).text


def test_a_mistake_keeps_what_was_chosen_and_saves_nothing(app, client, person):
    carers = make_cohort(app, "Carers")
    response = post_form(client, URL, {"ethnicity": "asian_chinese", "carer": "no", "cohorts": [str(carers), PREFER_NOT_TO_SAY]})
    assert response.status_code == 422
    assert "“Prefer not to say” on its own" in response.text
    assert 'value="asian_chinese" checked' in response.text and 'value="no" checked' in response.text
    assert f'value="{carers}" checked' in response.text
    assert stored(app, person.id) == (None, set())


@pytest.mark.parametrize(
    ("forged", "message"),
    [
        ({"ethnicity": "martian"}, "Choose one of the answers shown, or leave this question out"),
        ({"sex": "prefer_not"}, "Choose one of the answers shown, or leave this question out"),
        ({"cohorts": ["00000000-0000-0000-0000-000000000000"]}, "Choose from the groups shown"),
        ({"cohorts": ["inactive"]}, "Choose from the groups shown"),
        ({"account_id": "other"}, "This form was changed before it was sent, so nothing was saved"),
    ],
)
def test_forged_answers_are_refused_with_a_clear_message_and_nothing_is_saved(app, client, person, forged, message):
    other = make_account(app)
    give(app, other.id, religion="jewish")
    retired = make_cohort(app, "A cohort the plan no longer uses", active=False)
    data = {"religion": "sikh", **forged}
    if data.get("cohorts") == ["inactive"]:
        data["cohorts"] = [str(retired)]
    if data.get("account_id") == "other":
        data["account_id"] = str(other.id)
    response = post_form(client, URL, data)
    assert response.status_code == 422
    assert message in response.text
    assert 'value="sikh" checked' in response.text
    assert stored(app, person.id) == (None, set())
    assert stored(app, other.id)[0].religion == "jewish"


def test_a_form_sent_twice_is_saved_once(app, client, person):
    tokens = form_fields(client.get(URL).text)
    assert client.post(URL, data={**tokens, "disability": "not_limited"}).status_code == 303
    assert client.post(URL, data={**tokens, "disability": "limited_a_lot"}).status_code == 409
    assert stored(app, person.id)[0].disability == "not_limited"


def test_withdrawing_deletes_every_answer_at_once_and_says_so(app, client, person):
    carers = make_cohort(app, "Carers")
    give(app, person.id, cohorts="chosen", cohort_ids=[carers], ethnicity="black_african")
    page = client.get(URL).text
    assert 'href="/account/equality/withdraw"' in page
    confirm = client.get("/account/equality/withdraw")
    assert confirm.status_code == 200 and "deletes all your answers" in confirm.text
    assert stored(app, person.id)[0] is not None
    response = post_form(client, "/account/equality/withdraw", {})
    assert response.status_code == 303 and response.headers["Location"] == URL
    assert stored(app, person.id) == (None, set())
    page = client.get(URL).text
    assert "Your equality answers have been deleted" in page
    assert "checked" not in page.split("<form method=\"post\" action=\"/account/equality\"")[1]
    assert "nothing to delete" in post_form(client, "/account/equality/withdraw", {}, follow_redirects=True).text


def test_the_log_records_that_answers_changed_but_never_what_they_were(app, client, person):
    post_form(client, URL, {"religion": "buddhist"})
    post_form(client, "/account/equality/withdraw", {})
    with app.app_context():
        entries = db.session.exec(select(AuditEntry).where(AuditEntry.action.like("equality.%")).order_by(AuditEntry.seq)).all()
        assert [(entry.action, entry.subject, entry.actor) for entry in entries] == [
            ("equality.answer", person.id.hex, person.id.hex),
            ("equality.withdraw", person.id.hex, person.id.hex),
        ]
        assert not db.session.exec(select(AuditEntry).where(sa.or_(AuditEntry.action.like("%buddhist%"), AuditEntry.subject_kind.like("%buddhist%")))).all()


def test_only_active_cohorts_are_offered_by_their_names_as_written(app, client, person):
    make_cohort(app, "People in the most deprived 20% of areas")
    make_cohort(app, "Retired cohort", active=False)
    page = client.get(URL).text
    assert "People in the most deprived 20% of areas" in page and "Retired cohort" not in page


def test_without_active_cohorts_the_cohort_question_is_not_asked(app, client, person):
    _response, document = Page(client).get(URL)
    assert "Do any of these describe you?" not in text_of(document)


def test_the_account_page_links_to_the_questions_without_showing_the_answers(app, client, person):
    give(app, person.id, religion="sikh")
    page = client.get("/account").text
    assert f'href="{URL}"' in page and "Sikh" not in page


@pytest.mark.parametrize("role", list(Role))
def test_everyone_signed_in_may_answer_for_themselves(app, client, role):
    someone = make_account(app, role)
    sign_in(client, someone)
    assert post_form(client, URL, {"carer": "no"}).status_code == 303
    assert stored(app, someone.id)[0].carer == "no"


def test_deleting_an_account_deletes_its_answers(db_app):
    someone = make_account(db_app)
    carers = make_cohort(db_app, "Carers")
    give(db_app, someone.id, cohorts="chosen", cohort_ids=[carers], sex="female")
    with db_app.app_context():
        db.session.delete(db.session.get(Account, someone.id))
        db.session.commit()
    assert stored(db_app, someone.id) == (None, set())


def test_deleting_a_cohort_from_the_plan_removes_it_from_answers(db_app):
    someone = make_account(db_app)
    carers = make_cohort(db_app, "Carers")
    give(db_app, someone.id, cohorts="chosen", cohort_ids=[carers])
    with db_app.app_context():
        db.session.execute(sa.text("DELETE FROM plan_cohort"))
        db.session.commit()
    row, cohorts = stored(db_app, someone.id)
    assert row.cohorts == "chosen" and cohorts == set()
