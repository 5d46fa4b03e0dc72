"""A thin async TMDB v3 client: endpoints, JSON -> Movie, genre and details caches."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from src.application.ports.recommend import Cache
from src.domain.errors import ExternalServiceError
from src.domain.filters import Filters
from src.domain.movie import Movie
from src.infrastructure.tmdb.mapping import discover_params, movie_from_tmdb
from src.infrastructure.tmdb.transport import TmdbTransport

_IMDB_ID = re.compile(r"tt\d{5,10}")


@dataclass(frozen=True)
class TmdbPage:
    movies: list[Movie]  # list items: no countries, runtime or credits (see movie_details)
    page: int
    total_pages: int


class TmdbClient:
    """TMDB API v3 over httpx (`http` is used as given and not closed; without it the client owns one).

    Auth: a key that looks like a JWT (a v4 read access token) is sent as a bearer token, any other
    as the v3 api_key query parameter; neither is ever logged or put in an error. Every call raises
    ExternalServiceError when TMDB fails (see TmdbTransport: 429 honours Retry-After capped at
    `retry_after_cap_s`; time-outs and 5xx are retried with backoff up to `max_retries` times; any
    other 4xx fails at once with details["status"]). movie_details() returns None for an unknown id
    (404). Genres are fetched once; details are kept in a small in-process LRU; with `cache` every
    GET answer is shared through the Cache port (Redis in production) for six hours.
    """

    def __init__(
        self,
        api_key: str,
        base_url: str = "https://api.themoviedb.org/3",
        timeout_s: float = 10.0,
        max_retries: int = 3,
        http: httpx.AsyncClient | None = None,
        *,
        backoff_s: float = 0.5,
        retry_after_cap_s: float = 10.0,
        details_cache_size: int = 2048,
        cache: Cache | None = None,
    ) -> None:
        self._transport = TmdbTransport(
            api_key,
            base_url,
            timeout_s=timeout_s,
            max_retries=max_retries,
            http=http,
            backoff_s=backoff_s,
            retry_after_cap_s=retry_after_cap_s,
            cache=cache,
        )
        self._genres: dict[int, str] | None = None
        self._genres_lock = asyncio.Lock()
        self._details: OrderedDict[int, Movie] = OrderedDict()
        self._details_cache_size = details_cache_size

    async def aclose(self) -> None:
        await self._transport.aclose()

    async def genres(self) -> dict[int, str]:
        """TMDB's movie genres by id (fetched once per client)."""
        async with self._genres_lock:
            if self._genres is None:
                data = await self._transport.get("/genre/movie/list")
                self._genres = {int(g["id"]): str(g["name"]) for g in data.get("genres") or []}
            return dict(self._genres)

    async def discover(self, filters: Filters, page: int = 1) -> TmdbPage:
        """/discover/movie by popularity with the filters as TMDB parameters (see discover_params)."""
        genres = await self.genres()
        params = discover_params(filters, {name.lower(): gid for gid, name in genres.items()})
        if params is None:
            return TmdbPage(movies=[], page=page, total_pages=0)
        return await self._page("/discover/movie", {**params, "page": str(page)}, genres)

    async def popular(self, page: int = 1) -> TmdbPage:
        return await self._page("/movie/popular", {"page": str(page)}, await self.genres())

    async def top_rated(self, page: int = 1) -> TmdbPage:
        return await self._page("/movie/top_rated", {"page": str(page)}, await self.genres())

    async def movie_details(self, tmdb_id: int) -> Movie | None:
        """Full details with credits (directors, cast); None when TMDB has no such movie."""
        if tmdb_id in self._details:
            self._details.move_to_end(tmdb_id)
            return dataclasses.replace(self._details[tmdb_id])
        try:
            data = await self._transport.get(f"/movie/{int(tmdb_id)}", {"append_to_response": "credits"})
        except ExternalServiceError as exc:
            if exc.details.get("status") == 404:
                return None
            raise
        movie = movie_from_tmdb(data)
        self._details[tmdb_id] = movie
        if len(self._details) > self._details_cache_size:
            self._details.popitem(last=False)
        return dataclasses.replace(movie)

    async def movie_details_many(self, tmdb_ids: Sequence[int], *, concurrency: int = 5) -> list[Movie]:
        """Details for each id, in order, at most `concurrency` requests at a time; unknown ids dropped."""
        gate = asyncio.Semaphore(concurrency)

        async def one(tmdb_id: int) -> Movie | None:
            async with gate:
                return await self.movie_details(tmdb_id)

        found = await asyncio.gather(*(one(i) for i in tmdb_ids))
        return [m for m in found if m is not None]

    async def find_by_imdb(self, imdb_id: str) -> Movie | None:
        """The movie TMDB lists for an IMDb id (a list item: call movie_details for everything);
        None when TMDB has none, or when the id is not of the form tt1234567."""
        imdb_id = imdb_id.strip()
        if not _IMDB_ID.fullmatch(imdb_id):
            return None
        data = await self._transport.get(f"/find/{imdb_id}", {"external_source": "imdb_id"})
        results = data.get("movie_results") or []
        if not results:
            return None
        movie = movie_from_tmdb(results[0], await self.genres())
        movie.imdb_id = imdb_id
        return movie

    async def search_movie(self, title: str, year: int | None = None) -> list[Movie]:
        """First page of /search/movie for the title (and release year, when given)."""
        params = {"query": title, "include_adult": "false"}
        if year is not None:
            params["year"] = str(year)
        return (await self._page("/search/movie", params, await self.genres())).movies

    async def _page(self, path: str, params: dict[str, str], genres: dict[int, str]) -> TmdbPage:
        data = await self._transport.get(path, params)
        movies = [movie_from_tmdb(item, genres) for item in data.get("results") or [] if item.get("id")]
        return TmdbPage(
            movies=movies, page=int(data.get("page") or 1), total_pages=int(data.get("total_pages") or 0)
        )
