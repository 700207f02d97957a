"""The migration that lets paid claims outlive their account keeps every claim and receipt, on
SQLite (where the claim table is rebuilt) and PostgreSQL, and comes down again."""

import uuid

import sqlalchemy as sa

from portal import migrate
from portal.db import make_engine

BEFORE, KEEP_PAID_CLAIMS = "08d3276a21aa", "d7c2a9e5f1b3"
RECEIPT = b"\x89PNG\r\n\x1a\nkept"


def _id(engine: sa.Engine, value: uuid.UUID):
    return value.hex if engine.dialect.name == "sqlite" else value


def _claim_with_receipt(engine: sa.Engine) -> uuid.UUID:
    account_id, group_id, meeting_id, claim_id = (uuid.uuid4() for _ in range(4))
    ids = {name: _id(engine, value) for name, value in (("account", account_id), ("group", group_id), ("meeting", meeting_id), ("claim", claim_id))}
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO account (id, pseudonym, pseudonym_key, password_hash, created_at, age_confirmed_at, "
                "listed_to_members, needs_interpreter, needs_easy_read, needs_large_print, needs_bsl) "
                "VALUES (:account, :name, :name, 'x', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, false, false, false, false, false)"
            ),
            {**ids, "name": f"claimant{account_id.hex[:8]}"},
        )
        connection.execute(
            sa.text(
                "INSERT INTO co_group (id, name, pathway, touchpoints, description, languages, join_policy, sensitive, who_runs_it, "
                "what_happens, how_information_is_used, adjustments, easy_read, created_at, moderation) "
                "VALUES (:group, 'Letters', 'Therapy', '[]', '', '[]', 'open', false, '', '', '', '', '', CURRENT_TIMESTAMP, 'pre')"
            ),
            ids,
        )
        connection.execute(
            sa.text(
                "INSERT INTO meeting (id, group_id, starts_at, ends_at, format, venue, address, online_details, step_free, hearing_loop, "
                "accessible_toilet, near_public_transport, languages, offers_interpreter, offers_travel, offers_care_cover, offers_payment, "
                "notes, created_at, headcount_without_account) "
                "VALUES (:meeting, :group, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'in_person', 'Hall', '', '', false, false, false, false, '', "
                "false, true, false, false, '', CURRENT_TIMESTAMP, 0)"
            ),
            ids,
        )
        connection.execute(
            sa.text(
                "INSERT INTO claim (id, meeting_id, account_id, kind, amount_pence, details, status, created_at, decision_note) "
                "VALUES (:claim, :meeting, :account, 'travel', 1250, 'Two buses', 'approved', CURRENT_TIMESTAMP, '')"
            ),
            ids,
        )
        connection.execute(
            sa.text("INSERT INTO claim_receipt (claim_id, content_type, content, uploaded_at) VALUES (:claim, 'image/png', :content, CURRENT_TIMESTAMP)"),
            {**ids, "content": RECEIPT},
        )
    return claim_id


def _claims(engine: sa.Engine) -> list[tuple]:
    with engine.connect() as connection:
        return connection.execute(
            sa.text("SELECT claim.amount_pence, claim.details, claim_receipt.content FROM claim LEFT JOIN claim_receipt ON claim_receipt.claim_id = claim.id")
        ).all()


def _account_nullable(engine: sa.Engine) -> bool:
    return next(column["nullable"] for column in sa.inspect(engine).get_columns("claim") if column["name"] == "account_id")


def test_claims_and_their_receipts_survive_the_migration_both_ways(empty_database_url):
    engine = make_engine(empty_database_url)
    migrate.upgrade(engine, BEFORE)
    _claim_with_receipt(engine)
    migrate.upgrade(engine, KEEP_PAID_CLAIMS)
    assert _claims(engine) == [(1250, "Two buses", RECEIPT)]
    assert _account_nullable(engine)

    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE claim SET account_id = NULL, details = ''"))
    kept_from_other = _claim_with_receipt(engine)
    migrate.downgrade(engine, BEFORE)
    assert not _account_nullable(engine)
    assert _claims(engine) == [(1250, "Two buses", RECEIPT)], "only the claim with no account goes: the older schema cannot hold it"
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT id FROM claim")).scalar_one() in (kept_from_other, kept_from_other.hex)
    migrate.upgrade(engine)
    assert _claims(engine) == [(1250, "Two buses", RECEIPT)]
    assert migrate.schema_differences(engine) == []
    engine.dispose()
