"""Rows ↔ domain for a user's history and profile, shared by the SQLAlchemy repositories and the raw
asyncpg reads of the hot path (db/snapshot_reader.py). Rows are anything indexable by column name."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Protocol

import numpy as np

from src.application.ports.users import StoredWatch
from src.domain.history import WatchEntry
from src.domain.profile import ClusterMember, LikedMovie, TasteCluster, TasteProfile, UserId


class Row(Protocol):
    """A result row by column name: SQLAlchemy's RowMapping or asyncpg's Record."""

    def __getitem__(self, key: str) -> Any: ...


def watch_from_row(row: Row) -> StoredWatch:
    entry = WatchEntry(
        line=row["line"],
        title=row["title"],
        original_title=row["original_title"],
        year=row["year"],
        rating=row["rating"],
        watched_at=row["watched_at"],
        imdb_id=row["imdb_id"],
        tmdb_id=row["tmdb_id"],
        genres=tuple(row["genres"] or ()),
        directors=tuple(row["directors"] or ()),
        countries=tuple(row["countries"] or ()),
        description=row["description"],
        rewatch=row["rewatch"],
    )
    return StoredWatch(
        entry=entry,
        movie_id=row["movie_id"],
        match_method=row["match_method"],
        liked=row["liked"],
        weight=row["weight"],
        in_profile=row["in_profile"],
        id=row["id"],
    )


def _members(raw: Any) -> list[Any]:
    return json.loads(raw) if isinstance(raw, str | bytes) else list(raw)


def cluster_from_row(r: Row) -> TasteCluster:
    return TasteCluster(
        id=r["cluster_no"],
        label=r["label"],
        centroid=np.asarray(r["centroid"], dtype=np.float32),
        weight=r["weight"],
        size=r["size"],
        members=[
            ClusterMember(
                title=m["title"],
                year=m.get("year"),
                weight=m["weight"],
                movie_id=m.get("movie_id"),
                genres=tuple(m.get("genres", ())),
                directors=tuple(m.get("directors", ())),
            )
            for m in _members(r["members"])
        ],
    )


def liked_from_row(r: Row) -> LikedMovie:
    return LikedMovie(
        title=r["title"],
        year=r["year"],
        weight=r["weight"],
        embedding=np.asarray(r["embedding"], dtype=np.float32),
        cluster_id=r["cluster_no"],
        movie_id=r["movie_id"],
        genres=tuple(r["genres"] or ()),
        directors=tuple(r["directors"] or ()),
        rating=r["rating"],
    )


def profile_from_rows(user_id: UserId, head: Row, clusters: Iterable[Row], liked: Iterable[Row]) -> TasteProfile:
    """`clusters` by cluster_no, `liked` by id, as stored."""
    return TasteProfile(
        user_id=user_id,
        clusters=[cluster_from_row(r) for r in clusters],
        algorithm=head["algorithm"],
        liked=[liked_from_row(r) for r in liked],
        version=head["version"],
        embedding_model=head["embedding_model"],
        updated_at=head["updated_at"],
    )


def lists_stamp(rows: Iterable[tuple[int, bool]]) -> str:
    """What a user's lists contribute to a recommendation page's cache key: ids, standing ones marked."""
    return ",".join(f"{list_id}{'s' if standing else ''}" for list_id, standing in sorted(rows))
