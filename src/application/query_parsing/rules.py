"""Rules for anchors ("like Heat"), negations ("not horror"), languages ("in Korean"), genres and countries,
and the loose words ("short", "recent", "old")."""

from __future__ import annotations

import re

from src.application.ports.query import QueryVocabulary
from src.application.query_parsing.phrases import (
    ANCHOR_TRIGGERS,
    FILLER,
    NEGATION_SKIP,
    NEGATIONS,
)
from src.application.query_parsing.scanner import QueryState, Scanner, match
from src.application.query_parsing.words import (
    LANGUAGE_AFTER,
    LONG_MIN,
    MAX_TITLE_WORDS,
    OLD_MAX,
    RECENT_YEARS,
    SHORT_MAX,
)
from src.domain.movie import MovieId, normalize_title


def anchors(s: Scanner, vocab: QueryVocabulary, st: QueryState, vocab_words: set[str]) -> None:
    if not vocab.titles:
        return
    i = 0
    while i < len(s.t):
        n = s.first(i, ANCHOR_TRIGGERS)
        if not n:
            i += 1
            continue
        j = i + n
        found = _title_at(s, j, vocab, vocab_words)
        if found is None:
            i += 1
            continue
        s.take(i, n)
        while found is not None:
            length, movie_id, phrase = found
            s.take(j, length)
            if movie_id not in st.anchors:
                st.anchors.append(movie_id)
                st.phrases.append(phrase)
            j += length
            if j < len(s.t) and s.t[j] in {"and", "or"} and s.free(j):
                nxt = _title_at(s, j + 1, vocab, vocab_words)
                if nxt is not None:
                    s.take(j, 1)
                    j += 1
                found = nxt
            else:
                found = None
        i = j


def _title_at(
    s: Scanner, j: int, vocab: QueryVocabulary, vocab_words: set[str]
) -> tuple[int, MovieId, str] | None:
    end = j
    while (
        end < len(s.t)
        and end - j < MAX_TITLE_WORDS
        and s.free(end)
        and s.t[end] not in {",", ".", ";", "!", "?", "but"}
    ):
        end += 1
    for n in range(end - j, 0, -1):
        words = s.t[j : j + n]
        if n == 1 and (words[0] in vocab_words or words[0] in FILLER):
            continue
        if words[0] in {"a", "an", "the"} and n == 1:
            continue
        phrase = " ".join(words)
        ids = vocab.titles.get(normalize_title(phrase))
        if not ids:
            continue
        used = n
        movie_id = ids[0]
        if j + n < len(s.t) and re.fullmatch(r"(19|20)\d\d", s.t[j + n]) and s.free(j + n):
            year = int(s.t[j + n])
            same = [m for m in ids if vocab.years.get(m) == year]
            if same:
                movie_id, used = same[0], n + 1
        return used, movie_id, phrase
    return None


def negations(
    s: Scanner,
    st: QueryState,
    genres: dict[tuple[str, ...], tuple[str, ...]],
    countries: dict[tuple[str, ...], tuple[str, ...]],
    languages: dict[tuple[str, ...], tuple[str, ...]],
) -> None:
    """ "not horror", "no animation" → excluded genres; "not American", "no French films", "not from
    Italy" → excluded countries; "not in English" → a note (languages cannot be excluded)."""
    for i in range(len(s.t)):
        n = s.first(i, NEGATIONS)
        if not n:
            continue
        j = i + n
        while j < len(s.t) and s.free(j) and s.t[j] in NEGATION_SKIP:
            j += 1
        g, values = match(s, j, genres)
        if g:
            s.take(i, j + g - i)
            st.exclude += [v for v in values if v not in st.exclude]
            continue
        k = j + 1 if j < len(s.t) and s.free(j) and s.t[j] in {"in", "spoken"} else j
        lang, lang_values = match(s, k, languages)
        after = k + lang
        is_language = lang and (
            k > j or (after < len(s.t) and s.free(after) and s.t[after] in LANGUAGE_AFTER)
        )
        if is_language or (lang and s.t[i] == "non" and s.t[k] == "english"):
            tail = 1 if after < len(s.t) and s.free(after) and s.t[after] in LANGUAGE_AFTER else 0
            s.take(i, after + tail - i)
            st.unknown.append(f"not in {' or '.join(lang_values)} (a language cannot be excluded)")
            continue
        k = j + 1 if j < len(s.t) and s.free(j) and s.t[j] == "from" else j
        while k < len(s.t) and s.free(k) and s.t[k] == "the":
            k += 1
        c, values = match(s, k, countries)
        if c:
            s.take(i, k + c - i)
            st.exclude_countries += [v for v in values if v not in st.exclude_countries]


def languages(s: Scanner, st: QueryState, table: dict[tuple[str, ...], tuple[str, ...]]) -> None:
    """ "in Korean", "Korean-language", "French speaking", "spoken in Hindi" → languages (a bare
    "Korean thriller" stays a country)."""
    for i in range(len(s.t)):
        if not s.free(i):
            continue
        if s.t[i] in {"in", "spoken"} and (n := match(s, i + 1, table))[0]:
            start, length, values = i, 1 + n[0], n[1]
        else:
            n = match(s, i, table)
            after = i + n[0]
            if not n[0] or not (after < len(s.t) and s.free(after) and s.t[after] in LANGUAGE_AFTER):
                continue
            start, length, values = i, n[0] + 1, n[1]
        end = start + length
        if end < len(s.t) and s.free(end) and s.t[end] in LANGUAGE_AFTER:
            length += 1
        s.take(start, length)
        st.languages += [v for v in values if v not in st.languages]


def positive(
    s: Scanner, st: QueryState, table: dict[tuple[str, ...], tuple[str, ...]], out: list[str]
) -> None:
    i = 0
    while i < len(s.t):
        n, values = match(s, i, table)
        if n:
            s.take(i, n)
            out += [v for v in values if v not in out]
            i += n
        else:
            i += 1


def loose(s: Scanner, st: QueryState, vocab: QueryVocabulary) -> None:
    for i, tok in enumerate(s.t):
        if not s.free(i):
            continue
        if tok in {"short", "shortish", "quick", "brief"}:
            st.runtime(None, SHORT_MAX)
        elif tok in {"long", "lengthy", "epic"} and tok != "epic":
            st.runtime(LONG_MIN, None)
        elif tok in {"shorter", "longer"}:
            if st.anchors:
                st.relative = tok
            elif tok == "shorter":
                st.runtime(None, SHORT_MAX)
            else:
                st.runtime(LONG_MIN, None)
        elif tok in {"recent", "recently", "latest", "newest", "newer"}:
            if vocab.year_max is not None:
                st.years(vocab.year_max - RECENT_YEARS + 1, None)
        elif tok in {"old", "older", "oldie", "oldies", "vintage"}:
            st.years(None, OLD_MAX)
        else:
            continue
        s.take(i, 1)
