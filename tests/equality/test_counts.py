"""The counts the evidence pack reads: raw, per code, with "not answered" as its own count, among
the people the caller chooses; on SQLite and PostgreSQL."""

import sqlalchemy as sa

from portal.accounts.models import Account
from portal.equality import queries
from portal.equality.models import NOT_ANSWERED, PREFER_NOT_TO_SAY, Ethnicity, Question
from portal.extensions import db
from tests.conftest import count_queries
from tests.equality.helpers import give, make_cohort
from tests.factories import make_account


def people(app, count):
    return [make_account(app).id for _ in range(count)]


def among(ids) -> sa.Select:
    return sa.select(Account.id).where(Account.id.in_(ids))


def test_each_code_is_counted_among_the_chosen_people_with_not_answered_apart(db_app):
    roma, roma_too, declined, skipped, never, outsider = people(db_app, 6)
    give(db_app, roma, ethnicity="white_roma", sex="female")
    give(db_app, roma_too, ethnicity="white_roma")
    give(db_app, declined, ethnicity=PREFER_NOT_TO_SAY)
    give(db_app, skipped, sex="male")
    give(db_app, outsider, ethnicity="asian_indian")
    with db_app.app_context():
        with count_queries(db_app) as statements:
            counts = queries.breakdown(db.session, Question.ethnicity, among([roma, roma_too, declined, skipped, never]))
    assert len(statements) == 1
    assert list(counts) == [code.value for code in Ethnicity] + [NOT_ANSWERED]
    assert {code: count for code, count in counts.items() if count} == {"white_roma": 2, PREFER_NOT_TO_SAY: 1, NOT_ANSWERED: 2}


def test_without_a_list_everyone_with_an_account_is_counted(db_app):
    female, unanswered = people(db_app, 2)
    give(db_app, female, sex="female")
    with db_app.app_context():
        counts = queries.breakdown(db.session, Question.sex, None)
    assert counts == {"female": 1, "male": 0, PREFER_NOT_TO_SAY: 0, NOT_ANSWERED: 1}


def test_a_person_listed_twice_is_counted_once(db_app):
    carer, other = people(db_app, 2)
    give(db_app, carer, carer="yes")
    twice = sa.union_all(sa.select(Account.id).where(Account.id == carer), sa.select(Account.id).where(Account.id.in_([carer, other])))
    with db_app.app_context():
        counts = queries.breakdown(db.session, "carer", sa.select(twice.subquery().c[0]))
    assert counts == {"yes": 1, "no": 0, PREFER_NOT_TO_SAY: 0, NOT_ANSWERED: 1}


def test_counts_come_back_raw_for_the_caller_to_suppress(db_app):
    [only] = people(db_app, 1)
    give(db_app, only, religion="sikh")
    with db_app.app_context():
        assert queries.breakdown(db.session, Question.religion, among([only]))["sikh"] == 1


def test_each_cohort_is_counted_with_none_prefer_not_and_not_answered_apart(db_app):
    carers = make_cohort(db_app, "Carers")
    deprived = make_cohort(db_app, "Most deprived 20%")
    both, carer, none, declined, skipped, never = people(db_app, 6)
    give(db_app, both, cohorts="chosen", cohort_ids=[carers, deprived])
    give(db_app, carer, cohorts="chosen", cohort_ids=[carers])
    give(db_app, none, cohorts="none_of_these")
    give(db_app, declined, cohorts=PREFER_NOT_TO_SAY)
    give(db_app, skipped, sex="male")
    with db_app.app_context():
        with count_queries(db_app) as statements:
            counts = queries.cohort_breakdown(db.session, among([both, carer, none, declined, skipped, never]))
    assert len(statements) == 1
    assert counts == {carers: 2, deprived: 1, "none_of_these": 1, PREFER_NOT_TO_SAY: 1, NOT_ANSWERED: 2}


def test_people_whose_only_cohort_was_deleted_are_counted_apart(db_app):
    gone = make_cohort(db_app, "A cohort the plan dropped")
    [person] = people(db_app, 1)
    give(db_app, person, cohorts="chosen", cohort_ids=[gone])
    with db_app.app_context():
        db.session.execute(sa.text("DELETE FROM plan_cohort"))
        db.session.commit()
        counts = queries.cohort_breakdown(db.session, None)
    assert counts == {"chosen": 1, "none_of_these": 0, PREFER_NOT_TO_SAY: 0, NOT_ANSWERED: 0}
