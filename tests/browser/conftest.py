"""A real CinemAI server for the browser tests: uvicorn on a free loopback port, in a thread, on the
session's embedded PostgreSQL (its own database, holding a slice of the offline catalog embedded with the
hashing model), and Debian's Chromium driven by Playwright.

Skipped, with the reason, when /usr/bin/chromium or Playwright is missing."""

from __future__ import annotations

import asyncio
import csv
import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from src.domain.movie import Movie, normalize_title
from tests.conftest import EXAMPLES

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EXPORT = EXAMPLES / "scifi_fan.csv"
LEFT_OUT = "Blade Runner"  # kept out of the test catalog, so the import report has an unmatched row
CATALOG_SLICE = 1500  # offline-catalog films beyond the export's own, as candidates
SCREENSHOTS = Path(__file__).resolve().parents[2] / "reports" / "screenshots"
DATABASE = "browser_e2e"

if not CHROMIUM.exists():
    pytest.skip(
        "browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
        allow_module_level=True,
    )
playwright_sync = pytest.importorskip(
    "playwright.sync_api", reason="browser tests need `pip install playwright`"
)


def _export_titles() -> set[str]:
    with EXPORT.open(encoding="utf-8") as f:
        return {normalize_title(row["Name"]) for row in csv.DictReader(f)}


class CatalogSlice:
    """The offline catalog's films named in the export (but LEFT_OUT), plus its first CATALOG_SLICE films."""

    name = "offline-slice"

    def __init__(self) -> None:
        from src.infrastructure.catalog.offline import OfflineCatalogSource

        self._source = OfflineCatalogSource()
        self._wanted = _export_titles() - {normalize_title(LEFT_OUT)}

    async def count(self, limit: int | None = None) -> int | None:
        return None

    async def movies(self, limit: int | None = None) -> AsyncIterator[Movie]:
        n = 0
        async for movie in self._source.movies():
            title = normalize_title(movie.title)
            if title == normalize_title(LEFT_OUT):
                continue
            if n < CATALOG_SLICE or title in self._wanted:
                n += 1
                yield movie


async def _prepare_database(admin_url: str) -> str:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from src.application.import_catalog import ImportCatalog, ImportCatalogCommand
    from src.infrastructure.db.embedded import create_engine
    from src.infrastructure.db.migrate import upgrade
    from src.infrastructure.db.unit_of_work import SqlAlchemyUnitOfWork
    from src.infrastructure.embedding.hashing import HashingEmbedder

    admin = create_engine(admin_url, pool_size=1)
    async with admin.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text(f"DROP DATABASE IF EXISTS {DATABASE}"))
        await conn.execute(text(f"CREATE DATABASE {DATABASE}"))
    await admin.dispose()
    url = admin_url.replace("/postgres?", f"/{DATABASE}?")
    engine = create_engine(url, pool_size=2)
    await upgrade(engine)
    factory = async_sessionmaker(engine, expire_on_commit=False)
    await ImportCatalog(lambda: SqlAlchemyUnitOfWork(factory), HashingEmbedder()).execute(
        ImportCatalogCommand(source=CatalogSlice(), batch_size=2000)  # type: ignore[arg-type]
    )
    await engine.dispose()
    return url


def _in_fresh_loop(coro: Any) -> Any:
    """Run a coroutine on its own event loop in its own thread (pytest-asyncio owns the test loop)."""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["value"] = asyncio.run(coro)
        except BaseException as exc:  # re-raised in the caller
            result["error"] = exc

    t = threading.Thread(target=run)
    t.start()
    t.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server(pg_url: str) -> Iterator[str]:
    """The base URL of a running CinemAI (API + web app), stopped at the end of the session."""
    import uvicorn

    from src.container import Container
    from src.infrastructure.embedding.hashing import HashingEmbedder
    from src.infrastructure.settings import Settings
    from src.presentation.api.app import create_app

    url = _in_fresh_loop(_prepare_database(pg_url))
    data_dir = Path(tempfile.mkdtemp(prefix="cinemai-browser-"))
    container = Container()
    container.settings.override(
        Settings(
            database_url=url, auto_migrate=False, data_dir=data_dir, embedder="hashing", reranker="local"
        )
    )
    container.embedder.override(HashingEmbedder())
    app = create_app(container, prepare=False)
    port = _free_port()
    # log_config=None and no log_level: uvicorn leaves the logging setup alone (its dictConfig would stop
    # uvicorn.access propagating, which later tests capture)
    uv = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False, lifespan="on")
    )
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=15)
    container.unwire()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Module-scoped: the sync API runs an event loop in this thread while it is open, which the async
    tests that follow in the same session could not share; stopping it here hands the thread back."""
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(
        base_url=server, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
