"""Country and genre names as users and other catalogs write them, mapped to TMDB's vocabulary.

TMDB filters countries by ISO 3166-1 code (with_origin_country) and names them in English in
production_countries ("United States of America"); genres are TMDB's own list ("Science Fiction").
"""

from __future__ import annotations

# ISO code -> the English name TMDB uses in production_countries.
COUNTRY_NAMES: dict[str, str] = {
    "US": "United States of America",
    "GB": "United Kingdom",
    "FR": "France",
    "DE": "Germany",
    "IT": "Italy",
    "ES": "Spain",
    "JP": "Japan",
    "KR": "South Korea",
    "CN": "China",
    "HK": "Hong Kong",
    "TW": "Taiwan",
    "IN": "India",
    "CA": "Canada",
    "AU": "Australia",
    "NZ": "New Zealand",
    "IE": "Ireland",
    "SE": "Sweden",
    "DK": "Denmark",
    "NO": "Norway",
    "FI": "Finland",
    "IS": "Iceland",
    "NL": "Netherlands",
    "BE": "Belgium",
    "CH": "Switzerland",
    "AT": "Austria",
    "PL": "Poland",
    "CZ": "Czech Republic",
    "HU": "Hungary",
    "RO": "Romania",
    "GR": "Greece",
    "PT": "Portugal",
    "RU": "Russia",
    "TR": "Turkey",
    "IR": "Iran",
    "IL": "Israel",
    "EG": "Egypt",
    "ZA": "South Africa",
    "NG": "Nigeria",
    "MX": "Mexico",
    "BR": "Brazil",
    "AR": "Argentina",
    "CL": "Chile",
    "CO": "Colombia",
    "TH": "Thailand",
    "ID": "Indonesia",
    "PH": "Philippines",
    "VN": "Vietnam",
}

_COUNTRY_ALIASES: dict[str, str] = {
    "usa": "US",
    "u.s.a.": "US",
    "u.s.": "US",
    "united states": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "west germany": "DE",
    "east germany": "DE",
    "korea": "KR",
    "republic of korea": "KR",
    "people's republic of china": "CN",
    "soviet union": "RU",
    "russian federation": "RU",
    "czechia": "CZ",
    "the netherlands": "NL",
    "holland": "NL",
}
_CODE_BY_NAME = {name.lower(): code for code, name in COUNTRY_NAMES.items()} | _COUNTRY_ALIASES

# Other catalogs' genre names -> TMDB's.
_GENRE_ALIASES: dict[str, str] = {
    "sci-fi": "Science Fiction",
    "scifi": "Science Fiction",
    "science-fiction": "Science Fiction",
    "musical": "Music",
    "tv movie": "TV Movie",
    "animated": "Animation",
}


def country_code(country: str) -> str | None:
    """'United States' / 'USA' / 'us' -> 'US'; any other 2-letter code passes through; else None."""
    text = country.strip()
    code = _CODE_BY_NAME.get(text.lower())
    if code:
        return code
    return text.upper() if len(text) == 2 and text.isalpha() else None


def country_spellings(country: str) -> set[str]:
    """The given country plus the code and TMDB name it stands for (for matching TMDB movies)."""
    out = {country}
    code = country_code(country)
    if code:
        out.add(code)
        if code in COUNTRY_NAMES:
            out.add(COUNTRY_NAMES[code])
    return out


def tmdb_genre_name(genre: str) -> str:
    return _GENRE_ALIASES.get(genre.strip().lower(), genre.strip())
