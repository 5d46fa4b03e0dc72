"""a person's lists

user_lists / user_list_items: watchlist, include and exclude lists, each row matched to the catalog like
a history row; `standing` exclude lists apply to every recommendation request.

Revision ID: 0005_user_lists
Revises: 0004_liked_rating
Create Date: 2026-12-02 17:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0005_user_lists"
down_revision: str | None = "0004_liked_rating"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "user_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("format", sa.String(length=40), nullable=False),
        sa.Column("standing", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_user_lists_user_id", "user_lists", ["user_id"])
    op.create_table(
        "user_list_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("movie_id", sa.Integer(), nullable=True),
        sa.Column("match_method", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(["list_id"], ["user_lists.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["movie_id"], ["movies.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_user_list_items_list_id", "user_list_items", ["list_id"])


def downgrade() -> None:
    op.drop_index("ix_user_list_items_list_id", table_name="user_list_items")
    op.drop_table("user_list_items")
    op.drop_index("ix_user_lists_user_id", table_name="user_lists")
    op.drop_table("user_lists")
