"""The page generation: one number that says when public pages kept for visitors went stale

Revision ID: e8b3f0a6c2d4
Revises: d7c2a9e5f1b3
Created: 2026-11-23 07:00:00
"""

import sqlalchemy as sa
from alembic import op


revision = 'e8b3f0a6c2d4'
down_revision = 'd7c2a9e5f1b3'
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        'page_generation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('n', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_page_generation')),
    )
    op.bulk_insert(table, [{'id': 1, 'n': 0}])


def downgrade() -> None:
    op.drop_table('page_generation')
