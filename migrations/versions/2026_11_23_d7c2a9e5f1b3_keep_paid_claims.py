"""Keep paid claims and quick feedback answers when an account is deleted

An approved claim stays as finance's record of money paid out, so a claim's account may now be
empty. The quick feedback answers of deleted accounts stay as counts per question, cohort and
answer, as their votes already do.

Downgrading deletes what the older schema cannot hold: the approved claims kept from deleted
accounts, and the kept feedback counts.

Revision ID: d7c2a9e5f1b3
Revises: 08d3276a21aa
Created: 2026-11-23 06:30:00.000000
"""

from collections.abc import Callable

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = 'd7c2a9e5f1b3'
down_revision = '08d3276a21aa'
branch_labels = None
depends_on = None

QUESTIONS = ('clear_next', 'listened', 'easier', 'own_language', 'reach', 'respect', 'safe', 'would_return')
ANSWERS = ('yes', 'partly', 'no')


def _existing_enum(*values: str, name: str) -> sa.types.TypeEngine:
    """An enum the quick feedback tables already made (PostgreSQL must not make it again)."""
    if op.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.ENUM(*values, name=name, create_type=False)
    return sa.Enum(*values, name=name)


def _keeping_receipts(alter: Callable[[], None]) -> None:
    """Run a change to the claim table without losing receipts. On SQLite the table is copied,
    dropped and renamed, and dropping it with foreign keys on deletes every receipt (which
    cascade from their claim), so they are put aside and put back."""
    if op.get_bind().dialect.name != "sqlite":
        alter()
        return
    op.execute("CREATE TEMPORARY TABLE kept_claim_receipt AS SELECT * FROM claim_receipt")
    alter()
    op.execute("INSERT OR IGNORE INTO claim_receipt SELECT * FROM kept_claim_receipt")
    op.execute("DROP TABLE kept_claim_receipt")


def _claim_account_nullable(nullable: bool) -> Callable[[], None]:
    def alter() -> None:
        with op.batch_alter_table('claim', schema=None) as batch_op:
            batch_op.alter_column('account_id', existing_type=sa.Uuid(), nullable=nullable)

    return alter


def upgrade() -> None:
    _keeping_receipts(_claim_account_nullable(True))
    op.create_table('former_prompt_answer',
    sa.Column('change_id', sa.Uuid(), nullable=False),
    sa.Column('question', _existing_enum(*QUESTIONS, name='prompt_question'), nullable=False),
    sa.Column('cohort', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('answer', _existing_enum(*ANSWERS, name='prompt_answer_value'), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['change_id'], ['service_change.id'], name=op.f('fk_former_prompt_answer_change_id_service_change'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('change_id', 'question', 'cohort', 'answer', name=op.f('pk_former_prompt_answer')),
    sqlite_with_rowid=False
    )


def downgrade() -> None:
    op.drop_table('former_prompt_answer')
    op.execute("DELETE FROM claim_receipt WHERE claim_id IN (SELECT id FROM claim WHERE account_id IS NULL)")
    op.execute("DELETE FROM claim WHERE account_id IS NULL")
    _keeping_receipts(_claim_account_nullable(False))
