"""The panel's users: the personas (examples/panel: a manifest and one ratings export each), generated
variants of them, and which users share each scenario's database."""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from src.domain.history import LIKE_THRESHOLD
from src.evaluation.panel.taste_panel import PanelUser, Persona, film_key

DEFAULT_PANEL_DIR = Path(__file__).resolve().parents[3] / "examples" / "panel"
SCENARIOS = (1, 3, 30)


@dataclass(frozen=True)
class Rated:
    title: str
    year: int | None
    rating: float  # 0–10


@dataclass(frozen=True)
class Member:
    """A user to create in a scenario database: a persona or a variant of one."""

    name: str
    taste: str
    filename: str
    data: bytes
    rated: tuple[Rated, ...]

    def panel_user(self) -> PanelUser:
        liked = frozenset(film_key(r.title, r.year) for r in self.rated if r.rating >= LIKE_THRESHOLD)
        return PanelUser(self.name, self.taste, liked)


def load_personas(panel_dir: Path) -> list[tuple[Persona, Member]]:
    manifest = json.loads((panel_dir / "personas.json").read_text())
    out = []
    for entry in manifest["personas"]:
        persona = Persona(entry["name"], entry["file"], tuple(entry["genres"]))
        data = (panel_dir / persona.file).read_bytes()
        out.append(
            (persona, Member(persona.name, persona.name, persona.file, data, tuple(read_ratings(data))))
        )
    return out


def read_ratings(data: bytes) -> list[Rated]:
    """The (title, year, 0–10 rating) rows of a Letterboxd or IMDb ratings CSV."""
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    out = []
    for row in rows:
        if "Letterboxd URI" in row:
            title, year, rating = row["Name"], row["Year"], float(row["Rating"]) * 2
        else:
            title, year, rating = row["Title"], row["Year"], float(row["Your Rating"])
        out.append(Rated(title, int(year) if year else None, rating))
    return out


def variant(base: Member, index: int, seed: int) -> Member:
    """A generated user of the same taste: a seeded ~70% subset of the persona's films, each rating moved
    by up to half a star, as a Letterboxd export."""
    rng = random.Random(f"{seed}:{base.name}:{index}")
    keep = [r for r in base.rated if rng.random() < 0.7] or list(base.rated[:5])
    rated = tuple(
        Rated(r.title, r.year, max(1.0, min(10.0, r.rating + rng.choice((-1.0, 0.0, 1.0))))) for r in keep
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Date", "Name", "Year", "Letterboxd URI", "Rating"])
    for i, r in enumerate(rated):
        writer.writerow(
            [f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}", r.title, r.year or "", "", f"{r.rating / 2:g}"]
        )
    name = f"{base.name}~{index}"
    return Member(name, base.taste, f"{name}.csv", buffer.getvalue().encode(), rated)


def scenario_members(members: Sequence[Member], size: int, focus: int, seed: int) -> list[Member]:
    """The users of a `size`-user database around persona `focus`: itself, the personas after it, then
    variants of every persona in turn."""
    n = len(members)
    chosen = [members[(focus + i) % n] for i in range(min(size, n))]
    i = 0
    while len(chosen) < size:
        chosen.append(variant(members[i % n], i // n, seed))
        i += 1
    return chosen


def scenario_groups(count: int, size: int) -> list[int]:
    """The focus personas whose databases cover every persona: one database per persona for size 1 and
    size ≥ count (one shared database), else every `size`-th persona."""
    if size == 1:
        return list(range(count))
    if size >= count:
        return [0]
    return list(range(0, count, size))
