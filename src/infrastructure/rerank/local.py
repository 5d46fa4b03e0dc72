"""The offline reranker: score order (or MMR) and justifications written from evidence, no LLM."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from src.application.ports.recommend import Reranker, RerankResult
from src.domain.labels import cluster_label, display_genres, label_for
from src.domain.profile import LikedMovie, TasteCluster, TasteProfile
from src.domain.recommendation import Recommendation, ScoredCandidate
from src.domain.scoring import mmr_order
from src.infrastructure.rerank.evidence import Evidence, gather, liked_by_titles, nearest_liked
from src.infrastructure.rerank.wording import (
    MAX_CHARS,
    fit,
    join_titles,
    next_sentence,
    people_sentence,
    sentence,
)

SUMMARY_CLUSTERS = 5  # clusters named in the taste summary; smaller ones are counted, not named
PEOPLE_SIGNALS = ("collaborative", "transitions")  # signals whose wording speaks of other people


class LocalReranker(Reranker):
    """Keeps the score order, or applies maximal marginal relevance when diversity > 0 (a candidate
    without an embedding counts as unlike every other). Each justification cites the two or three liked
    movies nearest to its own movie (same cluster first) and only traits it truly shares with all of them;
    without an embedding it falls back to the cluster alone. A candidate the collaborative signal carried
    says so instead: "People who loved A and B also loved this", citing the liked movies that vouched for
    it; one the transitions carried says "People who watched A went on to this film", citing the
    person's recent watches that led there. Both only for pairs at least `min_support` people share.
    Never raises for missing data."""

    name = "local"

    def __init__(self, max_cited: int = 3, min_support: int = 5) -> None:
        self.max_cited = max(1, max_cited)
        self.min_support = max(1, min_support)  # k-anonymity: "people who loved…" needs this many users

    async def rerank(
        self, profile: TasteProfile, candidates: Sequence[ScoredCandidate], *, limit: int, diversity: float
    ) -> RerankResult:
        order = self._order(profile, candidates, limit=limit, diversity=diversity)
        items = [self._recommend(profile, candidates[i], rank) for rank, i in enumerate(order)]
        shown = 1.0
        for item in items:  # the displayed score never rises down the list (diversity may reorder)
            shown = item.score = min(item.score, shown)
        return RerankResult(items=items, reranker=self.name)

    def taste_summary(self, profile: TasteProfile) -> str:
        """'Your taste has 3 sides: A (45%, e.g. X, Y); B (35%, e.g. Z); C (20%).' Up to SUMMARY_CLUSTERS
        clusters are named, heaviest first; one cluster reads 'Your taste centres on A, with favourites…'."""
        clusters = sorted(profile.clusters, key=lambda c: (-c.weight, c.id))
        if not clusters:
            return "No taste profile yet: upload a watch history to build one."
        if len(clusters) == 1:
            examples = _examples(profile, clusters[0])
            tail = f", with favourites like {join_titles(examples)}" if examples else ""
            return f"Your taste centres on {_label(profile, clusters[0].id, '') or 'Mixed'}{tail}."
        total = sum(max(c.weight, 0.0) for c in clusters)
        parts = []
        for c in clusters[:SUMMARY_CLUSTERS]:
            share = max(c.weight, 0.0) / total if total > 0 else 1 / len(clusters)
            examples = _examples(profile, c)
            extra = f", e.g. {', '.join(examples)}" if examples else ""
            parts.append(f"{_label(profile, c.id, '') or 'Mixed'} ({round(share * 100)}%{extra})")
        rest = len(clusters) - SUMMARY_CLUSTERS
        more = f"; and {rest} smaller {'side' if rest == 1 else 'sides'}" if rest > 0 else ""
        return f"Your taste has {len(clusters)} sides: {'; '.join(parts)}{more}."

    def _order(
        self, profile: TasteProfile, candidates: Sequence[ScoredCandidate], *, limit: int, diversity: float
    ) -> list[int]:
        relevance = np.array([c.score for c in candidates], dtype=np.float64)
        vectors = [c.movie.embedding for c in candidates]
        dims = {v.shape[-1] for v in vectors if v is not None}
        if diversity <= 0 or len(dims) != 1:
            return mmr_order(relevance, np.zeros((len(candidates), 1)), k=limit, diversity=0.0)
        dim = dims.pop()
        matrix = np.stack([v.reshape(-1) if v is not None else np.zeros(dim) for v in vectors])
        return mmr_order(relevance, matrix, k=limit, diversity=min(diversity, 1.0))

    def _recommend(self, profile: TasteProfile, candidate: ScoredCandidate, rank: int) -> Recommendation:
        label = _label(profile, candidate.cluster_id, candidate.cluster_label)
        justification, cited = self._justify(profile, candidate, label_for(label, candidate.movie.year), rank)
        return Recommendation(
            movie=candidate.movie,
            score=round(max(0.0, min(1.0, float(candidate.score))), 2),
            cluster_id=candidate.cluster_id,
            cluster_label=label,
            justification=justification,
            because_you_liked=cited,
        )

    def _justify(
        self, profile: TasteProfile, candidate: ScoredCandidate, label: str, rank: int
    ) -> tuple[str, list[str]]:
        """The sentence and the titles it cites. Tries the most cited titles that keep the same shared
        traits and fit in MAX_CHARS; the candidate's own because_you_liked wins over computed neighbours."""
        movie = candidate.movie
        if candidate.signal in PEOPLE_SIGNALS and candidate.because_you_liked:
            if candidate.support >= self.min_support:
                return self._people(candidate, rank)
            candidate = replace(candidate, because_you_liked=[])  # too few people: say nothing of them
        given = bool(candidate.because_you_liked)
        pool: list[LikedMovie | str] = (
            liked_by_titles(profile, candidate.because_you_liked[: self.max_cited])
            if given
            else list(nearest_liked(profile, movie, candidate.cluster_id, self.max_cited))
        )
        fewest = min(2, len(pool))  # cite two or three when there are; one only if it must be short
        options = [gather(movie, pool[:n], by_similarity=not given) for n in range(len(pool), fewest - 1, -1)]
        options.sort(key=lambda e: -_trait_count(e))  # stable: more titles first among equally rich
        options += [gather(movie, pool[:1], by_similarity=not given), gather(movie, [])]
        for evidence in options:
            text = sentence(label, evidence, movie, rank)
            if len(text) <= MAX_CHARS:
                return text, list(evidence.cited)
        evidence = options[0]
        return fit(sentence(label, evidence, movie, rank)), list(evidence.cited)

    def _people(self, candidate: ScoredCandidate, rank: int) -> tuple[str, list[str]]:
        """A collaborative pick says who vouched for it: as many of its titles as fit in MAX_CHARS."""
        titles = tuple(candidate.because_you_liked[: self.max_cited])
        own = tuple(display_genres(candidate.movie.genres))
        say = next_sentence if candidate.signal == "transitions" else people_sentence
        for n in range(len(titles), 0, -1):
            text = say(titles[:n], candidate.movie, own, rank)
            if len(text) <= MAX_CHARS:
                return text, list(titles[:n])
        return fit(say(titles[:1], candidate.movie, own, rank)), list(titles[:1])


def _trait_count(evidence: Evidence) -> int:
    return len(evidence.genres) + bool(evidence.decade) + len(evidence.directors)


def _label(profile: TasteProfile, cluster_id: int, given: str) -> str:
    """The candidate's label, else the profile cluster's, else one made from the cluster's members."""
    if given:
        return given
    cluster = next((c for c in profile.clusters if c.id == cluster_id), None)
    if cluster is None:
        return ""
    if cluster.label:
        return cluster.label
    members = [(m.genres, m.year, m.weight) for m in cluster.members] or [
        (m.genres, m.year, m.weight) for m in profile.liked if m.cluster_id == cluster_id
    ]
    return cluster_label(members) if members else ""


def _examples(profile: TasteProfile, cluster: TasteCluster, n: int = 2) -> list[str]:
    """Representative titles: the cluster's members (most representative first), else its heaviest liked."""
    if cluster.members:
        return [m.title for m in cluster.members[:n]]
    liked = sorted((m for m in profile.liked if m.cluster_id == cluster.id), key=lambda m: -m.weight)
    return [m.title for m in liked[:n]]
