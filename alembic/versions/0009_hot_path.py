"""catalog version: a counter bumped by every statement that writes `movies`, so a process holding the
catalog in memory reloads only when it changed (one tiny read instead of a scan)

Revision ID: 0009_hot_path
Revises: 0006_jobs
Create Date: 2026-12-03 13:10:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009_hot_path"
down_revision: str | None = "0008_transitions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE TABLE catalog_state (id integer PRIMARY KEY CHECK (id = 1), version bigint NOT NULL)")
    op.execute("INSERT INTO catalog_state (id, version) VALUES (1, 1)")
    op.execute(
        """
        CREATE FUNCTION bump_catalog_version() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE catalog_state SET version = version + 1 WHERE id = 1;
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER movies_bump_catalog_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON movies "
        "FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER movies_bump_catalog_version ON movies")
    op.execute("DROP FUNCTION bump_catalog_version()")
    op.execute("DROP TABLE catalog_state")
