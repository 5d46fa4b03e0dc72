"""SQLAlchemy Core tables. Rows never leave src/infrastructure: repositories map them to domain objects."""

from __future__ import annotations

from sqlalchemy import (
    REAL,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from src.infrastructure.db.vector_type import BinaryVector as Vector

metadata = MetaData()

# Vector dimensions that get an HNSW index (a partial expression index per dimension: MiniLM, OpenAI small).
INDEXED_DIMENSIONS = (384, 1536)

movies = Table(
    "movies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ext_key", String(200), nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("norm_title", Text, nullable=False, index=True),
    Column("year", Integer, index=True),
    Column("genres", ARRAY(Text), nullable=False, server_default="{}"),
    Column("countries", ARRAY(Text), nullable=False, server_default="{}"),
    Column("runtime", Integer),
    Column("directors", ARRAY(Text), nullable=False, server_default="{}"),
    Column("cast_names", ARRAY(Text), nullable=False, server_default="{}"),
    Column("language", Text),
    Column("description", Text),
    Column("popularity", Float),
    Column("vote_average", Float),
    Column("vote_count", Integer),
    Column("quality", Float),  # 0–1 quality prior (migration 0003)
    Column("imdb_id", String(20), index=True),
    Column("tmdb_id", Integer, index=True),
    Column("source", String(20), nullable=False),
    Column("content_hash", String(40)),
    Column("meta_hash", String(40)),
    Column("embedding", Vector()),
    Column("embedding_model", String(100)),
    Column("embedding_dim", Integer),
    Column("updated_at", DateTime(timezone=True), server_default=func.now(), nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("api_key_hash", String(128), nullable=False, unique=True),
    Column("name", String(200)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("profile_since", Date),  # the profile's watch-date window (0007_profile_window); NULL: open
    Column("profile_until", Date),
)

watch_entries = Table(
    "watch_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("line", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("original_title", Text),
    Column("year", Integer),
    Column("rating", Float),
    Column("watched_at", Date),
    Column("imdb_id", String(20)),
    Column("tmdb_id", Integer),
    Column("genres", ARRAY(Text), nullable=False, server_default="{}"),
    Column("directors", ARRAY(Text), nullable=False, server_default="{}"),
    Column("countries", ARRAY(Text), nullable=False, server_default="{}"),
    Column("description", Text),
    Column("rewatch", Boolean, nullable=False, server_default="false"),
    Column("movie_id", Integer, ForeignKey("movies.id", ondelete="SET NULL")),
    Column("match_method", String(20)),
    Column("liked", Boolean, nullable=False),
    Column("weight", Float, nullable=False),
    # false: the film stays in the history but out of the taste profile (0007_profile_window)
    Column("in_profile", Boolean, nullable=False, server_default="true"),
)

profiles = Table(
    "profiles",
    metadata,
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("algorithm", String(20), nullable=False),
    Column("embedding_model", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), server_default=func.now(), nullable=False),
)

profile_clusters = Table(
    "profile_clusters",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Uuid, ForeignKey("profiles.user_id", ondelete="CASCADE"), nullable=False, index=True),
    Column("cluster_no", Integer, nullable=False),
    Column("label", Text, nullable=False),
    Column("centroid", Vector(), nullable=False),
    Column("weight", Float, nullable=False),
    Column("size", Integer, nullable=False),
    Column("members", JSONB, nullable=False),
)

profile_liked = Table(
    "profile_liked",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Uuid, ForeignKey("profiles.user_id", ondelete="CASCADE"), nullable=False, index=True),
    Column("cluster_no", Integer, nullable=False),
    Column("movie_id", Integer, ForeignKey("movies.id", ondelete="SET NULL")),
    Column("title", Text, nullable=False),
    Column("year", Integer),
    Column("weight", Float, nullable=False),
    Column("genres", ARRAY(Text), nullable=False, server_default="{}"),
    Column("directors", ARRAY(Text), nullable=False, server_default="{}"),
    Column("embedding", Vector(), nullable=False),
    Column("rating", Float),  # the user's own rating, 0–10; NULL when the history had none (0004)
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("movie_id", Integer, ForeignKey("movies.id", ondelete="CASCADE"), nullable=False),
    Column("signal", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

Index("ix_movies_genres", movies.c.genres, postgresql_using="gin")
Index("ix_movies_countries", movies.c.countries, postgresql_using="gin")

# The collaborative model (migration 0002): one row per movie someone liked, with its top-K neighbours
# (parallel arrays, best first) and how many users liked it; collaborative_state holds the single build stamp.
item_neighbors = Table(
    "item_neighbors",
    metadata,
    Column("movie_id", Integer, ForeignKey("movies.id", ondelete="CASCADE"), primary_key=True),
    Column("neighbor_ids", ARRAY(Integer), nullable=False),
    Column("scores", ARRAY(REAL), nullable=False),
    Column("likes", Integer, nullable=False),
    # distinct users behind each pair (migration 0003): pairs below CINEMAI_CF_MIN_SUPPORT are not stored
    Column("supports", ARRAY(Integer), nullable=False, server_default="{}"),
    # what people watched next (migration 0008_transitions): neighbour ids, scores, supporting people
    Column("transition_ids", ARRAY(Integer), nullable=False, server_default="{}"),
    Column("transition_scores", ARRAY(REAL), nullable=False, server_default="{}"),
    Column("transition_supports", ARRAY(Integer), nullable=False, server_default="{}"),
)

collaborative_state = Table(
    "cf_state",  # the table keeps its name: a rename would need a migration
    metadata,
    Column("id", Integer, primary_key=True),  # always 1: one model
    Column("built_at", DateTime(timezone=True), nullable=False),
    Column("users", Integer, nullable=False),
    Column("interactions", Integer, nullable=False),
    Column("params", Text, nullable=False),
)

Index(
    "ix_watch_entries_liked_movie",
    watch_entries.c.user_id,
    watch_entries.c.movie_id,
    postgresql_where=watch_entries.c.liked & watch_entries.c.movie_id.is_not(None),
)

# A person's own lists (migration 0005_user_lists): watchlist / include / exclude, rows matched like history.
user_lists = Table(
    "user_lists",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("format", String(40), nullable=False),
    Column("standing", Boolean, nullable=False, server_default="false"),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

user_list_items = Table(
    "user_list_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("list_id", Integer, ForeignKey("user_lists.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("line", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("year", Integer),
    Column("movie_id", Integer, ForeignKey("movies.id", ondelete="SET NULL")),
    Column("match_method", String(20)),
)

# Background jobs (migration 0006_jobs): state and progress, shared by every API node and worker; the
# payload (an upload's bytes) is kept only until the job finishes.
jobs = Table(
    "jobs",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("owner_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=True),
    Column("state", String(20), nullable=False),
    Column("params", JSONB, nullable=False, server_default="{}"),
    Column("payload", LargeBinary, nullable=True),
    Column("stage", Text, nullable=True),
    Column("done", Integer, nullable=False, server_default="0"),
    Column("total", Integer, nullable=True),
    Column("error", Text, nullable=True),
    Column("result", JSONB, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("started_at", DateTime(timezone=True), nullable=True),
    Column("finished_at", DateTime(timezone=True), nullable=True),
)
Index("ix_jobs_owner", jobs.c.owner_id)

# The catalog's version (migration 0009_hot_path): one row, bumped by a trigger on every statement that
# writes `movies`, so processes holding the catalog in memory know when to reload it.
catalog_state = Table(
    "catalog_state",
    metadata,
    Column("id", Integer, primary_key=True),  # always 1
    Column("version", BigInteger, nullable=False),
)
