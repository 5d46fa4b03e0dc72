"""The one catalog writer: what the catalog import refreshes and what a lookup keeps as stored."""

from __future__ import annotations

import dataclasses

from src.application.catalog_writer import CatalogWriter
from src.domain.movie import Movie
from tests.stubs.catalog_fakes import FakeCatalog, FakeCatalogReader, FakeEmbedder, FakeUnitOfWork

HEAT = Movie(title="Heat", year=1995, imdb_id="tt0113277", description="A thief and a detective.")
AMELIE = Movie(title="Amélie", year=2001, imdb_id="tt0211915", description="A shy waitress.")


def writer(catalog: FakeCatalog, embedder: FakeEmbedder) -> CatalogWriter:
    return CatalogWriter(lambda: FakeUnitOfWork(catalog), embedder, FakeCatalogReader(catalog))


async def test_new_movies_are_embedded_once_and_committed_in_one_transaction() -> None:
    catalog, embedder = FakeCatalog(), FakeEmbedder()
    write = await writer(catalog, embedder).write([HEAT, AMELIE, HEAT], refresh=True)
    assert (write.inserted, write.unchanged, len(embedder.embedded), catalog.commits) == (2, 0, 2, 1)
    assert all(m.id is not None and m.embedding is not None for m in write.written.values())


async def test_the_import_refreshes_changed_rows_and_skips_unchanged_ones() -> None:
    catalog, embedder = FakeCatalog(), FakeEmbedder()
    await writer(catalog, embedder).write([HEAT, AMELIE], refresh=True)
    retold = dataclasses.replace(HEAT, description="A detective and a thief.")
    write = await writer(catalog, embedder).write([retold, AMELIE], refresh=True)
    assert (write.re_embedded, write.unchanged, len(embedder.embedded), catalog.commits) == (1, 1, 3, 2)


async def test_a_lookup_keeps_stored_movies_as_stored() -> None:
    catalog, embedder = FakeCatalog(), FakeEmbedder()
    await writer(catalog, embedder).write([HEAT], refresh=True)
    retold = dataclasses.replace(HEAT, description="TMDB's own overview.")
    stored = await writer(catalog, embedder).store([retold, AMELIE])
    assert (
        stored["tt0113277"].description == "A thief and a detective."
    )  # neither re-embedded nor overwritten
    assert stored["tt0211915"].id is not None and len(embedder.embedded) == 2 and catalog.commits == 2


async def test_another_model_re_embeds_even_for_a_lookup() -> None:
    catalog = FakeCatalog()
    await writer(catalog, FakeEmbedder("fake:old")).write([HEAT], refresh=True)
    embedder = FakeEmbedder()
    write = await writer(catalog, embedder).write([HEAT], refresh=False)
    assert (write.re_embedded, embedder.embedded) == (1, [HEAT.text()])


async def test_nothing_to_write_commits_nothing() -> None:
    catalog = FakeCatalog()
    await writer(catalog, FakeEmbedder()).write([HEAT], refresh=True)
    write = await writer(catalog, FakeEmbedder()).write([HEAT], refresh=True)
    assert (write.unchanged, catalog.commits) == (1, 1)
