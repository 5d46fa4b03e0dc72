"""A justification statement by statement (`statements`): each film, rating, year, decade, director,
genre, country and label it states, and whether it holds (see validate_rerank.py for the rules)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from src.application.rerank_facts import MAX_YEAR, MIN_YEAR, HistoryFilm, Statement
from src.application.rerank_patterns import (
    COUNTRIES,
    COUNTRY_RE,
    DECADE_RE,
    DECADE_WORD_RE,
    DECADE_WORDS,
    DIRECTOR_RE,
    GENRE_NOUNS,
    GENRE_ONE_RE,
    GENRE_PHRASE_RE,
    GENRE_TERMS,
    QUOTED_RE,
    RATING_RE,
    VOUCHED_RE,
    YEAR_RE,
)
from src.domain.labels import label_genre
from src.domain.movie import Movie, normalize_title


@dataclass(frozen=True)
class _Film:
    title: str
    year: int | None
    genres: tuple[str, ...]
    directors: tuple[str, ...]
    countries: tuple[str, ...]
    rating: float | None
    kind: str  # candidate | history | other


def statements(
    text: str,
    candidate: Movie,
    history: Sequence[HistoryFilm],
    *,
    labels: Collection[str] = (),
    other_titles: Collection[str] = (),
) -> list[Statement]:
    """Every factual claim found in `text`, each judged true or false against the facts."""
    cand = _Film(candidate.title, candidate.year, candidate.genres, candidate.directors, candidate.countries,
                 None, "candidate")  # fmt: skip
    films = [cand]
    films += [
        _Film(h.title, h.year, h.genres, h.directors, h.countries, h.rating, "history") for h in history
    ]
    films += [_Film(t, None, (), (), (), None, "other") for t in other_titles]
    out: list[Statement] = []
    masked = text
    named: list[tuple[int, _Film]] = []  # (position, film) of each mention

    # quoted labels first (a label may contain a genre or decade that is not the film's own)
    label_keys = {_fold(label) for label in labels if label}
    for match in QUOTED_RE.finditer(text):
        quoted = match.group(1) or match.group(2) or ""
        if _fold(quoted) in label_keys:
            out.append(Statement("label", quoted, True))
            masked = _mask(masked, match.start(), match.end())

    # film titles, longest first, not overlapping
    by_length = sorted({f.title: f for f in films if f.title.strip()}.values(), key=lambda f: -len(f.title))
    preferred = {normalize_title(f.title): f for f in reversed(films)}  # candidate/history win over "other"
    for listed in by_length:
        film = preferred.get(normalize_title(listed.title), listed)
        pattern = re.compile(r"(?<![\w])" + re.escape(listed.title) + r"(?![\w])")
        for match in pattern.finditer(masked):
            named.append((match.start(), film))
            if film.kind == "other":
                out.append(Statement("film", film.title, False, "another candidate, not in your history"))
            else:
                out.append(Statement("film", film.title, True, film.kind))
            end = match.end()
            paren = re.match(r"\s*\((\d{4})\)", masked[end:])
            if paren:
                stated = int(paren.group(1))
                out.append(Statement("year", f"{film.title} ({stated})", film.year == stated, str(film.year)))
                end += paren.end()
            masked = _mask(masked, match.start(), end)

    named.sort(key=lambda pair: pair[0])
    mentioned = [cand, *(f for _, f in named if f.kind == "history")]

    for match in RATING_RE.finditer(masked):
        value = _stated_rating(match)
        before = [f for pos, f in named if pos < match.start() and f.kind == "history"]
        rated = before[-1] if before else None
        if rated is None:
            out.append(Statement("rating", match.group(0), False, "a rating of no film from your history"))
        else:
            ok = rated.rating is not None and abs(rated.rating - value) < 0.05
            expected = f"{rated.rating:g}/10" if rated.rating is not None else "rating unknown"
            out.append(Statement("rating", f"{rated.title}: {match.group(0)}", ok, expected))
        masked = _mask(masked, match.start(), match.end())

    # a film the text says the user rated/liked, when it is not a known title
    for match in VOUCHED_RE.finditer(masked):
        title = match.group(1).strip()
        if title.lower() in {"it", "this", "that", "them", "these", "those"}:
            continue
        out.append(Statement("film", title, False, "not a film from your history"))
        masked = _mask(masked, match.start(1), match.end(1))

    for match in DIRECTOR_RE.finditer(masked):
        for name in re.split(r"\s+and\s+", match.group(1)):
            name = name.rstrip(".'’")
            known = {_fold(d) for f in mentioned for d in f.directors}
            out.append(
                Statement("director", name, _fold(name) in known, ", ".join(candidate.directors) or "unknown")
            )
        masked = _mask(masked, match.start(), match.end())
    all_directors = {d for f in films for d in f.directors if len(d) > 3}
    mentioned_directors = {_fold(d) for f in mentioned for d in f.directors}
    for director in sorted(all_directors, key=len, reverse=True):
        for match in re.finditer(r"(?<![\w])" + re.escape(director) + r"(?![\w])", masked):
            out.append(Statement("director", director, _fold(director) in mentioned_directors,
                                 ", ".join(candidate.directors) or "unknown"))  # fmt: skip
            masked = _mask(masked, match.start(), match.end())

    for match in DECADE_RE.finditer(masked):
        digits = match.group(0)
        decade = _decade_of(match)
        out.append(Statement("decade", digits, decade in _decades(mentioned), _expected_decade(candidate)))
        masked = _mask(masked, match.start(), match.end())
    for match in DECADE_WORD_RE.finditer(masked):
        digit = DECADE_WORDS[match.group(1).lower()]
        ok = any(d % 100 == digit * 10 for d in _decades(mentioned))
        out.append(Statement("decade", match.group(1), ok, _expected_decade(candidate)))
        masked = _mask(masked, match.start(), match.end())
    for match in YEAR_RE.finditer(masked):
        year = int(match.group(1))
        if not MIN_YEAR <= year <= MAX_YEAR:
            continue
        ok = any(f.year == year for f in mentioned)
        out.append(
            Statement("year", match.group(1), ok, str(candidate.year) if candidate.year else "unknown")
        )

    for phrase in GENRE_PHRASE_RE.finditer(masked):
        if not _is_genre_claim(phrase, masked):
            continue  # "non-stop action", "after the war", "a crime boss": ordinary words, no claim
        for match in GENRE_ONE_RE.finditer(phrase.group(1)):
            said = match.group(0)
            term = GENRE_TERMS[" ".join(said.lower().split())]
            ok = _has_genre(term, mentioned) or _has_genre(said.lower(), mentioned)
            out.append(Statement("genre", said, ok, ", ".join(candidate.genres)))
    for match in COUNTRY_RE.finditer(masked):
        country = COUNTRIES[match.group(1).lower()]
        known = {COUNTRIES.get(c.lower(), c.lower()) for f in mentioned for c in f.countries}
        out.append(
            Statement(
                "country", match.group(1), country in known, ", ".join(candidate.countries) or "unknown"
            )
        )
    return out


def _stated_rating(match: re.Match[str]) -> float:
    """A stated rating on the 0–10 scale: '9/10' → 9, '4.5 stars' / '4.5/5' → 9, '★★★★½' → 9."""
    if match.group(1):
        return float(match.group(1))
    stars = match.group(2) or match.group(3)
    if stars:
        return float(stars) * 2
    glyphs = match.group(4)
    return glyphs.count("★") * 2.0 + (1.0 if "½" in glyphs else 0.0)


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split())


def _decade_of(match: re.Match[str]) -> int:
    if match.group(1):
        return int(match.group(1)) * 100 + int(match.group(2)) * 10
    digit = int(match.group(3) or match.group(4))
    return (2000 if digit < 3 else 1900) + digit * 10


def _decades(films: Iterable[_Film]) -> set[int]:
    return {f.year // 10 * 10 for f in films if f.year}


def _expected_decade(movie: Movie) -> str:
    return movie.decade or "unknown"


def _is_genre_claim(phrase: re.Match[str], text: str) -> bool:
    """A run of genre words claims genres when it holds a genre noun ("thriller", "western": genre words
    whatever surrounds them), is followed by a film noun ("a war film", "crime cinema"), or stands in a
    label-like list ("Action · Thriller"). Otherwise its words are ordinary ("action", "war", "crime")."""
    if phrase.group("after") or "·" in phrase.group(1) or text[: phrase.start()].rstrip().endswith("·"):
        return True
    words = (" ".join(m.group(0).lower().split()) for m in GENRE_ONE_RE.finditer(phrase.group(1)))
    return any(w in GENRE_NOUNS for w in words)


def _has_genre(term: str, films: Iterable[_Film]) -> bool:
    """The term names a genre of one of the films: same display genre, or contained in one
    ("thriller" in "Psychological thriller")."""
    shown = label_genre(term).casefold()
    for film in films:
        for genre in film.genres:
            display = label_genre(genre).casefold()
            if display == shown or term in display or term in genre.casefold():
                return True
    return False
