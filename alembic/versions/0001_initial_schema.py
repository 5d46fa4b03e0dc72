"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21 11:00:31.703240
"""

from collections.abc import Sequence

import sqlalchemy as sa
from pgvector.sqlalchemy import Vector
from sqlalchemy.dialects import postgresql

from alembic import op

# HNSW (cosine) per indexed dimension: a partial expression index, so one column holds any model's vectors.
INDEXED_DIMENSIONS = (384, 1536)

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS vector")
    op.create_table(
        "movies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ext_key", sa.String(length=200), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("norm_title", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("genres", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("countries", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("runtime", sa.Integer(), nullable=True),
        sa.Column("directors", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("cast_names", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("language", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("popularity", sa.Float(), nullable=True),
        sa.Column("vote_average", sa.Float(), nullable=True),
        sa.Column("vote_count", sa.Integer(), nullable=True),
        sa.Column("imdb_id", sa.String(length=20), nullable=True),
        sa.Column("tmdb_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("content_hash", sa.String(length=40), nullable=True),
        sa.Column("meta_hash", sa.String(length=40), nullable=True),
        sa.Column("embedding", Vector(), nullable=True),
        sa.Column("embedding_model", sa.String(length=100), nullable=True),
        sa.Column("embedding_dim", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ext_key"),
    )
    op.create_index("ix_movies_countries", "movies", ["countries"], unique=False, postgresql_using="gin")
    op.create_index("ix_movies_genres", "movies", ["genres"], unique=False, postgresql_using="gin")
    op.create_index(op.f("ix_movies_imdb_id"), "movies", ["imdb_id"], unique=False)
    op.create_index(op.f("ix_movies_norm_title"), "movies", ["norm_title"], unique=False)
    op.create_index(op.f("ix_movies_tmdb_id"), "movies", ["tmdb_id"], unique=False)
    op.create_index(op.f("ix_movies_year"), "movies", ["year"], unique=False)
    for dim in INDEXED_DIMENSIONS:
        op.execute(
            f"CREATE INDEX ix_movies_embedding_hnsw_{dim} ON movies "
            f"USING hnsw ((embedding::vector({dim})) vector_cosine_ops) WHERE embedding_dim = {dim}"
        )
    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("api_key_hash", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("api_key_hash"),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("movie_id", sa.Integer(), nullable=False),
        sa.Column("signal", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["movie_id"], ["movies.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_feedback_user_id"), "feedback", ["user_id"], unique=False)
    op.create_table(
        "profiles",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("algorithm", sa.String(length=20), nullable=False),
        sa.Column("embedding_model", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "watch_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("original_title", sa.Text(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("rating", sa.Float(), nullable=True),
        sa.Column("watched_at", sa.Date(), nullable=True),
        sa.Column("imdb_id", sa.String(length=20), nullable=True),
        sa.Column("tmdb_id", sa.Integer(), nullable=True),
        sa.Column("genres", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("directors", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("countries", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("rewatch", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("movie_id", sa.Integer(), nullable=True),
        sa.Column("match_method", sa.String(length=20), nullable=True),
        sa.Column("liked", sa.Boolean(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["movie_id"], ["movies.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_watch_entries_user_id"), "watch_entries", ["user_id"], unique=False)
    op.create_table(
        "profile_clusters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("cluster_no", sa.Integer(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("centroid", Vector(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("members", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["profiles.user_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_profile_clusters_user_id"), "profile_clusters", ["user_id"], unique=False)
    op.create_table(
        "profile_liked",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("cluster_no", sa.Integer(), nullable=False),
        sa.Column("movie_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("genres", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("directors", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("embedding", Vector(), nullable=False),
        sa.ForeignKeyConstraint(["movie_id"], ["movies.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["profiles.user_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_profile_liked_user_id"), "profile_liked", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_profile_liked_user_id"), table_name="profile_liked")
    op.drop_table("profile_liked")
    op.drop_index(op.f("ix_profile_clusters_user_id"), table_name="profile_clusters")
    op.drop_table("profile_clusters")
    op.drop_index(op.f("ix_watch_entries_user_id"), table_name="watch_entries")
    op.drop_table("watch_entries")
    op.drop_table("profiles")
    op.drop_index(op.f("ix_feedback_user_id"), table_name="feedback")
    op.drop_table("feedback")
    op.drop_table("users")
    for dim in INDEXED_DIMENSIONS:
        op.execute(f"DROP INDEX IF EXISTS ix_movies_embedding_hnsw_{dim}")
    op.drop_index(op.f("ix_movies_year"), table_name="movies")
    op.drop_index(op.f("ix_movies_tmdb_id"), table_name="movies")
    op.drop_index(op.f("ix_movies_norm_title"), table_name="movies")
    op.drop_index(op.f("ix_movies_imdb_id"), table_name="movies")
    op.drop_index("ix_movies_genres", table_name="movies", postgresql_using="gin")
    op.drop_index("ix_movies_countries", table_name="movies", postgresql_using="gin")
    op.drop_table("movies")
