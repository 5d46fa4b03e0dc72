"""The deterministic local query parser: "a 90s French crime film like Heat but shorter" → genres,
countries, years, runtime, excluded genres and anchor films, over the catalog's own vocabulary, and
the words left over (embedded as free text). Pure: no I/O; the vocabulary is given."""

from __future__ import annotations

import re

from src.application.ports.query import QueryVocabulary
from src.application.query_parsing import rules, spans
from src.application.query_parsing.phrases import ANCHOR_TRIGGERS as ANCHOR_TRIGGERS
from src.application.query_parsing.phrases import DECADE_WORDS, FILLER
from src.application.query_parsing.scanner import (
    QueryState,
    Scanner,
    country_table,
    language_table,
    phrase_table,
    tokenize,
)
from src.application.query_parsing.words import GENRE_WORDS
from src.application.query_parsing.words import MAX_QUERY_CHARS as MAX_QUERY_CHARS
from src.domain.filters import Filters
from src.domain.query import ParsedQuery

__all__ = ["ANCHOR_TRIGGERS", "FILLER", "MAX_QUERY_CHARS", "LocalQueryParser", "parse_query"]


def parse_query(text: str, vocab: QueryVocabulary) -> ParsedQuery:
    """Every genre, country and anchor in the result comes from `vocab`. Constraints that contradict
    each other (e.g. "before 1980" and "90s") are dropped and listed in `unknown`."""
    tokens = tokenize(text[:MAX_QUERY_CHARS])
    s = Scanner(tokens)
    st = QueryState()
    genres = phrase_table(GENRE_WORDS, vocab.genres)
    for g in vocab.genres:
        genres.setdefault(tuple(re.sub(r"[^a-z0-9]+", " ", g.lower()).split()), (g,))
    countries = country_table(vocab.countries)
    languages = language_table(vocab.languages)
    vocab_words = {w for p in (*genres, *countries, *languages) for w in p} | set(DECADE_WORDS)
    rules.anchors(s, vocab, st, vocab_words)
    spans.runtime(s, st)
    spans.years(s, st)
    rules.negations(s, st, genres, countries, languages)
    rules.languages(s, st, languages)
    rules.positive(s, st, genres, st.genres)
    rules.positive(s, st, countries, st.countries)
    rules.loose(s, st, vocab)
    if st.year_min is not None and st.year_max is not None and st.year_min > st.year_max:
        st.unknown.append(f"years {st.year_min}–{st.year_max} (contradictory: dropped)")
        st.year_min = st.year_max = None
    if st.runtime_min is not None and st.runtime_max is not None and st.runtime_min > st.runtime_max:
        st.unknown.append(f"runtime {st.runtime_min}–{st.runtime_max} min (contradictory: dropped)")
        st.runtime_min = st.runtime_max = None
    both = set(st.genres) & set(st.exclude)
    if both:
        st.unknown.append(f"genres both asked for and excluded: {', '.join(sorted(both))} (dropped)")
        st.genres = [g for g in st.genres if g not in both]
        st.exclude = [g for g in st.exclude if g not in both]
    both = set(st.countries) & set(st.exclude_countries)
    if both:
        st.unknown.append(f"countries both asked for and excluded: {', '.join(sorted(both))} (dropped)")
        st.countries = [c for c in st.countries if c not in both]
        st.exclude_countries = [c for c in st.exclude_countries if c not in both]
    rest = [tok for k, tok in enumerate(tokens) if not s.used[k] and tok not in {",", ".", ";", "!", "?"}]
    remaining = [w for w in rest if w not in FILLER]
    dropped = [w for w in rest if w in FILLER]
    return ParsedQuery(
        text=text,
        constraints=Filters(
            genres=tuple(st.genres),
            exclude_genres=tuple(st.exclude),
            countries=tuple(st.countries),
            exclude_countries=tuple(st.exclude_countries),
            languages=tuple(st.languages),
            year_min=st.year_min,
            year_max=st.year_max,
            runtime_min=st.runtime_min,
            runtime_max=st.runtime_max,
        ),
        anchor_ids=tuple(st.anchors),
        anchor_phrases=tuple(st.phrases),
        relative_runtime=st.relative,
        remaining=" ".join(remaining),
        dropped=tuple(dropped),
        unknown=tuple(st.unknown),
        parser="local",
    )


class LocalQueryParser:
    name = "local"

    async def parse(self, text: str, vocab: QueryVocabulary) -> ParsedQuery:
        return parse_query(text, vocab)
