"""Every tunable in README's settings table reaches what it names, from the environment, through the
containers the entry points build themselves: the API's (`create_app()` with no container, as uvicorn
runs it) and the CLI's (`cinemai …` → `main()`, caught by a recording subcommand). Each case sets the
variable, builds the entry point, and reads the value off the object the setting configures (the use
case, adapter or middleware the requests go through). CINEMAI_FUZZY_THRESHOLD's effect on
watched removal is also observed end to end in test_fuzzy_threshold_setting.py.

Nothing connects: no database is started (DATABASE_URL points nowhere), Redis and OpenAI clients are lazy.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from src.container import Container
from src.presentation.api.app import create_app
from src.presentation.cli import main as cli_main
from tests.unit.test_learned_ranker import tiny_ranker_file

Probe = Callable[[Any], object]
BASE_ENV = {"DATABASE_URL": "postgresql://unused@localhost/unused", "CINEMAI_AUTO_MIGRATE": "false"}
ENV_PREFIXES = ("CINEMAI_", "OPENAI_", "TMDB_", "REDIS_URL", "DATABASE_URL")


@dataclass(frozen=True)
class Reach:
    env: dict[str, str]  # the variable under test (and any it needs, e.g. a key that turns an adapter on)
    probe: Probe  # reads the configured value off what the entry point built
    expected: object
    where: tuple[str, ...] = ("api", "cli")

    @property
    def id(self) -> str:
        return next(iter(self.env))


def middleware(container: Any, cls_name: str, option: str) -> object:
    app = container.app  # the API's own app, kept by the api entry point below
    for m in app.user_middleware:
        if m.cls.__name__ == cls_name:
            return m.kwargs[option]
    raise AssertionError(f"no {cls_name} middleware")


def recommend(c: Any) -> Any:
    return c.recommend()


RANKER_FILE = tiny_ranker_file(Path(tempfile.gettempdir()) / "cinemai-reach-ranker")

CASES = [
    Reach({"DATABASE_URL": "postgresql://elsewhere@db.example/cinemai"}, lambda c: c.database_url(),
          "postgresql+asyncpg://elsewhere@db.example/cinemai"),
    Reach({"CINEMAI_DATA_DIR": "/tmp/cinemai-reach"}, lambda c: str(c.settings().data_dir), "/tmp/cinemai-reach"),
    Reach({"CINEMAI_AUTO_MIGRATE": "true"}, lambda c: c.settings().auto_migrate, True),
    Reach({"REDIS_URL": "redis://cache.invalid:6379/0"}, lambda c: type(c.cache()).__name__, "RedisCache"),
    Reach({"CINEMAI_CACHE_TTL_SECONDS": "77"}, lambda c: c.cached_recommend()._ttl, 77),
    Reach({"CINEMAI_CACHE_MAX_ITEMS": "123"}, lambda c: c.cache()._max_items, 123),
    Reach({"CINEMAI_CANDIDATE_INDEX": "pgvector"}, lambda c: type(c.local_candidates()).__name__,
          "PgvectorCandidateSource"),
    Reach({"CINEMAI_CATALOG_RECHECK_SECONDS": "12.5"}, lambda c: c.catalog_snapshots()._recheck, 12.5),
    Reach({"OPENAI_API_KEY": "sk-test"}, lambda c: type(c.llm_reranker()).__name__, "OpenAIReranker"),
    Reach({"OPENAI_BASE_URL": "http://llm.invalid/v1/", "OPENAI_API_KEY": "sk-test"},
          lambda c: str(c.openai_client().base_url), "http://llm.invalid/v1/"),
    Reach({"OPENAI_EMBEDDING_MODEL": "text-embedding-3-large", "OPENAI_API_KEY": "sk-test"},
          lambda c: c.embedder().model_name, "openai:text-embedding-3-large"),
    Reach({"OPENAI_RERANK_MODEL": "gpt-test", "OPENAI_API_KEY": "sk-test"}, lambda c: c.llm_reranker().model,
          "gpt-test"),
    Reach({"OPENAI_TIMEOUT_S": "3.5", "OPENAI_API_KEY": "sk-test"}, lambda c: c.llm_reranker()._timeout_s, 3.5),
    Reach({"CINEMAI_EMBEDDER": "hashing"}, lambda c: c.embedder().model_name, "hashing-v1"),
    Reach({"CINEMAI_RERANKER": "local", "OPENAI_API_KEY": "sk-test"}, lambda c: c.llm_reranker(), None),
    Reach({"TMDB_API_KEY": "tmdb-test"}, lambda c: type(c.matcher()._lookup).__name__, "TmdbMovieLookup"),
    Reach({"TMDB_BASE_URL": "http://tmdb.invalid/3", "TMDB_API_KEY": "k"},
          lambda c: c.tmdb_client()._transport._base_url, "http://tmdb.invalid/3"),
    Reach({"TMDB_TIMEOUT_S": "2.5", "TMDB_API_KEY": "k"}, lambda c: c.tmdb_client()._transport._timeout_s, 2.5),
    Reach({"TMDB_PAGES": "7", "TMDB_API_KEY": "k"}, lambda c: c.catalog.candidates()._lookup._pages, 7),
    Reach({"CINEMAI_LIKE_THRESHOLD": "8"}, lambda c: c.users.profile_builder().like_threshold, 8.0),
    Reach({"CINEMAI_DISLIKE_THRESHOLD": "3"},
          lambda c: (c.users.profile_builder().dislike_threshold, recommend(c)._params.dislike_threshold), (3.0, 3.0)),
    # read by the recommendation route and by `cinemai recommend` when a request leaves them out (the
    # requests themselves: tests/unit/test_api_tunables.py); personalised search uses the same α
    Reach({"CINEMAI_ALPHA": "2.5"}, lambda c: (c.settings().alpha, c.search_movies()._alpha), (2.5, 2.5)),
    Reach({"CINEMAI_DIVERSITY": "0.1"}, lambda c: c.settings().diversity, 0.1),
    Reach({"CINEMAI_FUZZY_THRESHOLD": "97"}, lambda c: recommend(c)._gather._params.fuzzy_threshold, 97.0),
    Reach({"CINEMAI_CANDIDATE_POOL": "321"}, lambda c: recommend(c)._gather._params.pool, 321),
    Reach({"CINEMAI_QUERY_WEIGHT": "0.3"}, lambda c: (c.query_understanding().weight, c.search_movies()._weight),
          (0.3, 0.3)),
    Reach({"CINEMAI_QUERY_PARSER": "openai", "OPENAI_API_KEY": "sk-test"}, lambda c: type(c.query_parser()).__name__,
          "OpenAIQueryParser"),
    Reach({"OPENAI_QUERY_MODEL": "gpt-q", "OPENAI_API_KEY": "sk-test"}, lambda c: c.query_parser()._model, "gpt-q"),
    Reach({"CINEMAI_QUERY_PARSER_TIMEOUT_S": "1.5", "OPENAI_API_KEY": "sk-test"},
          lambda c: c.query_parser()._timeout_s, 1.5),
    Reach({"CINEMAI_POPULARITY_WEIGHT": "0.05"}, lambda c: recommend(c)._params.popularity_weight, 0.05),
    Reach({"CINEMAI_GENRE_WEIGHT": "0.15"}, lambda c: recommend(c)._params.genre_weight, 0.15),
    Reach({"CINEMAI_QUALITY_WEIGHT": "0.25"}, lambda c: recommend(c)._params.quality_weight, 0.25),
    Reach({"CINEMAI_COLLABORATIVE_WEIGHT": "0.6"}, lambda c: recommend(c)._gather._params.collaborative.weight, 0.6),
    Reach({"CINEMAI_CF_MODEL": "cooccurrence"}, lambda c: type(c.cooccurrence_fitter()).__name__,
          "ScipyCooccurrenceFitter"),
    Reach({"CINEMAI_CF_EASE_LAMBDA": "50"}, lambda c: c.cooccurrence_fitter()._lam, 50.0),
    Reach({"CINEMAI_SIGNAL_BLEND": "hybrid"},
          lambda c: (recommend(c)._gather._params.collaborative.learned, c.rebuild_collaborative_model()._params.rated,
                     c.rebuild_collaborative_model()._params.transitions_window, c.rebuild_collaborative_model()._transitions),
          (False, False, 0, None)),
    Reach({"CINEMAI_TRANSITIONS_WEIGHT": "0.2"},
          lambda c: recommend(c)._gather._params.collaborative.transitions_weight, 0.2),
    Reach({"CINEMAI_TRANSITIONS_RECENT": "7"}, lambda c: recommend(c)._gather._params.collaborative.recent, 7),
    Reach({"CINEMAI_TRANSITIONS_DECAY": "0.5"}, lambda c: recommend(c)._gather._params.collaborative.decay, 0.5),
    Reach({"CINEMAI_CF_RECENCY_FLOOR": "0.3"}, lambda c: recommend(c)._gather._params.collaborative.recency_floor, 0.3),
    Reach(
        {"CINEMAI_SIGNAL_POPULARITY_PENALTY": "1.5"},
        lambda c: recommend(c)._gather._params.collaborative.popularity_penalty,
        1.5,
    ),
    Reach({"CINEMAI_TRANSITIONS_WINDOW": "5"},
          lambda c: (c.rebuild_collaborative_model()._params.transitions_window,
                     type(c.rebuild_collaborative_model()._transitions).__name__), (5, "ScipyTransitionsFitter")),
    Reach({"CINEMAI_RANKER_MODEL": str(RANKER_FILE)}, lambda c: recommend(c)._params.ranker.version, "ranker-v1.txt"),
    Reach({"CINEMAI_CF_NEIGHBOURS": "40"}, lambda c: c.rebuild_collaborative_model()._params.neighbours, 40),
    Reach({"CINEMAI_CF_USER_WEIGHTING": "none"}, lambda c: c.rebuild_collaborative_model()._params.user_weighting,
          "none"),
    Reach({"CINEMAI_CF_SHRINK": "2"}, lambda c: c.rebuild_collaborative_model()._params.shrink, 2.0),
    Reach({"CINEMAI_CF_MIN_USERS": "4"}, lambda c: recommend(c)._gather._params.collaborative.min_users, 4),
    Reach({"CINEMAI_CF_MIN_SUPPORT": "9"},
          lambda c: (c.rebuild_collaborative_model()._params.min_support, c.local_reranker().min_support), (9, 9)),
    Reach({"CINEMAI_CF_FULL_WEIGHT_USERS": "30"}, lambda c: recommend(c)._gather._params.collaborative.full_weight_users, 30),
    Reach({"CINEMAI_CF_POPULARITY_MIN_USERS": "12"}, lambda c: recommend(c)._gather._params.collaborative.popularity_min_users, 12),
    Reach({"CINEMAI_CF_CANDIDATES": "55"}, lambda c: recommend(c)._gather._params.collaborative.candidates, 55),
    Reach({"CINEMAI_CF_REBUILD_MIN_CHANGE": "10"}, lambda c: c.rebuild_collaborative_model()._min_change, 10),
    Reach({"CINEMAI_CF_REBUILD_MIN_GROWTH": "0.5"}, lambda c: c.rebuild_collaborative_model()._min_growth, 0.5),
    Reach({"CINEMAI_CF_REFIT": "background"}, lambda c: type(c.users.import_watch_history()._collaborative).__name__, "RefitInBackground"),
    Reach({"CINEMAI_CF_REFIT": "inline"}, lambda c: type(c.users.import_watch_history()._collaborative).__name__, "RebuildCollaborativeModel"),
    # the parser, the list reader and (API) the body-size middleware all follow the one upload limit
    Reach({"CINEMAI_MAX_UPLOAD_MB": "2"},
          lambda c: (c.users.history_parser()._max_bytes, c.users.history_parser()._max_zip_bytes,
                     c.users.list_reader()._max_zip_bytes), (2 * 1024 * 1024,) * 3),
    Reach({"CINEMAI_MAX_UPLOAD_MB": "3"}, lambda c: middleware(c, "BodySizeLimitAsgiMiddleware", "upload_bytes"),
          3 * 1024 * 1024, where=("api",)),
    Reach({"CINEMAI_MAX_ROWS": "99"},
          lambda c: (c.import_watch_history()._max_rows, c.import_list()._max_rows, c.users.history_parser()._max_rows),
          (99, 99, 99)),
    Reach({"CINEMAI_CORS_ORIGINS": '["https://app.example"]'},
          lambda c: middleware(c, "CORSMiddleware", "allow_origins"), ["https://app.example"], where=("api",)),
    Reach({"CINEMAI_RATE_LIMIT_PER_MINUTE": "11"}, lambda c: c.rate_limiter()._per_minute, 11),
    Reach({"CINEMAI_SIGNUP_RATE_PER_MINUTE": "3"}, lambda c: c.signup_rate_limiter()._per_minute, 3),
    Reach({"CINEMAI_SEARCH_RATE_PER_MINUTE": "13"}, lambda c: c.search_rate_limiter()._per_minute, 13),
    Reach({"CINEMAI_ANONYMOUS_RATE_PER_MINUTE": "17"}, lambda c: c.anonymous_rate_limiter()._per_minute, 17),
    # `cinemai serve` hands it to uvicorn
    Reach({"CINEMAI_FORWARDED_ALLOW_IPS": "10.0.0.0/8"}, lambda c: c.settings().forwarded_allow_ips, "10.0.0.0/8",
          where=("cli",)),
    Reach({"CINEMAI_AUTH_CACHE_SECONDS": "5"}, lambda c: c.users.auth_cache()._ttl, 5.0),
    Reach({"CINEMAI_JOBS": "redis", "REDIS_URL": "redis://q.invalid:6379/0"},
          lambda c: type(c.job_queue()).__name__, "SaqJobQueue"),
    Reach({"CINEMAI_BACKGROUND_UPLOAD_MB": "0.5"}, lambda c: c.settings().background_upload_bytes, 512 * 1024,
          where=("api",)),
    Reach({"CINEMAI_JOB_TIMEOUT_SECONDS": "60", "CINEMAI_JOBS": "redis", "REDIS_URL": "redis://q.invalid/0"},
          lambda c: c.job_queue()._timeout, 60),
    # `cinemai worker` / `cinemai serve` read these off the settings of the container they are given
    Reach({"CINEMAI_WORKER_CONCURRENCY": "5"}, lambda c: c.settings().worker_concurrency, 5, where=("cli",)),
    Reach({"CINEMAI_HOST": "0.0.0.0"}, lambda c: c.settings().host, "0.0.0.0", where=("cli",)),
    Reach({"CINEMAI_PORT": "8123"}, lambda c: c.settings().port, 8123, where=("cli",)),
    Reach({"CINEMAI_WORKERS": "3"}, lambda c: c.settings().workers, 3, where=("cli",)),
]  # fmt: skip


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Iterator[pytest.MonkeyPatch]:
    """No CinemAI variable from the machine, no .env file: only what the case sets."""
    import os

    for name in list(os.environ):
        if name.startswith(ENV_PREFIXES):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    for name, value in BASE_ENV.items():
        monkeypatch.setenv(name, value)
    yield monkeypatch


def api_container() -> Any:
    app = create_app()  # as `cinemai serve` / uvicorn build it: a fresh Container from the environment
    container = app.state.container
    container.app = app
    return container


def cli_container(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The container `cinemai <command>` hands its handler, caught by a recording subcommand."""
    seen: list[Container] = []

    async def record(args: argparse.Namespace, container: Container, console: Console) -> int:
        seen.append(container)
        return 0

    def parser() -> argparse.ArgumentParser:
        p = argparse.ArgumentParser(prog="cinemai")
        p.add_argument("-v", "--verbose", action="store_true")
        p.add_subparsers(dest="command", required=True).add_parser("probe").set_defaults(handler=record)
        return p

    monkeypatch.setattr(cli_main, "build_parser", parser)
    monkeypatch.setattr(cli_main, "exit_on_termination_signals", lambda: None)
    assert cli_main.main(["probe"]) == 0
    return seen[0]


PAIRS = [(c, entry) for c in CASES for entry in ("api", "cli") if entry in c.where]


@pytest.mark.parametrize(("case", "entry"), PAIRS, ids=[f"{c.id}-{i}-{e}" for i, (c, e) in enumerate(PAIRS)])
def test_setting_reaches_what_it_names(case: Reach, entry: str, clean_env: pytest.MonkeyPatch) -> None:
    for name, value in case.env.items():
        clean_env.setenv(name, value)
    container = api_container() if entry == "api" else cli_container(clean_env)
    try:
        assert case.probe(container) == case.expected
    finally:
        container.unwire()


def test_every_setting_in_the_readme_table_has_a_case() -> None:
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| `DATABASE_URL` |") :].split("\n\n", 1)[0]
    named = {n for row in table.splitlines() for n in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}
    covered = {name for case in CASES for name in case.env}
    assert named - covered == set()
