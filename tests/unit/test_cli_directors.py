"""The CLI table and the local wording show every director, not the first alphabetically."""

from __future__ import annotations

import io

from rich.console import Console

from src.domain.movie import Movie
from src.domain.recommendation import Recommendation, RecommendationList
from src.infrastructure.rerank.wording import people_sentence
from src.presentation.cli.recommend import print_recommendations

EYES = Movie(
    id=1,
    title="Eyes Without a Face",
    year=1960,
    genres=("horror film",),
    directors=("Claude Sautet", "Georges Franju"),
)


def test_cli_table_lists_every_director() -> None:
    out = io.StringIO()
    item = Recommendation(movie=EYES, score=0.8, cluster_id=0, cluster_label="Horror", justification="…")
    print_recommendations(
        Console(file=out, width=200),
        RecommendationList(items=[item], taste_summary="t", strategy="personal", reranker="local"),
    )
    assert "Claude Sautet, Georges Franju" in out.getvalue()


def test_own_description_names_every_director() -> None:
    text = people_sentence(("Psycho",), EYES, ("Horror",), 0)
    assert "directed by Claude Sautet and Georges Franju" in text, text
    many = Movie(id=2, title="Anthology", year=1990, directors=("A", "B", "C", "D"))
    assert "directed by" not in people_sentence(("Psycho",), many, (), 0)  # too many to name: none claimed

