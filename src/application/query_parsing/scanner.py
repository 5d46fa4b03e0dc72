"""The local parser's working state: tokens, which of them a rule has used, what was found so far, and
the phrase tables built over the catalog's vocabulary."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from src.application.filter_vocabulary import COUNTRY_ALIASES
from src.application.query_parsing.words import DEMONYMS, LANGUAGE_WORDS
from src.domain.movie import MovieId


@dataclass
class QueryState:
    genres: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    exclude_countries: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    year_min: int | None = None
    year_max: int | None = None
    runtime_min: int | None = None
    runtime_max: int | None = None
    anchors: list[MovieId] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    relative: str | None = None
    unknown: list[str] = field(default_factory=list)

    def years(self, low: int | None, high: int | None) -> None:
        if low is not None:
            self.year_min = low if self.year_min is None else max(self.year_min, low)
        if high is not None:
            self.year_max = high if self.year_max is None else min(self.year_max, high)

    def runtime(self, low: int | None, high: int | None) -> None:
        if low is not None:
            self.runtime_min = low if self.runtime_min is None else max(self.runtime_min, low)
        if high is not None:
            self.runtime_max = high if self.runtime_max is None else min(self.runtime_max, high)


def tokenize(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("–", "-")
    text = re.sub(r"'(\d0s)\b", r"\1", text)  # '90s → 90s
    text = re.sub(r"\b(\d0)'s\b", r"\1s", text)  # 80's → 80s
    text = re.sub(r"\b(\d{4})\s*-\s*(\d{4})\b", r"\1 to \2", text)
    return re.findall(r"\d+\.\d+|[a-z0-9]+|[,.;!?]", text)


class Scanner:
    def __init__(self, tokens: list[str]) -> None:
        self.t = tokens
        self.used = [False] * len(tokens)

    def free(self, i: int, n: int = 1) -> bool:
        return i + n <= len(self.t) and not any(self.used[i : i + n])

    def at(self, i: int, phrase: tuple[str, ...]) -> bool:
        return self.free(i, len(phrase)) and tuple(self.t[i : i + len(phrase)]) == phrase

    def first(self, i: int, phrases: list[tuple[str, ...]]) -> int:
        """Length of the longest of `phrases` at i (0: none)."""
        best = 0
        for p in phrases:
            if len(p) > best and self.at(i, p):
                best = len(p)
        return best

    def take(self, i: int, n: int) -> None:
        for k in range(i, i + n):
            self.used[k] = True


def phrase_table(
    words: dict[str, tuple[str, ...]], known: tuple[str, ...]
) -> dict[tuple[str, ...], tuple[str, ...]]:
    by_lower = {k.lower(): k for k in known}
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for phrase, values in words.items():
        kept = tuple(by_lower[v.lower()] for v in values if v.lower() in by_lower)
        if kept:
            table[tuple(phrase.split())] = kept
    return table


def country_table(countries: tuple[str, ...]) -> dict[tuple[str, ...], tuple[str, ...]]:
    table = phrase_table(DEMONYMS, countries)
    by_fold = {re.sub(r"[^a-z0-9]+", " ", c.lower()).strip(): c for c in countries}
    for fold, country in by_fold.items():
        table[tuple(fold.split())] = (country,)
    for alias, target in COUNTRY_ALIASES.items():
        if alias in {"us", "gb"}:  # ordinary words in a sentence
            continue
        hit = by_fold.get(target) or next((c for f, c in by_fold.items() if f.endswith(target)), None)
        if hit:
            table[tuple(alias.split())] = (hit,)
    return table


def language_table(languages: tuple[str, ...]) -> dict[tuple[str, ...], tuple[str, ...]]:
    table = phrase_table(LANGUAGE_WORDS, languages)
    for lang in languages:
        fold = tuple(re.sub(r"[^a-z0-9]+", " ", lang.lower()).split())
        if fold:
            table.setdefault(fold, (lang,))
    return table


def match(s: Scanner, i: int, table: dict[tuple[str, ...], tuple[str, ...]]) -> tuple[int, tuple[str, ...]]:
    n = s.first(i, list(table))
    return (n, table[tuple(s.t[i : i + n])]) if n else (0, ())
