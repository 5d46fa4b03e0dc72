"""quality prior per movie; distinct-user support per collaborative pair

movies.quality: the 0–1 quality prior (critic scores or TMDB votes shrunk toward the mean by how many
reviews back them, src/domain/quality.py); NULL until the catalog is re-imported.
item_neighbors.supports: how many distinct users liked both movies of each stored pair, parallel to
neighbor_ids; a model built before this migration has none and is rebuilt (its params change).

Revision ID: 0003_quality_prior
Revises: 0002
Create Date: 2026-12-02 15:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "0003_quality_prior"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("movies", sa.Column("quality", sa.Float(), nullable=True))
    op.add_column(
        "item_neighbors",
        sa.Column("supports", postgresql.ARRAY(sa.Integer()), nullable=False, server_default="{}"),
    )


def downgrade() -> None:
    op.drop_column("item_neighbors", "supports")
    op.drop_column("movies", "quality")
