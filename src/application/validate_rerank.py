"""Checks a reranker's answer against the facts, for every reranker (local or LLM).

Two checks:

1. The order: a permutation of the candidate ids. `repair_order` drops an unknown (hallucinated) id, keeps
   the first of a duplicated id, and appends a missing id at the end in the candidates' (score) order;
   each repair is reported.
2. Each justification, statement by statement (`statements`): every film it names is the candidate or a
   film from the user's history (a named film of another candidate, or a film the text says the user
   rated/liked that is not in the history, is false); every rating it states ("9/10", "4.5 stars",
   "5★", "4/5") is the user's own rating of the history film named before it (a rating of no named film,
   or of a film whose rating is unknown, is false); every year, decade, director, genre and country it
   states belongs to the candidate or to a history film it names. Genre words count as a genre claim
   only where they describe a film: a genre noun ("thriller", "western", "horror", "comedy"), genre
   words before a film noun ("a war film", "an action and crime movie") or in a label-like list
   ("Action · Thriller"); "non-stop action", "after the war", "a crime boss" claim nothing; a quoted label is the candidate's cluster label (or another
   of the profile's labels); cited evidence ids are among those offered for that candidate.

A justification with a false statement is replaced by the local evidence wording for that item alone
(see `validate_answer`). Pure: stdlib + domain.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from src.domain.labels import label_genre
from src.domain.movie import Movie, normalize_title
from src.domain.profile import LikedMovie

MIN_YEAR, MAX_YEAR = 1880, 2039


@dataclass(frozen=True)
class HistoryFilm:
    """A film from the user's history that a justification may cite. `rating` is on the 0–10 scale,
    None when unknown (then any stated rating of it is false: it cannot be verified)."""

    title: str
    year: int | None = None
    rating: float | None = None
    genres: tuple[str, ...] = ()
    directors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    evidence_id: str = ""


@dataclass(frozen=True)
class Statement:
    """One factual claim found in a justification. `expected` says what the facts are when it is false."""

    kind: str  # film | rating | year | decade | director | genre | country | label | evidence
    text: str
    true: bool
    expected: str = ""


@dataclass(frozen=True)
class FalseStatement:
    kind: str
    text: str
    expected: str


@dataclass(frozen=True)
class ProposedItem:
    """One item of a reranker's answer: a candidate id, its justification, the evidence ids it cites."""

    movie_id: int
    justification: str
    cited: tuple[str, ...] = ()


@dataclass(frozen=True)
class ItemVerdict:
    movie_id: int
    statements: tuple[Statement, ...]
    reason: str = ""  # why the justification was not kept ("" = kept)
    text: str = ""  # the justification checked

    @property
    def named_films(self) -> list[str]:
        """Titles of the films the justification names, the candidate excepted (true statements only)."""
        return [s.text for s in self.statements if s.kind == "film" and s.true and s.expected != "candidate"]

    @property
    def kept(self) -> bool:
        return not self.reason

    @property
    def false_statements(self) -> list[FalseStatement]:
        return [FalseStatement(s.kind, s.text, s.expected) for s in self.statements if not s.true]


@dataclass
class RerankValidation:
    """The checked answer: the repaired order, what was repaired, and a verdict per candidate in it.
    `usable` is False when no candidate id at all survived (the caller falls back entirely)."""

    order: list[int]
    order_repairs: list[str] = field(default_factory=list)
    verdicts: dict[int, ItemVerdict] = field(default_factory=dict)

    @property
    def usable(self) -> bool:
        return any(v.reason != "missing" for v in self.verdicts.values())

    @property
    def replaced(self) -> list[int]:
        return [i for i in self.order if not self.verdicts[i].kept]

    @property
    def clean(self) -> bool:
        return not self.order_repairs and not self.replaced


def repair_order(proposed: Sequence[int], candidate_ids: Sequence[int]) -> tuple[list[int], list[str]]:
    """A permutation of `candidate_ids` that follows `proposed` as far as it is valid, and the repairs."""
    allowed = set(candidate_ids)
    order: list[int] = []
    seen: set[int] = set()
    repairs: list[str] = []
    for movie_id in proposed:
        if movie_id not in allowed:
            repairs.append(f"unknown id {movie_id} dropped")
        elif movie_id in seen:
            repairs.append(f"duplicate id {movie_id} dropped")
        else:
            seen.add(movie_id)
            order.append(movie_id)
    for movie_id in candidate_ids:
        if movie_id not in seen:
            repairs.append(f"missing id {movie_id} appended")
            order.append(movie_id)
    return order, repairs


def validate_answer(
    items: Sequence[ProposedItem],
    candidates: Mapping[int, tuple[Movie, str]],
    history: Sequence[HistoryFilm],
    *,
    labels: Collection[str] = (),
    evidence: Mapping[int, Collection[str]] | None = None,
) -> RerankValidation:
    """Checks `items` against `candidates` (id → (movie, its cluster label), in score order) and the
    user's `history`. `evidence` maps a candidate id to the evidence ids offered for it (None: citations
    are not checked). A missing candidate gets the verdict reason "missing"; a duplicate's second text
    is ignored."""
    order, repairs = repair_order([i.movie_id for i in items], list(candidates))
    first: dict[int, ProposedItem] = {}
    for item in items:
        if item.movie_id in candidates:
            first.setdefault(item.movie_id, item)
    others = {normalize_title(m.title): m.title for m, _ in candidates.values()}
    verdicts: dict[int, ItemVerdict] = {}
    for movie_id in order:
        proposed = first.get(movie_id)
        if proposed is None:
            verdicts[movie_id] = ItemVerdict(movie_id, (), "missing")
            continue
        movie, label = candidates[movie_id]
        found = statements(
            proposed.justification,
            movie,
            history,
            labels=[label, *labels],
            other_titles=[t for k, t in others.items() if k != normalize_title(movie.title)],
        )
        if evidence is not None:
            offered = evidence.get(movie_id, ())
            found += [
                Statement("evidence", e, e in offered, "one of " + ", ".join(sorted(offered)) or "none")
                for e in proposed.cited
            ]
        reason = ""
        if not proposed.justification.strip():
            reason = "empty"
        elif any(not s.true for s in found):
            reason = "false: " + "; ".join(f"{s.kind} {s.text!r}" for s in found if not s.true)
        verdicts[movie_id] = ItemVerdict(movie_id, tuple(found), reason, proposed.justification)
    return RerankValidation(order=order, order_repairs=repairs, verdicts=verdicts)


def check_justification(
    text: str,
    candidate: Movie,
    history: Sequence[HistoryFilm],
    *,
    labels: Collection[str] = (),
    other_titles: Collection[str] = (),
) -> list[FalseStatement]:
    """The false statements of `text` (empty when every statement holds)."""
    found = statements(text, candidate, history, labels=labels, other_titles=other_titles)
    return [FalseStatement(s.kind, s.text, s.expected) for s in found if not s.true]


# ---------------------------------------------------------------- statement extraction

_GENRE_TERMS = {
    "horror": "horror", "thriller": "thriller", "thrillers": "thriller", "comedy": "comedy",
    "comedies": "comedy", "drama": "drama", "dramas": "drama", "sci-fi": "sci-fi",
    "science fiction": "science fiction", "science-fiction": "science fiction", "romance": "romance",
    "romantic": "romance", "rom-com": "romantic comedy", "western": "western", "westerns": "western",
    "animation": "animation", "animated": "animation", "documentary": "documentary", "musical": "musical",
    "war": "war", "crime": "crime", "mystery": "mystery", "fantasy": "fantasy", "adventure": "adventure",
    "action": "action", "noir": "noir", "film noir": "noir", "neo-noir": "neo-noir", "biopic": "biography",
    "slasher": "slasher", "superhero": "superhero",
}  # fmt: skip
# Terms that name a genre wherever they stand in a justification ("a tense thriller", "this comedy").
_GENRE_NOUNS = {
    "horror", "thriller", "thrillers", "comedy", "comedies", "drama", "dramas", "sci-fi", "science fiction",
    "science-fiction", "rom-com", "western", "westerns", "documentary", "noir", "film noir", "neo-noir",
    "biopic", "slasher",
}  # fmt: skip
# Film nouns that make the genre words before them a claim about a film ("a war film", "crime cinema").
_FILM_NOUN = (
    r"(?:films?|movies?|pictures?|features?|flicks?|classics?|epics?|fare|genre|cinema|entr(?:y|ies)|"
    r"sagas?|tales?)"
)
_GENRE_TERM = (
    r"(?<![\w-])(?:" + "|".join(re.escape(t) for t in sorted(_GENRE_TERMS, key=len, reverse=True)) + r")(?![\w-])"
)
_GENRE_SEP = r"(?:\s*(?:,|/|&|·|-|–)\s*|\s+(?:and|or)\s+|\s+)"
# A run of genre terms ("sci-fi horror", "action and crime", "Horror · Thriller") and what follows it.
_GENRE_PHRASE_RE = re.compile(
    r"(" + _GENRE_TERM + r"(?:" + _GENRE_SEP + _GENRE_TERM + r")*)"
    + r"(?P<after>\s+" + _FILM_NOUN + r"(?![\w-])|\s*·)?",
    re.IGNORECASE,
)
_GENRE_ONE_RE = re.compile(_GENRE_TERM, re.IGNORECASE)
_COUNTRIES = {
    "american": "united states", "u.s.": "united states", "us": "united states", "usa": "united states",
    "united states": "united states", "united states of america": "united states",
    "british": "united kingdom", "uk": "united kingdom", "gb": "united kingdom", "english": "united kingdom",
    "united kingdom": "united kingdom", "french": "france", "france": "france", "fr": "france",
    "japanese": "japan", "japan": "japan", "jp": "japan", "korean": "south korea", "south korean": "south korea",
    "south korea": "south korea", "kr": "south korea", "german": "germany", "germany": "germany",
    "de": "germany", "italian": "italy", "italy": "italy", "it": "italy", "spanish": "spain", "spain": "spain",
    "es": "spain", "mexican": "mexico", "mexico": "mexico", "mx": "mexico", "chinese": "china",
    "china": "china", "cn": "china", "hong kong": "hong kong", "hk": "hong kong", "indian": "india",
    "india": "india", "in": "india", "swedish": "sweden", "sweden": "sweden", "se": "sweden",
    "danish": "denmark", "denmark": "denmark", "dk": "denmark", "canadian": "canada", "canada": "canada",
    "ca": "canada", "australian": "australia", "australia": "australia", "au": "australia",
    "soviet": "soviet union", "russian": "russia", "russia": "russia", "ru": "russia", "iranian": "iran",
    "iran": "iran", "brazilian": "brazil", "brazil": "brazil", "br": "brazil",
}  # fmt: skip
_COUNTRY_WORDS = [k for k in _COUNTRIES if len(k) > 3 or k == "u.s."]
_COUNTRY_RE = re.compile(
    r"(?<![\w.])("
    + "|".join(re.escape(t) for t in sorted(_COUNTRY_WORDS, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"(?<![\w'’])(\d{4})(?![\w'’])")
_DECADE_RE = re.compile(r"(?<![\w])(?:(1[89]|20)(\d)0s|['’](\d)0s|(\d)0s)(?![\w])")
_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}  # fmt: skip
_DECADE_WORD_RE = re.compile(r"(?<![\w-])(" + "|".join(_DECADE_WORDS) + r")(?![\w])", re.IGNORECASE)
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:(?:de|van|von|del|da|di|le|la|du)\s+)?[A-Z][\w'’.-]*)*"
_DIRECTOR_RE = re.compile(
    r"(?:directed by|director|filmmaker|from director|by director)\s+("
    + _NAME
    + r"(?:\s+and\s+"
    + _NAME
    + r")?)"
)
_RATING_RE = re.compile(
    r"(?<![\w.])(\d{1,2}(?:\.\d)?)\s*(?:/\s*10|out of 10)(?![\w])"
    r"|(?<![\w.])(\d(?:\.\d)?)\s*(?:(?:/\s*5|out of 5)\s*)?(?:stars?(?![\w])|★)"
    r"|(?<![\w.])(\d(?:\.\d)?)\s*(?:/\s*5|out of 5)(?![\w]|\.\d)"
    r"|(★{1,5}½?|★{0,4}½)",
    re.IGNORECASE,
)
_VOUCHED_RE = re.compile(
    r"\byou(?:\s+(?:also|really|clearly))?\s+(?:rated|loved|liked|enjoyed|gave|adored|watched)\s+"
    r"(?:the film |the movie )?[\"“]?("
    + r"[A-Z0-9][\w'’:&-]*(?:\s+(?:(?:of|the|and|in|a|an|to|on)\s+)*[A-Z0-9][\w'’:&-]*)*"
    + r")"
)
_QUOTED_RE = re.compile(r"“([^”]{1,80})”|\"([^\"]{1,80})\"")


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
    for match in _QUOTED_RE.finditer(text):
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

    for match in _RATING_RE.finditer(masked):
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
    for match in _VOUCHED_RE.finditer(masked):
        title = match.group(1).strip()
        if title.lower() in {"it", "this", "that", "them", "these", "those"}:
            continue
        out.append(Statement("film", title, False, "not a film from your history"))
        masked = _mask(masked, match.start(1), match.end(1))

    for match in _DIRECTOR_RE.finditer(masked):
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

    for match in _DECADE_RE.finditer(masked):
        digits = match.group(0)
        decade = _decade_of(match)
        out.append(Statement("decade", digits, decade in _decades(mentioned), _expected_decade(candidate)))
        masked = _mask(masked, match.start(), match.end())
    for match in _DECADE_WORD_RE.finditer(masked):
        digit = _DECADE_WORDS[match.group(1).lower()]
        ok = any(d % 100 == digit * 10 for d in _decades(mentioned))
        out.append(Statement("decade", match.group(1), ok, _expected_decade(candidate)))
        masked = _mask(masked, match.start(), match.end())
    for match in _YEAR_RE.finditer(masked):
        year = int(match.group(1))
        if not MIN_YEAR <= year <= MAX_YEAR:
            continue
        ok = any(f.year == year for f in mentioned)
        out.append(
            Statement("year", match.group(1), ok, str(candidate.year) if candidate.year else "unknown")
        )

    for phrase in _GENRE_PHRASE_RE.finditer(masked):
        if not _is_genre_claim(phrase, masked):
            continue  # "non-stop action", "after the war", "a crime boss": ordinary words, no claim
        for match in _GENRE_ONE_RE.finditer(phrase.group(1)):
            said = match.group(0)
            term = _GENRE_TERMS[" ".join(said.lower().split())]
            ok = _has_genre(term, mentioned) or _has_genre(said.lower(), mentioned)
            out.append(Statement("genre", said, ok, ", ".join(candidate.genres)))
    for match in _COUNTRY_RE.finditer(masked):
        country = _COUNTRIES[match.group(1).lower()]
        known = {_COUNTRIES.get(c.lower(), c.lower()) for f in mentioned for c in f.countries}
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
    words = (" ".join(m.group(0).lower().split()) for m in _GENRE_ONE_RE.finditer(phrase.group(1)))
    return any(w in _GENRE_NOUNS for w in words)


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


def history_films(liked: Iterable[LikedMovie]) -> list[HistoryFilm]:
    """HistoryFilm for each of a profile's liked movies (`profile.liked`), evidence ids "h1", "h2", …
    in profile order, each with the user's own rating (None when the history had none)."""
    return [
        HistoryFilm(
            title=m.title,
            year=m.year,
            rating=float(m.rating) if m.rating is not None else None,
            genres=tuple(m.genres),
            directors=tuple(m.directors),
            evidence_id=f"h{index}",
        )
        for index, m in enumerate(liked, start=1)
    ]
