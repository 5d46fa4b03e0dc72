"""Checks a reranker's answer against the facts, for every reranker (local or LLM).

Two checks:

1. The order: a permutation of the candidate ids. `repair_order` drops an unknown (hallucinated) id, keeps
   the first of a duplicated id, and appends a missing id at the end in the candidates' (score) order;
   each repair is reported.
2. Each justification, statement by statement (`statements`): every film it names is the candidate or a
   film from the user's history (a named film of another candidate, or a film the text says the user
   rated/liked that is not in the history, is false); every rating it states ("9/10", "4.5 stars",
   "5★", "4/5") is the user's own rating of the history film named before it (a rating of no named film,
   or of a film whose rating is unknown, is false); every year, decade, director, genre and country it
   states belongs to the candidate or to a history film it names. Genre words count as a genre claim
   only where they describe a film: a genre noun ("thriller", "western", "horror", "comedy"), genre
   words before a film noun ("a war film", "an action and crime movie") or in a label-like list
   ("Action · Thriller"); "non-stop action", "after the war", "a crime boss" claim nothing; a quoted label is the candidate's cluster label (or another
   of the profile's labels); cited evidence ids are among those offered for that candidate.

A justification with a false statement is replaced by the local evidence wording for that item alone
(see `validate_answer`). Pure: stdlib + domain.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from src.application.rerank_facts import (
    FalseStatement,
    HistoryFilm,
    ItemVerdict,
    ProposedItem,
    RerankValidation,
    Statement,
    history_films,
)
from src.application.rerank_statements import statements
from src.domain.movie import Movie, normalize_title

__all__ = [
    "FalseStatement",
    "HistoryFilm",
    "ItemVerdict",
    "ProposedItem",
    "RerankValidation",
    "Statement",
    "check_justification",
    "history_films",
    "repair_order",
    "statements",
    "validate_answer",
]


def repair_order(proposed: Sequence[int], candidate_ids: Sequence[int]) -> tuple[list[int], list[str]]:
    """A permutation of `candidate_ids` that follows `proposed` as far as it is valid, and the repairs."""
    allowed = set(candidate_ids)
    order: list[int] = []
    seen: set[int] = set()
    repairs: list[str] = []
    for movie_id in proposed:
        if movie_id not in allowed:
            repairs.append(f"unknown id {movie_id} dropped")
        elif movie_id in seen:
            repairs.append(f"duplicate id {movie_id} dropped")
        else:
            seen.add(movie_id)
            order.append(movie_id)
    for movie_id in candidate_ids:
        if movie_id not in seen:
            repairs.append(f"missing id {movie_id} appended")
            order.append(movie_id)
    return order, repairs


def validate_answer(
    items: Sequence[ProposedItem],
    candidates: Mapping[int, tuple[Movie, str]],
    history: Sequence[HistoryFilm],
    *,
    labels: Collection[str] = (),
    evidence: Mapping[int, Collection[str]] | None = None,
) -> RerankValidation:
    """Checks `items` against `candidates` (id → (movie, its cluster label), in score order) and the
    user's `history`. `evidence` maps a candidate id to the evidence ids offered for it (None: citations
    are not checked). A missing candidate gets the verdict reason "missing"; a duplicate's second text
    is ignored."""
    order, repairs = repair_order([i.movie_id for i in items], list(candidates))
    first: dict[int, ProposedItem] = {}
    for item in items:
        if item.movie_id in candidates:
            first.setdefault(item.movie_id, item)
    others = {normalize_title(m.title): m.title for m, _ in candidates.values()}
    verdicts: dict[int, ItemVerdict] = {}
    for movie_id in order:
        proposed = first.get(movie_id)
        if proposed is None:
            verdicts[movie_id] = ItemVerdict(movie_id, (), "missing")
            continue
        movie, label = candidates[movie_id]
        found = statements(
            proposed.justification,
            movie,
            history,
            labels=[label, *labels],
            other_titles=[t for k, t in others.items() if k != normalize_title(movie.title)],
        )
        if evidence is not None:
            offered = evidence.get(movie_id, ())
            found += [
                Statement("evidence", e, e in offered, "one of " + ", ".join(sorted(offered)) or "none")
                for e in proposed.cited
            ]
        reason = ""
        if not proposed.justification.strip():
            reason = "empty"
        elif any(not s.true for s in found):
            reason = "false: " + "; ".join(f"{s.kind} {s.text!r}" for s in found if not s.true)
        verdicts[movie_id] = ItemVerdict(movie_id, tuple(found), reason, proposed.justification)
    return RerankValidation(order=order, order_repairs=repairs, verdicts=verdicts)


def check_justification(
    text: str,
    candidate: Movie,
    history: Sequence[HistoryFilm],
    *,
    labels: Collection[str] = (),
    other_titles: Collection[str] = (),
) -> list[FalseStatement]:
    """The false statements of `text` (empty when every statement holds)."""
    found = statements(text, candidate, history, labels=labels, other_titles=other_titles)
    return [FalseStatement(s.kind, s.text, s.expected) for s in found if not s.true]
