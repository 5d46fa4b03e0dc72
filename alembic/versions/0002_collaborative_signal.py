"""collaborative signal: item neighbours, build state, liked-interactions index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "item_neighbors",
        sa.Column("movie_id", sa.Integer(), nullable=False),
        sa.Column("neighbor_ids", postgresql.ARRAY(sa.Integer()), nullable=False),
        sa.Column("scores", postgresql.ARRAY(sa.REAL()), nullable=False),
        sa.Column("likes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["movie_id"], ["movies.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("movie_id"),
    )
    op.create_table(
        "cf_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("users", sa.Integer(), nullable=False),
        sa.Column("interactions", sa.Integer(), nullable=False),
        sa.Column("params", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # everyone's liked catalog movies: the rebuild reads and counts them from this index alone
    op.create_index(
        "ix_watch_entries_liked_movie",
        "watch_entries",
        ["user_id", "movie_id"],
        unique=False,
        postgresql_where=sa.text("liked AND movie_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_watch_entries_liked_movie", table_name="watch_entries")
    op.drop_table("cf_state")
    op.drop_table("item_neighbors")
