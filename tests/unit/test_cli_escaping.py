"""Titles from an uploaded file are printed literally by the CLI: rich markup in them is text, not style."""

from __future__ import annotations

import uuid

import numpy as np
import pytest
from rich.console import Console

from src.application.import_watch_history import HistoryImportReport
from src.application.match_report import MatchReport
from src.domain.history import RejectedRow
from src.domain.movie import Movie
from src.domain.profile import ClusterMember, TasteCluster, TasteProfile
from src.domain.recommendation import Recommendation, RecommendationList
from src.presentation.cli.history import print_report
from src.presentation.cli.recommend import print_recommendations

HOSTILE = ["[red]Blood[/red]", "[/]", "[link=https://evil.example]click[/link]", "[bold", "$x$ & <b>"]


def console() -> Console:
    return Console(record=True, width=400, color_system=None)


def report(title: str) -> HistoryImportReport:
    cluster = TasteCluster(
        id=0,
        label=f"{title} & co",
        centroid=np.ones(4, np.float32),
        weight=1.0,
        size=1,
        members=[ClusterMember(title=title, year=2000, weight=1.0)],
    )
    profile = TasteProfile(user_id=uuid.uuid4(), clusters=[cluster], algorithm="single")
    match = MatchReport(
        format="generic_csv",
        encoding="utf-8",
        rows_read=2,
        accepted=1,
        matched_by_id=0,
        matched_exact=0,
        matched_fuzzy=0,
        matched_other=0,
        unmatched=[],
        rejected=[RejectedRow(line=3, reason=f"year {title!r} is not a year")],
        skipped=[],
    )
    return HistoryImportReport(
        match=match,
        rating_scale="0-10",
        mode="replace",
        distinct_movies=1,
        liked_count=1,
        profile=profile,
    )


@pytest.mark.parametrize("title", HOSTILE)
def test_import_report_prints_titles_labels_and_reasons_literally(title: str) -> None:
    out = console()
    print_report(out, report(title))
    text = out.export_text()
    assert f"{title} & co" in text  # the cluster label
    assert repr(title) in text  # inside the rejected row's reason


@pytest.mark.parametrize("title", HOSTILE)
def test_recommendations_print_titles_and_justifications_literally(title: str) -> None:
    movie = Movie(id=1, title=title, year=1999, genres=("Horror",), directors=(title,))
    item = Recommendation(
        movie=movie, score=0.9, cluster_id=0, cluster_label="x", justification=f"Because you liked {title}."
    )
    result = RecommendationList(
        items=[item], taste_summary=f"You like {title}", strategy="personal", reranker="local"
    )
    out = console()
    print_recommendations(out, result)
    text = out.export_text()
    assert f"You like {title}" in text and title in text.replace("\n", "")
    assert not out.export_html().count("color: #800000")  # "[red]" coloured nothing
