"""the user's own rating on each liked film of a taste profile

profile_liked.rating: the rating the history gave the film, on the 0–10 scale; NULL when the export had
no rating (or the film joined by `like` feedback). Justifications cite the highest-rated nearest likes and
the rerank validator checks every stated rating against it. Profiles built before this migration keep
NULL until the history is uploaded again.

Revision ID: 0004_liked_rating
Revises: 0003_quality_prior
Create Date: 2026-12-02 17:15:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0004_liked_rating"
down_revision: str | None = "0003_quality_prior"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("profile_liked", sa.Column("rating", sa.Float(), nullable=True))


def downgrade() -> None:
    op.drop_column("profile_liked", "rating")
