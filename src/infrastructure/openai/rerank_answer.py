"""The model's rerank answer read back: parsed into proposed items (before the facts check), and the
checked items as served and cached (dump_final/load_final)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from src.application.validate_rerank import ProposedItem
from src.domain.recommendation import Recommendation, ScoredCandidate
from src.infrastructure.openai.rerank_prompt import RerankContext

MAX_JUSTIFICATION_CHARS = 400


class InvalidAnswer(ValueError):
    """The model's answer breaks the contract; `reason` is short and safe to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_answer(content: str | None) -> list[ProposedItem]:
    """The model's items in its order. Raises InvalidAnswer when the answer is not the JSON object the
    schema defines (not JSON, no items list, an item without an integer id). Unknown, repeated or missing
    ids and empty or false justifications are the validator's business (validate_answer)."""
    if not content or not content.strip():
        raise InvalidAnswer("empty answer")
    try:
        data = json.loads(content)
    except json.JSONDecodeError:
        raise InvalidAnswer("malformed JSON") from None
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InvalidAnswer("no items list")
    out = []
    for item in items:
        movie_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(movie_id, int) or isinstance(movie_id, bool):
            raise InvalidAnswer("item without an integer id")
        text = item.get("justification")
        cited = item.get("cited")
        out.append(
            ProposedItem(
                movie_id=movie_id,
                justification=text.strip()[:MAX_JUSTIFICATION_CHARS] if isinstance(text, str) else "",
                cited=tuple(c for c in cited if isinstance(c, str)) if isinstance(cited, list) else (),
            )
        )
    return out


@dataclass(frozen=True)
class FinalItem:
    """One checked item as served and cached: its justification, the titles it cites, and whether the
    text is the model's or the local wording that replaced it."""

    movie_id: int
    justification: str
    because_you_liked: tuple[str, ...]
    source: str  # "model" | "local"


def dump_final(items: Sequence[FinalItem]) -> str:
    return json.dumps(
        {"items": [{"id": i.movie_id, "justification": i.justification,
                    "because_you_liked": list(i.because_you_liked), "source": i.source} for i in items]},
        ensure_ascii=False,
    )  # fmt: skip


def load_final(raw: str, candidate_ids: Sequence[int]) -> list[FinalItem]:
    """dump_final's output read back; InvalidAnswer unless it holds each candidate id exactly once."""
    try:
        data = json.loads(raw)
        items = [
            FinalItem(
                int(i["id"]),
                str(i["justification"]),
                tuple(map(str, i["because_you_liked"])),
                str(i["source"]),
            )
            for i in data["items"]
        ]
    except (ValueError, KeyError, TypeError):
        raise InvalidAnswer("unreadable cached answer") from None
    if sorted(i.movie_id for i in items) != sorted(candidate_ids):
        raise InvalidAnswer("cached answer for other candidates")
    return items


def proposed_titles(proposed: Sequence[object], context: RerankContext) -> dict[int, tuple[str, ...]]:
    """Per candidate id, the titles of the history films its (first) item cites by evidence id."""
    by_evidence = {h.evidence_id: h.title for h in context.history}
    out: dict[int, tuple[str, ...]] = {}
    for item in proposed:
        movie_id = getattr(item, "movie_id", None)
        if isinstance(movie_id, int) and movie_id not in out:
            cited = getattr(item, "cited", ())
            out[movie_id] = tuple(dict.fromkeys(by_evidence[c] for c in cited if c in by_evidence))
    return out


def index_candidates(candidates: Sequence[ScoredCandidate]) -> dict[int, ScoredCandidate] | None:
    """Candidates by movie id, in input order; None when an id is missing or repeated."""
    by_id: dict[int, ScoredCandidate] = {}
    for sc in candidates:
        if sc.movie.id is None or sc.movie.id in by_id:
            return None
        by_id[sc.movie.id] = sc
    return by_id


def served_recommendation(sc: ScoredCandidate, item: FinalItem) -> Recommendation:
    return Recommendation(
        movie=sc.movie,
        score=round(min(max(sc.score, 0.0), 1.0), 2),
        cluster_id=sc.cluster_id,
        cluster_label=sc.cluster_label,
        justification=item.justification,
        because_you_liked=list(item.because_you_liked) or list(sc.because_you_liked),
    )
