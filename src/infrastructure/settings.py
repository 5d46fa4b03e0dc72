"""Every setting, read from environment variables (or a .env file). README.md documents them."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from src.application.import_watch_history import DEFAULT_MAX_ROWS
from src.application.understand_query import QUERY_WEIGHT
from src.domain.history import DISLIKE_THRESHOLD, LIKE_THRESHOLD

# --- struct --- defaults that adapters also need when built without Settings (written once, here)
MAX_UPLOAD_MB = 20.0
MAX_UPLOAD_BYTES = int(MAX_UPLOAD_MB * 1024 * 1024)
# --- end struct ---


def _alias(name: str) -> AliasChoices:
    return AliasChoices(name, f"CINEMAI_{name}")


def _cf(name: str) -> AliasChoices:
    """The collaborative_* settings keep their documented environment names, CINEMAI_CF_<NAME>."""
    return AliasChoices(f"CINEMAI_CF_{name}")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CINEMAI_", env_file=".env", extra="ignore", populate_by_name=True
    )

    # Storage. No DATABASE_URL → an embedded PostgreSQL (pgserver) under data_dir, migrated automatically.
    database_url: str | None = Field(default=None, validation_alias=_alias("DATABASE_URL"))
    data_dir: Path = Path(user_data_dir("cinemai"))
    auto_migrate: bool = True
    db_pool_size: int = 10

    # Cache. No REDIS_URL → an in-process LRU.
    redis_url: str | None = Field(default=None, validation_alias=_alias("REDIS_URL"))
    cache_max_items: int = 10_000
    cache_ttl_seconds: int = 600

    # Models. embedder=auto → OpenAI when OPENAI_API_KEY is set, else the local MiniLM model.
    embedder: Literal["auto", "local", "hashing", "openai"] = "auto"
    reranker: Literal["auto", "local", "openai"] = "auto"
    openai_api_key: str | None = Field(default=None, validation_alias=_alias("OPENAI_API_KEY"))
    openai_base_url: str | None = Field(default=None, validation_alias=_alias("OPENAI_BASE_URL"))
    openai_embedding_model: str = Field(
        default="text-embedding-3-small", validation_alias=_alias("OPENAI_EMBEDDING_MODEL")
    )
    openai_rerank_model: str = Field(default="gpt-4o", validation_alias=_alias("OPENAI_RERANK_MODEL"))
    openai_timeout_s: float = Field(default=20.0, validation_alias=_alias("OPENAI_TIMEOUT_S"))

    # Candidates. No TMDB_API_KEY → the local catalog.
    tmdb_api_key: str | None = Field(default=None, validation_alias=_alias("TMDB_API_KEY"))
    tmdb_base_url: str = Field(
        default="https://api.themoviedb.org/3", validation_alias=_alias("TMDB_BASE_URL")
    )
    tmdb_timeout_s: float = Field(default=10.0, validation_alias=_alias("TMDB_TIMEOUT_S"))
    tmdb_pages: int = Field(default=3, validation_alias=_alias("TMDB_PAGES"))

    # Pipeline parameters (DESIGN.md). The evaluation harness is where these are tuned.
    like_threshold: float = LIKE_THRESHOLD
    # an upload's ratings below this (0–10) are negative evidence: their close neighbours are pushed down
    dislike_threshold: float = DISLIKE_THRESHOLD
    alpha: float = 5.0
    diversity: float = 0.3
    fuzzy_threshold: float = 85.0
    candidate_pool: int = 200
    # Local candidates (README: "The hot path"): numpy over the catalog held in each process (its vectors
    # and filter columns, reloaded when the catalog changes), or pgvector queries per request.
    candidate_index: Literal["numpy", "pgvector"] = "numpy"
    catalog_recheck_seconds: float = Field(default=5.0, ge=0)  # how often the catalog version is read
    # Weight of the log-review-count prior added to the taste score. 0.2 measured best on MovieLens
    # (HR@10 1.59x the pure-content pipeline, `cinemai eval`); 0 = pure taste.
    popularity_weight: float = 0.2
    # weight of the 0–1 quality prior (critic scores / TMDB votes, shrunk by review count); `cinemai eval`
    # variants default-q* and the taste panel chose it
    quality_weight: float = 0.5
    # weight of the genre match (share of a candidate's genres its taste clusters hold) in the same blend;
    # chosen with `cinemai eval panel` and the `default-g*` variants of `cinemai eval`
    genre_weight: float = Field(default=0.4, ge=0)
    embed_batch_size: int = 64
    # Share of the score taken by a recommendation query's free text and anchor films (README: "Ask in
    # your own words"); the rest is the taste score. 0 = the query only filters.
    query_weight: float = Field(default=QUERY_WEIGHT, ge=0, le=1)
    # Who reads a query: auto → the OpenAI parser (validated against the catalog, the local parser on any
    # failure) when OPENAI_API_KEY is set, else the deterministic local parser.
    query_parser: Literal["auto", "local", "openai"] = "auto"
    openai_query_model: str = Field(default="gpt-4o-mini", validation_alias=_alias("OPENAI_QUERY_MODEL"))
    query_parser_timeout_s: float = Field(default=5.0, gt=0)

    # Collaborative signal (README: "Collaborative signal"): item-to-item co-occurrence in everyone's
    # liked histories. Defaults are the best measured on MovieLens 100k (`cinemai eval`, variant `default`).
    # How the collaborative signals score: "learned" (EASE over every rated or watched film plus what
    # people watched next, each z-scored per request and blended with content) or "hybrid" (the
    # liked-only neighbours scaled to the pool's best, the model before).
    signal_blend: Literal["learned", "hybrid"] = "learned"
    # Share of the score it takes when the history has neighbours (0 = content only).
    collaborative_weight: float = 0.4
    # Transitions (signal_blend = learned): their share of the score, how many of the latest dated
    # watches they score from (the m-th latest weighted decay^m), the window the rebuild fits them with.
    transitions_weight: float = Field(default=0.4, ge=0, le=1)
    transitions_recent: int = Field(default=10, ge=0)
    transitions_decay: float = Field(default=0.8, gt=0, le=1)
    transitions_window: int = Field(default=10, ge=1)
    # signal_blend = learned: what the blend takes from the films the crowd watched most (the model's
    # log interaction counts, z-scored per request, times this; 0 = none), so lists are not all the same
    # few well-known films
    signal_popularity_penalty: float = Field(default=0.75, ge=0, le=5)
    # LambdaMART model file the harness trained (`cinemai eval --variants default-ltr` writes
    # .cache/eval/ranker-v1.txt); it reorders the learned blend's best. Empty: the hand-set blend.
    ranker_model: str = ""
    # neighbours kept per movie
    collaborative_neighbours: int = Field(default=400, validation_alias=_cf("NEIGHBOURS"))
    # what fits the stored neighbours
    collaborative_model: Literal["cooccurrence", "ease"] = Field(
        default="ease", validation_alias=_cf("MODEL")
    )
    # signal_blend = learned: the EASE weight of a film watched long ago or on no known date; the latest
    # dated films weigh up to 1 (floor + (1 − floor)·0.9^m for the m-th latest; 1 = no recency)
    collaborative_recency_floor: float = Field(default=0.5, ge=0, le=1, validation_alias=_cf("RECENCY_FLOOR"))
    # EASE's ridge λ (collaborative_model = "ease")
    collaborative_ease_lambda: float = Field(default=200.0, validation_alias=_cf("EASE_LAMBDA"))
    # "log": heavy likers count less per pair
    collaborative_user_weighting: Literal["log", "none"] = Field(
        default="log", validation_alias=_cf("USER_WEIGHTING")
    )
    # similarity = co-likes / (sqrt(n_a n_b) + shrink)
    collaborative_shrink: float = Field(default=0.0, validation_alias=_cf("SHRINK"))
    # fewer users with likes → no collaborative signal
    collaborative_min_users: int = Field(default=2, validation_alias=_cf("MIN_USERS"))
    # a movie pair counts only when this many distinct users liked both (k-anonymity of the wording too)
    collaborative_min_support: int = Field(default=5, validation_alias=_cf("MIN_SUPPORT"))
    # the collaborative weight grows linearly with the users in the model, full from this many
    collaborative_full_weight_users: int = Field(default=100, validation_alias=_cf("FULL_WEIGHT_USERS"))
    # From this many users, the popularity prior counts the service's own likes, not review counts.
    collaborative_popularity_min_users: int = Field(default=50, validation_alias=_cf("POPULARITY_MIN_USERS"))
    # collaborative neighbours added to each request's candidates
    collaborative_candidates: int = Field(default=200, validation_alias=_cf("CANDIDATES"))
    # An import rebuilds the model when liked interactions changed by this many, or by this share of
    # the last build, whichever comes first (`cinemai cf rebuild` forces it).
    collaborative_rebuild_min_change: int = Field(default=1000, validation_alias=_cf("REBUILD_MIN_CHANGE"))
    collaborative_rebuild_min_growth: float = Field(default=0.1, validation_alias=_cf("REBUILD_MIN_GROWTH"))
    # "background": that rebuild is a `collaborative_refit` job (a `cinemai worker` with jobs on Redis, else
    # a task of the API process) and the upload answers at once; "inline": the upload waits for it.
    collaborative_refit: Literal["background", "inline"] = Field(default="background", validation_alias=_cf("REFIT"))

    # Limits (README: "Limits and security"). Over the limit: 413 (upload size), 422 (rows), 429 (rate).
    max_upload_mb: float = MAX_UPLOAD_MB
    max_rows: int = DEFAULT_MAX_ROWS
    # Requests a minute per API key (token bucket per key hash, burst = one minute's worth; 0 = off).
    # In process: each worker process counts for itself.
    rate_limit_per_minute: int = 120
    # With REDIS_URL every limit below is one bucket shared by all workers and nodes; without it, each
    # worker process counts for itself (README: "Running more than one worker").
    # Unauthenticated POST /api/v1/users a minute per client IP. 0 = off.
    signup_rate_per_minute: int = 10
    # GET /api/v1/movies/search a minute per client IP, signed in or not (a semantic search embeds the
    # query). 0 = off.
    search_rate_per_minute: int = 60
    # Every other /api/ request without an API key (catalog reads, refused user routes) a minute per
    # client IP. 0 = off.
    anonymous_rate_per_minute: int = 300
    # Proxies whose X-Forwarded-For / X-Forwarded-Proto `cinemai serve` believes: comma-separated IPs or
    # CIDRs, or "*". Empty (the default): no proxy header is trusted, the client IP is the TCP peer's.
    forwarded_allow_ips: str = ""
    # Browser origins allowed by CORS, e.g. ["https://app.example.com"]. Empty (the default): no CORS
    # headers at all, so browsers on other origins cannot call the API.
    cors_origins: list[str] = []

    # Seconds a successful key check is remembered in process (0 = check the database every request).
    auth_cache_seconds: float = 30.0

    # Background jobs (README: "Background jobs"). auto: on Redis (SAQ) when REDIS_URL is set, else in
    # the API process. Uploads larger than this run as a job (202 + job id); smaller ones answer at once.
    jobs: Literal["auto", "in-process", "redis"] = "auto"
    background_upload_mb: float = 1.0
    job_timeout_seconds: int = 3600
    worker_concurrency: int = 2

    workers: int = 1
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "info"

    @property
    def background_upload_bytes(self) -> int:
        return int(self.background_upload_mb * 1024 * 1024)

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)
