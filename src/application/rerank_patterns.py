"""The patterns a justification's statements are found by: genre words, countries, years, decades,
directors, ratings, quoted labels (used by rerank_statements.py)."""

from __future__ import annotations

import re

GENRE_TERMS = {
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
GENRE_NOUNS = {
    "horror", "thriller", "thrillers", "comedy", "comedies", "drama", "dramas", "sci-fi", "science fiction",
    "science-fiction", "rom-com", "western", "westerns", "documentary", "noir", "film noir", "neo-noir",
    "biopic", "slasher",
}  # fmt: skip
# Film nouns that make the genre words before them a claim about a film ("a war film", "crime cinema").
FILM_NOUN = (
    r"(?:films?|movies?|pictures?|features?|flicks?|classics?|epics?|fare|genre|cinema|entr(?:y|ies)|"
    r"sagas?|tales?)"
)
GENRE_TERM = (
    r"(?<![\w-])(?:"
    + "|".join(re.escape(t) for t in sorted(GENRE_TERMS, key=len, reverse=True))
    + r")(?![\w-])"
)
GENRE_SEP = r"(?:\s*(?:,|/|&|·|-|–)\s*|\s+(?:and|or)\s+|\s+)"
# A run of genre terms ("sci-fi horror", "action and crime", "Horror · Thriller") and what follows it.
GENRE_PHRASE_RE = re.compile(
    r"("
    + GENRE_TERM
    + r"(?:"
    + GENRE_SEP
    + GENRE_TERM
    + r")*)"
    + r"(?P<after>\s+"
    + FILM_NOUN
    + r"(?![\w-])|\s*·)?",
    re.IGNORECASE,
)
GENRE_ONE_RE = re.compile(GENRE_TERM, re.IGNORECASE)
COUNTRIES = {
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
COUNTRY_WORDS = [k for k in COUNTRIES if len(k) > 3 or k == "u.s."]
COUNTRY_RE = re.compile(
    r"(?<![\w.])("
    + "|".join(re.escape(t) for t in sorted(COUNTRY_WORDS, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)
YEAR_RE = re.compile(r"(?<![\w'’])(\d{4})(?![\w'’])")
DECADE_RE = re.compile(r"(?<![\w])(?:(1[89]|20)(\d)0s|['’](\d)0s|(\d)0s)(?![\w])")
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}  # fmt: skip
DECADE_WORD_RE = re.compile(r"(?<![\w-])(" + "|".join(DECADE_WORDS) + r")(?![\w])", re.IGNORECASE)
NAME = r"[A-Z][\w'’.-]*(?:\s+(?:(?:de|van|von|del|da|di|le|la|du)\s+)?[A-Z][\w'’.-]*)*"
DIRECTOR_RE = re.compile(
    r"(?:directed by|director|filmmaker|from director|by director)\s+("
    + NAME
    + r"(?:\s+and\s+"
    + NAME
    + r")?)"
)
RATING_RE = re.compile(
    r"(?<![\w.])(\d{1,2}(?:\.\d)?)\s*(?:/\s*10|out of 10)(?![\w])"
    r"|(?<![\w.])(\d(?:\.\d)?)\s*(?:(?:/\s*5|out of 5)\s*)?(?:stars?(?![\w])|★)"
    r"|(?<![\w.])(\d(?:\.\d)?)\s*(?:/\s*5|out of 5)(?![\w]|\.\d)"
    r"|(★{1,5}½?|★{0,4}½)",
    re.IGNORECASE,
)
VOUCHED_RE = re.compile(
    r"\byou(?:\s+(?:also|really|clearly))?\s+(?:rated|loved|liked|enjoyed|gave|adored|watched)\s+"
    r"(?:the film |the movie )?[\"“]?("
    + r"[A-Z0-9][\w'’:&-]*(?:\s+(?:(?:of|the|and|in|a|an|to|on)\s+)*[A-Z0-9][\w'’:&-]*)*"
    + r")"
)
QUOTED_RE = re.compile(r"“([^”]{1,80})”|\"([^\"]{1,80})\"")
