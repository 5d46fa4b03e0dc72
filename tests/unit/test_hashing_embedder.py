"""HashingEmbedder: deterministic, unit-length, and similar texts get similar vectors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from src.domain.movie import Movie, movie_text
from src.infrastructure.embedding.hashing import HashingEmbedder

ALIEN = movie_text(
    Movie(
        title="Alien",
        year=1979,
        genres=("Sci-Fi", "Horror", "Thriller"),
        directors=("Ridley Scott",),
        cast=("Sigourney Weaver", "Tom Skerritt"),
        countries=("United Kingdom", "United States"),
    )
)
BLADE_RUNNER = movie_text(
    Movie(
        title="Blade Runner",
        year=1982,
        genres=("Sci-Fi", "Thriller"),
        directors=("Ridley Scott",),
        cast=("Harrison Ford",),
        countries=("United States",),
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
    )
)


async def test_shape_dtype_and_unit_norm() -> None:
    embedder = HashingEmbedder()
    vectors = await embedder.embed([ALIEN, ROMCOM, "", "!!!"])
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    assert embedder.model_name == "hashing-v1" and embedder.dimension == 384


async def test_empty_input_has_the_right_shape() -> None:
    assert (await HashingEmbedder(dimension=64).embed([])).shape == (0, 64)


async def test_dimension_is_configurable_and_checked() -> None:
    assert (await HashingEmbedder(dimension=32).embed(["drama"])).shape == (1, 32)
    with pytest.raises(ValueError, match="at least 8"):
        HashingEmbedder(dimension=4)


async def test_shared_genres_and_director_mean_higher_cosine() -> None:
    alien, blade_runner, romcom = await HashingEmbedder().embed([ALIEN, BLADE_RUNNER, ROMCOM])
    assert float(alien @ blade_runner) > float(alien @ romcom) + 0.2
    assert float(blade_runner @ alien) > float(blade_runner @ romcom)


async def test_case_and_accents_do_not_matter() -> None:
    plain, fancy = await HashingEmbedder().embed(
        ["Directed by Pedro Almodovar", "DIRECTED BY Pedro Almodóvar"]
    )
    assert float(plain @ fancy) == pytest.approx(1.0, abs=1e-6)


async def test_input_order_is_kept() -> None:
    embedder = HashingEmbedder()
    together = await embedder.embed([ALIEN, ROMCOM])
    apart = np.vstack([await embedder.embed([ROMCOM]), await embedder.embed([ALIEN])])
    assert np.array_equal(together, apart[::-1])


def test_vectors_are_identical_across_processes() -> None:
    """Python's hash() is salted per process; the embedder must not depend on it."""
    code = (
        "from src.infrastructure.embedding.hashing import HashingEmbedder;"
        "print(HashingEmbedder().embed_sync(['Genres: Horror. Directed by Ridley Scott']).tobytes().hex())"
    )
    root = Path(__file__).resolve().parents[2]
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=root,
            env={"PYTHONHASHSEED": seed, "PYTHONPATH": str(root)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    here = HashingEmbedder().embed_sync(["Genres: Horror. Directed by Ridley Scott"]).tobytes().hex()
    assert outputs == {here + "\n"}
