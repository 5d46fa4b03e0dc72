"""Rules for years and runtimes: "90s", "early eighties", "between 1990 and 2000", "before 1980",
"under two hours", "90 minutes or less"."""

from __future__ import annotations

import re

from src.application.query_parsing.phrases import (
    DECADE_WORDS,
    NUMBER_WORDS,
    RUNTIME_MAX_WORDS,
    RUNTIME_MIN_WORDS,
)
from src.application.query_parsing.scanner import QueryState, Scanner


def _number(s: Scanner, i: int) -> tuple[int, float] | None:
    """A number at i: (tokens used, value); "an hour and a half" style halves are handled by the caller."""
    if not s.free(i):
        return None
    tok = s.t[i]
    if re.fullmatch(r"\d+(\.\d+)?", tok):
        return 1, float(tok)
    if tok in NUMBER_WORDS:
        return 1, float(NUMBER_WORDS[tok])
    return None


def _duration(s: Scanner, i: int) -> tuple[int, int] | None:
    """A duration at i ("two hours", "90 minutes", "an hour and a half", "1.5 hours", "90 min")."""
    num = _number(s, i)
    if num is None:
        return None
    n, value = num
    j = i + n
    if j < len(s.t) and s.free(j) and s.t[j] in {"hour", "hours", "hr", "hrs", "h"}:
        minutes = value * 60
        j += 1
        if s.at(j, ("and", "a", "half")):
            minutes += 30
            j += 3
        return j - i, round(minutes)
    if (
        s.at(j, ("and", "a", "half"))
        and s.free(j + 3)
        and j + 3 < len(s.t)
        and s.t[j + 3] in {"hour", "hours"}
    ):
        return j + 4 - i, round(value * 60 + 30)
    if j < len(s.t) and s.free(j) and s.t[j] in {"minute", "minutes", "min", "mins", "m"}:
        return j + 1 - i, int(value)
    return None


def _year(tok: str) -> int | None:
    return int(tok) if re.fullmatch(r"(18|19|20)\d\d", tok) else None


def _decade(tok: str) -> int | None:
    m = re.fullmatch(r"(\d{2}|\d{4})s", tok)
    if m:
        v = int(m.group(1))
        if len(m.group(1)) == 4:
            return v if v % 10 == 0 else None
        if v % 10:
            return None
        return 2000 + v if v <= 20 else 1900 + v
    return DECADE_WORDS.get(tok)


def years(s: Scanner, st: QueryState) -> None:
    t = s.t
    for i in range(len(t)):
        # ranges: "between 1990 and 2000", "1990 to 2000", "from 1990 to 2000"
        if (
            s.free(i, 3)
            and _year(t[i])
            and t[i + 1] in {"to", "and", "through", "till", "until"}
            and _year(t[i + 2])
        ):
            lo, hi = sorted((_year(t[i]) or 0, _year(t[i + 2]) or 0))
            start = i - 1 if i > 0 and s.free(i - 1) and t[i - 1] in {"between", "from"} else i
            s.take(start, i + 3 - start)
            st.years(lo, hi)
    for i in range(len(t)):
        if not s.free(i):
            continue
        year, decade = _year(t[i]), _decade(t[i])
        if year is None and decade is None:
            continue
        prev = t[i - 1] if i > 0 and s.free(i - 1) else ""
        prev2 = " ".join(t[i - 2 : i]) if i > 1 and s.free(i - 2, 2) else ""
        start = i
        low: int | None
        high: int | None
        if decade is not None:
            low, high = decade, decade + 9
            if prev in {"early", "mid", "late"}:
                low, high = {
                    "early": (decade, decade + 3),
                    "mid": (decade + 3, decade + 6),
                    "late": (decade + 6, decade + 9),
                }[prev]
                start = i - 1
                prev = t[i - 2] if i > 1 and s.free(i - 2) else ""
        else:
            assert year is not None
            low = high = year
        if prev2 in {"prior to", "older than", "up to", "earlier than"}:
            s.take(i - 2, 2)
            low, high = None, ((low or 0) - 1 if prev2 != "up to" else high)
        elif prev2 in {"newer than", "later than"}:
            s.take(i - 2, 2)
            low, high = (high or 0) + 1, None
        elif prev in {"before", "pre"}:
            s.take(i - 1, 1)
            low, high = None, (low or 0) - 1
        elif prev in {"until", "till", "through"}:
            s.take(i - 1, 1)
            low = None
        elif prev in {"after", "post"}:
            s.take(i - 1, 1)
            low, high = (high or 0) + 1, None
        elif prev in {"since"}:
            s.take(i - 1, 1)
            high = None
        s.take(start, i + 1 - start)
        st.years(low, high)


def runtime(s: Scanner, st: QueryState) -> None:
    t = s.t
    for i in range(len(t)):
        for words, is_max in ((RUNTIME_MAX_WORDS, True), (RUNTIME_MIN_WORDS, False)):
            n = s.first(i, words)
            if not n:
                continue
            d = _duration(s, i + n)
            if d is None:
                continue
            s.take(i, n + d[0] + (1 if s.at(i + n + d[0], ("long",)) else 0))
            st.runtime(None, d[1]) if is_max else st.runtime(d[1], None)
    for i in range(len(t)):
        d = _duration(s, i)
        if d is None:
            continue
        j = i + d[0]
        for tail, is_max in (
            (("or", "less"), True),
            (("or", "shorter"), True),
            (("max",), True),
            (("tops",), True),
            (("or", "more"), False),
            (("or", "longer"), False),
            (("plus",), False),
        ):
            if s.at(j, tail):
                s.take(i, d[0] + len(tail))
                st.runtime(None, d[1]) if is_max else st.runtime(d[1], None)
                break
