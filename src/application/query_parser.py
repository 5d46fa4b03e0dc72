"""The deterministic local query parser: "a 90s French crime film like Heat but shorter" → genres,
countries, years, runtime, excluded genres and anchor films, over the catalog's own vocabulary, and
the words left over (embedded as free text). Pure: no I/O; the vocabulary is given."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from src.application.filter_vocabulary import COUNTRY_ALIASES
from src.application.ports.query import QueryVocabulary
from src.domain.filters import Filters
from src.domain.movie import MovieId, normalize_title
from src.domain.query import ParsedQuery

SHORT_MAX = 90  # "short": at most this many minutes
LONG_MIN = 150  # "long": at least this many minutes
OLD_MAX = 1969  # "old", "vintage": up to this year
RECENT_YEARS = 10  # "recent": the catalog's newest this many years
MAX_TITLE_WORDS = 8
MAX_QUERY_CHARS = 300

# everyday words → catalog genres (only those the catalog has are used)
GENRE_WORDS: dict[str, tuple[str, ...]] = {
    "horror": ("Horror",),
    "scary": ("Horror",),
    "scare": ("Horror",),
    "frightening": ("Horror",),
    "terrifying": ("Horror",),
    "creepy": ("Horror",),
    "spooky": ("Horror",),
    "slasher": ("Horror",),
    "gory": ("Horror",),
    "gore": ("Horror",),
    "horrors": ("Horror",),
    "comedy": ("Comedy",),
    "comedies": ("Comedy",),
    "funny": ("Comedy",),
    "hilarious": ("Comedy",),
    "humorous": ("Comedy",),
    "comedic": ("Comedy",),
    "laugh": ("Comedy",),
    "laughs": ("Comedy",),
    "light hearted": ("Comedy",),
    "lighthearted": ("Comedy",),
    "rom com": ("Comedy", "Romance"),
    "romcom": ("Comedy", "Romance"),
    "animated": ("Animation",),
    "animation": ("Animation",),
    "cartoon": ("Animation",),
    "cartoons": ("Animation",),
    "anime": ("Animation",),
    "sci fi": ("Sci-Fi",),
    "scifi": ("Sci-Fi",),
    "science fiction": ("Sci-Fi",),
    "futuristic": ("Sci-Fi",),
    "dystopian": ("Sci-Fi",),
    "cyberpunk": ("Sci-Fi",),
    "thriller": ("Thriller",),
    "thrillers": ("Thriller",),
    "suspense": ("Thriller",),
    "suspenseful": ("Thriller",),
    "crime": ("Crime",),
    "gangster": ("Crime",),
    "mafia": ("Crime",),
    "mob": ("Crime",),
    "heist": ("Crime",),
    "noir": ("Crime",),
    "romance": ("Romance",),
    "romantic": ("Romance",),
    "romances": ("Romance",),
    "love story": ("Romance",),
    "action": ("Action",),
    "martial arts": ("Action",),
    "kung fu": ("Action",),
    "drama": ("Drama",),
    "dramas": ("Drama",),
    "dramatic": ("Drama",),
    "documentary": ("Documentary",),
    "documentaries": ("Documentary",),
    "doc": ("Documentary",),
    "fantasy": ("Fantasy",),
    "fairy tale": ("Fantasy",),
    "magical": ("Fantasy",),
    "adventure": ("Adventure",),
    "adventures": ("Adventure",),
    "musical": ("Musical",),
    "musicals": ("Musical",),
    "biopic": ("Biography",),
    "biography": ("Biography",),
    "biographical": ("Biography",),
    "true story": ("Biography",),
    "mystery": ("Mystery",),
    "mysteries": ("Mystery",),
    "whodunit": ("Mystery",),
    "whodunnit": ("Mystery",),
    "war": ("War",),
    "wartime": ("War",),
    "ww2": ("War",),
    "wwii": ("War",),
    "world war": ("War",),
    "family": ("Family",),
    "family friendly": ("Family",),
    "kids": ("Family",),
    "children s": ("Family",),
    "western": ("Western",),
    "westerns": ("Western",),
    "cowboy": ("Western",),
    "cowboys": ("Western",),
    "sport": ("Sport",),
    "sports": ("Sport",),
    "history": ("History",),
    "historical": ("History",),
    "period piece": ("History",),
    "music": ("Music",),
}

# nationalities and languages → catalog countries
DEMONYMS: dict[str, tuple[str, ...]] = {
    "french": ("France",),
    "korean": ("South Korea",),
    "japanese": ("Japan",),
    "italian": ("Italy",),
    "german": ("Germany", "West Germany"),
    "spanish": ("Spain",),
    "mexican": ("Mexico",),
    "british": ("United Kingdom",),
    "english": ("United Kingdom",),
    "american": ("United States",),
    "hollywood": ("United States",),
    "indian": ("India",),
    "bollywood": ("India",),
    "chinese": ("People's Republic of China",),
    "mandarin": ("People's Republic of China",),
    "cantonese": ("Hong Kong",),
    "swedish": ("Sweden",),
    "danish": ("Denmark",),
    "irish": ("Ireland",),
    "canadian": ("Canada",),
    "australian": ("Australia",),
    "russian": ("Russia", "Soviet Union"),
    "soviet": ("Soviet Union",),
    "iranian": ("Iran",),
    "persian": ("Iran",),
    "brazilian": ("Brazil",),
    "portuguese": ("Portugal",),
    "polish": ("Poland",),
    "norwegian": ("Norway",),
    "finnish": ("Finland",),
    "dutch": ("Netherlands",),
    "belgian": ("Belgium",),
    "swiss": ("Switzerland",),
    "austrian": ("Austria",),
    "argentine": ("Argentina",),
    "argentinian": ("Argentina",),
    "turkish": ("Turkey",),
    "greek": ("Greece",),
    "thai": ("Thailand",),
    "taiwanese": ("Taiwan",),
    "israeli": ("Israel",),
    "czech": ("Czech Republic", "Czechoslovakia"),
    "hungarian": ("Hungary",),
    "romanian": ("Romania",),
    "icelandic": ("Iceland",),
    "chilean": ("Chile",),
    "cuban": ("Cuba",),
    "egyptian": ("Egypt",),
    "south african": ("South Africa",),
    "new zealand": ("New Zealand",),
    "kiwi": ("New Zealand",),
    "hong kong": ("Hong Kong",),
    "filipino": ("Philippines",),
    "colombian": ("Colombia",),
}

# everyday names of languages → catalog languages (besides each catalog language's own name)
LANGUAGE_WORDS: dict[str, tuple[str, ...]] = {
    "chinese": ("Chinese", "Mandarin", "Standard Chinese"),
    "farsi": ("Persian",),
    "castilian": ("Spanish",),
}
LANGUAGE_AFTER = {"language", "languages", "speaking", "spoken", "dialogue", "audio"}

DECADE_WORDS = {
    "twenties": 1920,
    "thirties": 1930,
    "forties": 1940,
    "fifties": 1950,
    "sixties": 1960,
    "seventies": 1970,
    "eighties": 1980,
    "nineties": 1990,
    "noughties": 2000,
}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "ninety": 90, "hundred": 100}
ANCHOR_TRIGGERS = [
    ("like",),
    ("similar", "to"),
    ("reminiscent", "of"),
    ("in", "the", "style", "of"),
    ("in", "the", "vein", "of"),
    ("akin", "to"),
    ("such", "as"),
    ("same", "vibe", "as"),
    ("along", "the", "lines", "of"),
]
NEGATIONS = [
    ("not",),
    ("no",),
    ("non",),
    ("without",),
    ("except",),
    ("excluding",),
    ("nothing",),
    ("avoid",),
    ("anything", "but"),
    ("but", "not"),
    ("never",),
]
NEGATION_SKIP = {"a", "an", "too", "any", "more", "the", "very", "overly", "so"}
RUNTIME_MAX_WORDS = [
    ("under",),
    ("less", "than"),
    ("shorter", "than"),
    ("below",),
    ("at", "most"),
    ("no", "more", "than"),
    ("max",),
    ("maximum",),
    ("up", "to"),
    ("within",),
    ("not", "over"),
]
RUNTIME_MIN_WORDS = [
    ("over",),
    ("more", "than"),
    ("longer", "than"),
    ("at", "least"),
    ("above",),
    ("minimum",),
]
FILLER = set(
    [
        "a",
        "an",
        "the",
        "some",
        "something",
        "anything",
        "film",
        "films",
        "movie",
        "movies",
        "flick",
        "flicks",
        "picture",
        "pictures",
        "i",
        "d",
        "me",
        "my",
        "we",
        "us",
        "want",
        "wanna",
        "would",
        "like",
        "love",
        "to",
        "watch",
        "see",
        "show",
        "find",
        "give",
        "get",
        "please",
        "recommend",
        "recommendation",
        "recommendations",
        "with",
        "from",
        "in",
        "of",
        "set",
        "made",
        "and",
        "or",
        "but",
        "that",
        "which",
        "is",
        "are",
        "be",
        "for",
        "tonight",
        "any",
        "language",
        "speaking",
        "spoken",
        "era",
        "decade",
        "years",
        "year",
        "about",
        "really",
        "very",
        "just",
        "kind",
        "sort",
        "type",
        "one",
        "ideally",
        "maybe",
        "perhaps",
        "m",
        "looking",
        "can",
        "you",
        "s",
    ]
)


@dataclass
class _State:
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


class _Scanner:
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


def _phrase_table(
    words: dict[str, tuple[str, ...]], known: tuple[str, ...]
) -> dict[tuple[str, ...], tuple[str, ...]]:
    by_lower = {k.lower(): k for k in known}
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for phrase, values in words.items():
        kept = tuple(by_lower[v.lower()] for v in values if v.lower() in by_lower)
        if kept:
            table[tuple(phrase.split())] = kept
    return table


def _country_table(countries: tuple[str, ...]) -> dict[tuple[str, ...], tuple[str, ...]]:
    table = _phrase_table(DEMONYMS, countries)
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


def _language_table(languages: tuple[str, ...]) -> dict[tuple[str, ...], tuple[str, ...]]:
    table = _phrase_table(LANGUAGE_WORDS, languages)
    for lang in languages:
        fold = tuple(re.sub(r"[^a-z0-9]+", " ", lang.lower()).split())
        if fold:
            table.setdefault(fold, (lang,))
    return table


def _match(s: _Scanner, i: int, table: dict[tuple[str, ...], tuple[str, ...]]) -> tuple[int, tuple[str, ...]]:
    n = s.first(i, list(table))
    return (n, table[tuple(s.t[i : i + n])]) if n else (0, ())


def _number(s: _Scanner, i: int) -> tuple[int, float] | None:
    """A number at i: (tokens used, value); "an hour and a half" style halves are handled by the caller."""
    if not s.free(i):
        return None
    tok = s.t[i]
    if re.fullmatch(r"\d+(\.\d+)?", tok):
        return 1, float(tok)
    if tok in NUMBER_WORDS:
        return 1, float(NUMBER_WORDS[tok])
    return None


def _duration(s: _Scanner, i: int) -> tuple[int, int] | None:
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


def _anchors(s: _Scanner, vocab: QueryVocabulary, st: _State, vocab_words: set[str]) -> None:
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
    s: _Scanner, j: int, vocab: QueryVocabulary, vocab_words: set[str]
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


def _years(s: _Scanner, st: _State) -> None:
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


def _runtime(s: _Scanner, st: _State) -> None:
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


def _negations(
    s: _Scanner,
    st: _State,
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
        g, values = _match(s, j, genres)
        if g:
            s.take(i, j + g - i)
            st.exclude += [v for v in values if v not in st.exclude]
            continue
        k = j + 1 if j < len(s.t) and s.free(j) and s.t[j] in {"in", "spoken"} else j
        lang, lang_values = _match(s, k, languages)
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
        c, values = _match(s, k, countries)
        if c:
            s.take(i, k + c - i)
            st.exclude_countries += [v for v in values if v not in st.exclude_countries]


def _languages(s: _Scanner, st: _State, table: dict[tuple[str, ...], tuple[str, ...]]) -> None:
    """ "in Korean", "Korean-language", "French speaking", "spoken in Hindi" → languages (a bare
    "Korean thriller" stays a country)."""
    for i in range(len(s.t)):
        if not s.free(i):
            continue
        if s.t[i] in {"in", "spoken"} and (n := _match(s, i + 1, table))[0]:
            start, length, values = i, 1 + n[0], n[1]
        else:
            n = _match(s, i, table)
            after = i + n[0]
            if not n[0] or not (after < len(s.t) and s.free(after) and s.t[after] in LANGUAGE_AFTER):
                continue
            start, length, values = i, n[0] + 1, n[1]
        end = start + length
        if end < len(s.t) and s.free(end) and s.t[end] in LANGUAGE_AFTER:
            length += 1
        s.take(start, length)
        st.languages += [v for v in values if v not in st.languages]


def _positive(s: _Scanner, st: _State, table: dict[tuple[str, ...], tuple[str, ...]], out: list[str]) -> None:
    i = 0
    while i < len(s.t):
        n, values = _match(s, i, table)
        if n:
            s.take(i, n)
            out += [v for v in values if v not in out]
            i += n
        else:
            i += 1


def _loose(s: _Scanner, st: _State, vocab: QueryVocabulary) -> None:
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


def parse_query(text: str, vocab: QueryVocabulary) -> ParsedQuery:
    """Every genre, country and anchor in the result comes from `vocab`. Constraints that contradict
    each other (e.g. "before 1980" and "90s") are dropped and listed in `unknown`."""
    tokens = tokenize(text[:MAX_QUERY_CHARS])
    s = _Scanner(tokens)
    st = _State()
    genres = _phrase_table(GENRE_WORDS, vocab.genres)
    for g in vocab.genres:
        genres.setdefault(tuple(re.sub(r"[^a-z0-9]+", " ", g.lower()).split()), (g,))
    countries = _country_table(vocab.countries)
    languages = _language_table(vocab.languages)
    vocab_words = {w for p in (*genres, *countries, *languages) for w in p} | set(DECADE_WORDS)
    _anchors(s, vocab, st, vocab_words)
    _runtime(s, st)
    _years(s, st)
    _negations(s, st, genres, countries, languages)
    _languages(s, st, languages)
    _positive(s, st, genres, st.genres)
    _positive(s, st, countries, st.countries)
    _loose(s, st, vocab)
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
