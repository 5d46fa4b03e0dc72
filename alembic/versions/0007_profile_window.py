"""profile window and seeds

users.profile_since / profile_until: the watch-date window a person's taste profile is built from (NULL:
unbounded), kept so every later rebuild uses it. watch_entries.in_profile: false leaves that film out of
the taste profile without deleting it from the history.

Revision ID: 0007_profile_window
Revises: 0006_jobs
Create Date: 2026-12-03 13:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0007_profile_window"
down_revision: str | None = "0006_jobs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("profile_since", sa.Date(), nullable=True))
    op.add_column("users", sa.Column("profile_until", sa.Date(), nullable=True))
    op.add_column(
        "watch_entries", sa.Column("in_profile", sa.Boolean(), nullable=False, server_default="true")
    )


def downgrade() -> None:
    op.drop_column("watch_entries", "in_profile")
    op.drop_column("users", "profile_until")
    op.drop_column("users", "profile_since")
