"""Indexes for the published idea lists, newest first: all ideas, and one group's

Revision ID: 08d3276a21aa
Revises: b4f0e2d5a8c3
Created: 2026-11-23 05:00:13.079650
"""

from alembic import op


revision = '08d3276a21aa'
down_revision = 'b4f0e2d5a8c3'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.create_index('ix_idea_group_status_published', ['group_id', 'status', 'published_at'], unique=False)
        batch_op.create_index('ix_idea_status_published', ['status', 'published_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.drop_index('ix_idea_status_published')
        batch_op.drop_index('ix_idea_group_status_published')
