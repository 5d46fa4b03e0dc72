"""Short, varied sentences from Evidence. Every trait a sentence claims comes from Evidence, whose
contract is that it holds; nothing here invents one."""

from __future__ import annotations

from src.domain.movie import Movie
from src.infrastructure.rerank.evidence import Evidence

MAX_CHARS = 240

_SHARED = (
    "Matches {taste}: like {titles}, {desc}.",
    "For {side}: {desc}, in the spirit of {titles}.",
    "If you liked {titles}, try this one: {desc}, right in {taste}.",
)
_NEAREST = (
    "Matches {taste}: it sits closest to {titles} among the films you liked.",
    "Picked for {side}, where its nearest neighbours are {titles}.",
    "Nearest to {titles} among your favourites, in {taste}.",
)
_GIVEN = (
    "Matches {taste}, for fans of {titles}.",
    "Picked for {side}, with {titles} in mind.",
)
_CLUSTER_ONLY = ("Fits {taste}: {desc}.", "Chosen for {side}: {desc}.")
_CLUSTER_BARE = ("Fits {taste}.", "Chosen for {side}.")
# carried by the collaborative signal: the titles are the liked movies whose neighbour lists vouched for it
_PEOPLE = (
    "People who loved {titles} also loved this: {desc}.",
    "People who loved {titles} also loved this, {desc}.",
)
_PEOPLE_BARE = (
    "People who loved {titles} also loved this.",
    "People who loved {titles} also loved this one.",
)

# carried by the transitions signal: the titles are the person's latest watches that led others to it
_NEXT = (
    "People who watched {titles} went on to {title}: {desc}.",
    "People who watched {titles} went on to {title}, {desc}.",
)
_NEXT_BARE = ("People who watched {titles} went on to {title}.",)


def join_titles(titles: tuple[str, ...] | list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(titles) <= 1:
        return "".join(titles)
    return ", ".join(titles[:-1]) + " and " + titles[-1]


def rated_titles(titles: tuple[str, ...], ratings: tuple[float | None, ...]) -> list[str]:
    """The titles, the best-rated one marked with the user's own rating: 'Halloween (your 10/10)'. Only a
    known rating is ever stated; none when no cited film has one."""
    known = [(r, i) for i, r in enumerate(ratings[: len(titles)]) if r is not None]
    if not known:
        return list(titles)
    rating, best = max(known, key=lambda pair: (pair[0], -pair[1]))
    return [f"{t} (your {rating:g}/10)" if i == best else t for i, t in enumerate(titles)]


def describe(decade: str | None, genres: tuple[str, ...], director: str | None) -> str | None:
    """'a 1970s horror film directed by John Carpenter', 'an action film', 'a film directed by X';
    None when there is nothing to say."""
    if not (decade or genres or director):
        return None
    words = [decade] if decade else []
    if genres:
        words.append(" and ".join(g if g.isupper() else g.lower() for g in genres))
    words.append("film")
    phrase = " ".join(words)
    article = "an" if phrase[0].lower() in "aeiou" else "a"
    return f"{article} {phrase}" + (f" directed by {director}" if director else "")


def sentence(label: str, evidence: Evidence, movie: Movie, variant: int) -> str:
    """One justification for `movie`; `variant` rotates the phrasing. At most MAX_CHARS characters."""
    taste = f"your “{label}” taste" if label else "your taste"
    side = f"your “{label}” side" if label else "your taste"
    titles = join_titles(rated_titles(evidence.cited, evidence.ratings))
    if evidence.cited:
        desc = describe(evidence.decade, evidence.genres, next(iter(evidence.directors), None))
        if desc:
            text = _pick(_SHARED, variant).format(taste=taste, side=side, titles=titles, desc=desc)
        else:
            plain = _NEAREST if evidence.by_similarity else _GIVEN
            text = _pick(plain, variant).format(taste=taste, side=side, titles=titles)
        if evidence.director_echo:
            director, title = evidence.director_echo
            text += f" Same director as {title}: {director}."
    else:
        desc = _own_description(movie, evidence.own_genres)
        templates = _CLUSTER_ONLY if desc else _CLUSTER_BARE
        text = _pick(templates, variant).format(taste=taste, side=side, desc=desc)
    return text


def people_sentence(titles: tuple[str, ...], movie: Movie, own_genres: tuple[str, ...], variant: int) -> str:
    """'People who loved Heat and Ronin also loved this: a 1998 action film directed by John
    Frankenheimer.' The titles are the liked movies that vouched for it; the description states only the
    candidate's own facts (year, genres, director), claimed as shared with nobody."""
    desc = _own_description(movie, own_genres)
    templates = _PEOPLE if desc else _PEOPLE_BARE
    return _pick(templates, variant).format(titles=join_titles(titles), desc=desc)


def next_sentence(titles: tuple[str, ...], movie: Movie, own_genres: tuple[str, ...], variant: int) -> str:
    """'People who watched Heat went on to Ronin: a 1998 action film directed by John Frankenheimer.'
    The titles are the person's recent watches whose transitions (pairs enough people made) led to it."""
    desc = _own_description(movie, own_genres)
    templates = _NEXT if desc else _NEXT_BARE
    return _pick(templates, variant).format(titles=join_titles(titles), title=movie.title, desc=desc)


def fit(text: str, limit: int = MAX_CHARS) -> str:
    """`text` cut at a word boundary with an ellipsis when longer than `limit`."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,:;—")
    return cut + "…"


def _own_description(movie: Movie, genres: tuple[str, ...]) -> str | None:
    """The candidate's own facts (true of it, claimed as shared with nobody)."""
    year = str(movie.year) if movie.year else None
    # every director (up to three): the catalog lists co-directors alphabetically, the first may be minor
    directors = join_titles(list(movie.directors[:3])) if len(movie.directors) <= 3 else None
    return describe(year, genres[:2], directors or None)


def _pick(templates: tuple[str, ...], variant: int) -> str:
    return templates[variant % len(templates)]
