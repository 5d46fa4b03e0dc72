"""what people watched next: transitions lists beside the collaborative neighbours

item_neighbors.transition_ids / transition_scores / transition_supports: each film's best next films in
people's dated histories (window CINEMAI_TRANSITIONS_WINDOW, weight 1/gap, both directions, rows
normalised), with the distinct people behind each pair; pairs under CINEMAI_CF_MIN_SUPPORT are not
stored. Empty until the next `cinemai cf rebuild` (or import-triggered rebuild).

Revision ID: 0008_transitions
Revises: 0006_jobs
Create Date: 2026-12-03 13:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "0008_transitions"
down_revision: str | None = "0007_profile_window"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("transition_ids", sa.Integer()),
    ("transition_scores", sa.REAL()),
    ("transition_supports", sa.Integer()),
)


def upgrade() -> None:
    for name, kind in COLUMNS:
        op.add_column(
            "item_neighbors",
            sa.Column(name, postgresql.ARRAY(kind), nullable=False, server_default="{}"),
        )


def downgrade() -> None:
    for name, _ in reversed(COLUMNS):
        op.drop_column("item_neighbors", name)
