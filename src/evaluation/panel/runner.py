"""Runs the taste panel through the real API on the real PostgreSQL catalog.

Each scenario is a fresh database copied from the catalog database (`CREATE DATABASE … TEMPLATE`), so the
panel never touches the data it reads from: 1 user (each persona alone), 3 users (the persona and the two
personas after it) and 30 users (every persona plus generated variants of them). Users are created and
histories uploaded through the HTTP API (in-process ASGI transport), the collaborative model is rebuilt as
`cinemai cf rebuild` does, then each persona asks for its top 10. The copies are dropped afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from src.application.validate_rerank import HistoryFilm, check_justification
from src.container import Container
from src.domain.labels import label_for
from src.domain.movie import Movie
from src.evaluation.panel.members import (
    SCENARIOS,
    Member,
    scenario_groups,
    scenario_members,
)
from src.evaluation.panel.taste_panel import (
    FilmKey,
    PanelRow,
    Persona,
    Pick,
    film_key,
    label_range_claims,
    measure,
    quality_percentiles,
    quality_value,
)
from src.infrastructure.db.embedded import create_engine
from src.infrastructure.db.migrate import upgrade
from src.infrastructure.settings import Settings

API = "/api/v1"
Facts = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]  # genres, directors, countries


class PanelRunner:
    def __init__(
        self, settings: Settings, *, seed: int = 0, progress: Callable[[str], None] = lambda _: None
    ):
        self._settings = settings
        self._seed = seed
        self._progress = progress

    async def run(
        self, personas: Sequence[tuple[Persona, Member]], scenarios: Sequence[int] = SCENARIOS
    ) -> list[PanelRow]:
        from src.infrastructure.db.embedded import resolve_database_url

        source_url = resolve_database_url(self._settings)
        members = [m for _, m in personas]
        rows: list[PanelRow] = []
        done: set[tuple[str, int]] = set()  # (persona, size) measured: each persona once per size
        for size in scenarios:
            for focus in scenario_groups(len(members), size):
                group = scenario_members(members, size, focus, self._seed)
                covered = {m.name for m in group}
                wanted = [p for p, _ in personas if p.name in covered and (p.name, size) not in done]
                done |= {(p.name, size) for p in wanted}
                self._progress(f"{size} users: {', '.join(p.name for p in wanted)}")
                async with _database_copy(source_url) as url:
                    rows += await self._scenario(url, group, wanted)
        return rows

    async def _scenario(self, url: str, group: list[Member], personas: list[Persona]) -> list[PanelRow]:
        engine = create_engine(url, pool_size=2)
        try:
            await upgrade(engine)
            percentiles = await _percentiles(engine)
            facts = await _facts(engine, {film_key(r.title, r.year) for m in group for r in m.rated})
        finally:
            await engine.dispose()
        container = Container()
        # the panel's own throwaway database: signing up 30 users a minute from one client is the point
        update = {
            "database_url": url,
            "auto_migrate": False,
            "signup_rate_per_minute": 0,
            "rate_limit_per_minute": 0,
            "search_rate_per_minute": 0,
            "anonymous_rate_per_minute": 0,
            # refits in the upload itself: a background job would outlive the copy it refits
            "collaborative_refit": "inline",
        }
        container.settings.override(self._settings.model_copy(update=update))
        from src.presentation.api.app import create_app

        app = create_app(container, prepare=False)
        rows = []
        try:
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://panel"
            ) as api:
                auth: dict[str, dict[str, str]] = {}
                for member in group:
                    auth[member.name] = await _upload(api, member)
                await container.rebuild_collaborative_model().execute(force=True)
                users = [m.panel_user() for m in group]
                by_name = {m.name: m for m in group}
                for persona in personas:
                    uid, headers = next(iter(auth[persona.name].items()))
                    r = await api.post(f"{API}/users/{uid}/recommendations", headers={"Authorization": headers},
                                       json={"limit": 10})  # fmt: skip
                    r.raise_for_status()
                    history = _history(by_name[persona.name], facts)
                    picks = [_pick(item, history) for item in r.json()["items"]]
                    rows.append(measure(persona, persona.name, picks, percentiles, users))
        finally:
            container.unwire()
            engine_provider = getattr(container, "engine", None)
            if engine_provider is not None:
                await engine_provider().dispose()
        return rows


async def _upload(api: httpx.AsyncClient, member: Member) -> dict[str, str]:
    r = await api.post(f"{API}/users", json={"name": member.name[:60]})
    r.raise_for_status()
    body = r.json()
    header = f"Bearer {body['api_key']}"
    r = await api.post(f"{API}/users/{body['id']}/watch-history", headers={"Authorization": header},
                       files={"file": (member.filename, member.data)})  # fmt: skip
    r.raise_for_status()
    return {body["id"]: header}


def _pick(item: dict[str, object], history: list[HistoryFilm]) -> Pick:
    m = item["movie"]
    assert isinstance(m, dict)
    movie = Movie(id=m["id"], title=m["title"], year=m["year"], genres=tuple(m["genres"]),
                  countries=tuple(m["countries"]), directors=tuple(m["directors"]))  # fmt: skip
    cluster = item["cluster"]
    label = cluster["label"] if isinstance(cluster, dict) else ""
    justification = str(item["justification"])
    labels = [label, label_for(label, movie.year)] if label else []
    false = [
        f"{f.kind}: {f.text} (expected {f.expected})"
        for f in check_justification(justification, movie, history, labels=labels)
    ]
    false += label_range_claims(justification, movie.year)
    return Pick(movie.id or 0, movie.title, movie.year, movie.genres, float(str(item["score"])), justification,
                tuple(false))  # fmt: skip


def _history(member: Member, facts: dict[FilmKey, Facts]) -> list[HistoryFilm]:
    out = []
    for r in member.rated:
        genres, directors, countries = facts.get(film_key(r.title, r.year), ((), (), ()))
        out.append(HistoryFilm(r.title, r.year, r.rating, genres, directors, countries))
    return out


async def _percentiles(engine: AsyncEngine) -> dict[int, float]:
    async with engine.connect() as conn:
        rows = (await conn.execute(text("select id, quality, vote_average from movies"))).all()
    return quality_percentiles({r[0]: quality_value(r[1], r[2]) for r in rows})


async def _facts(engine: AsyncEngine, keys: set[FilmKey]) -> dict[FilmKey, Facts]:
    from src.domain.movie import normalize_title

    titles = sorted({k[0] for k in keys})
    async with engine.connect() as conn:
        rows = (await conn.execute(
            text("select title, year, genres, directors, countries from movies where norm_title = any(:t)"),
            {"t": titles},
        )).all()  # fmt: skip
    out: dict[FilmKey, Facts] = {}
    for title, year, genres, directors, countries in rows:
        key = (normalize_title(title), year)
        if key in keys:
            out[key] = (tuple(genres), tuple(directors), tuple(countries))
    return out


@asynccontextmanager
async def _database_copy(source_url: str) -> AsyncIterator[str]:
    """A throwaway copy of the database at `source_url` (its catalog, users and all: run the panel on a
    catalog without other people in it), dropped on exit."""
    base, _, query = source_url.partition("?")  # the query may hold a socket path: split it off first
    prefix, _, source = base.rpartition("/")
    name = f"panel_{uuid.uuid4().hex[:12]}"
    admin = create_engine(f"{prefix}/template1" + (f"?{query}" if query else ""), pool_size=1)
    try:
        async with admin.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{source}"'))
        try:
            yield f"{prefix}/{name}" + (f"?{query}" if query else "")
        finally:
            async with admin.connect() as conn:
                await conn.execution_options(isolation_level="AUTOCOMMIT")
                await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()
