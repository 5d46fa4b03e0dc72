"""`cinemai eval explanations`: how factual the justifications are, per reranker, over the taste panel.

For each persona export in examples/panel/ (personas.json), the real pipeline builds the profile and the
candidate pool (a throwaway user, deleted afterwards); the same candidates then go to the local reranker
and to the OpenAI reranker, the latter answered by scripted GPT-style answers with planted errors
(src/infrastructure/openai/scripted.py, through the real SDK, no network). Every justification is split
into statements (src/application/validate_rerank.py: films named, ratings, years, decades, directors,
genres, countries, labels) and each is judged against the catalog metadata and the user's history.

Printed per reranker: statement-level factual precision (true / all statements), the share of
justifications that name at least one of the user's own films, and for the OpenAI reranker the raw
answer's precision before validation and how many justifications the validator replaced.

Run: `python -m src.presentation.cli.eval_explanations [--limit 10] [--panel examples/panel]`
(registered as `cinemai eval explanations` where the `eval` parser has subcommands: `register(sub)`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dependency_injector import providers
from rich.console import Console
from rich.markup import escape

from src.application.import_watch_history import ImportWatchHistoryCommand
from src.application.ports.recommend import Reranker, RerankResult
from src.application.recommend import RecommendCommand
from src.application.validate_rerank import HistoryFilm, statements
from src.container import Container, database
from src.domain.profile import TasteProfile
from src.domain.recommendation import Recommendation, ScoredCandidate

DEFAULT_PANEL = Path("examples/panel")
PLANTED = ("wrong_year", "invented_director", "unrated_film", "wrong_rating", "swapped", "missing_id")


@dataclass
class Tally:
    true: int = 0
    total: int = 0
    citing: int = 0
    items: int = 0
    replaced: int = 0
    false_kinds: dict[str, int] = field(default_factory=dict)

    def add(self, texts: Sequence[tuple[str, Any]], history: list[HistoryFilm], labels: list[str]) -> None:
        titles = [movie.title for _, movie in texts]
        for text, movie in texts:
            found = statements(
                text, movie, history, labels=labels, other_titles=[t for t in titles if t != movie.title]
            )
            self.items += 1
            self.total += len(found)
            self.true += sum(s.true for s in found)
            self.citing += any(s.kind == "film" and s.true and s.expected == "history" for s in found)
            for s in found:
                if not s.true:
                    self.false_kinds[s.kind] = self.false_kinds.get(s.kind, 0) + 1

    @property
    def precision(self) -> float:
        return self.true / self.total if self.total else 1.0

    @property
    def cite_share(self) -> float:
        return self.citing / self.items if self.items else 0.0


class _Recorder(Reranker):
    """Stands in for the LLM reranker inside Recommend: records the profile and candidates it is given."""

    name = "recorder"

    def __init__(self, inner: Reranker) -> None:
        self.inner = inner
        self.seen: tuple[TasteProfile, list[ScoredCandidate]] | None = None

    async def rerank(
        self, profile: TasteProfile, candidates: Sequence[ScoredCandidate], *, limit: int, diversity: float
    ) -> RerankResult:
        self.seen = (profile, list(candidates))
        return await self.inner.rerank(profile, candidates, limit=limit, diversity=diversity)

    def taste_summary(self, profile: TasteProfile) -> str:
        return self.inner.taste_summary(profile)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--panel", type=Path, default=DEFAULT_PANEL, help="folder with personas.json")
    p.add_argument("--limit", type=int, default=10, help="recommendations per persona")
    p.add_argument("--diversity", type=float, default=0.0)
    p.set_defaults(handler=run)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds `explanations` to the `cinemai eval` subcommands."""
    add_arguments(sub.add_parser("explanations", help="factual precision of justifications, per reranker"))


async def run(args: argparse.Namespace, container: Container, console: Console) -> int:
    import httpx
    import openai

    from src.infrastructure.openai.reranker import OpenAIReranker
    from src.infrastructure.openai.scripted import scripted_answer, scripted_transport
    from src.presentation.cli.recommend import ensure_catalog

    manifest = json.loads((args.panel / "personas.json").read_text(encoding="utf-8"))
    local = container.local_reranker()
    recorder = _Recorder(local)
    container.llm_reranker.override(providers.Object(recorder))
    tallies = {"local": Tally(), "openai (raw answer)": Tally(), "openai (validated)": Tally()}
    async with database(container):
        await ensure_catalog(container, console)
        for persona in manifest["personas"]:
            path = args.panel / persona["file"]
            user = (await container.create_user().execute("cinemai eval explanations (throwaway)")).user
            try:
                await container.import_watch_history(collaborative=None).execute(
                    ImportWatchHistoryCommand(user_id=user.id, data=path.read_bytes(), filename=path.name)
                )
                recorder.seen = None
                await container.recommend().execute(
                    RecommendCommand(user_id=user.id, limit=args.limit, diversity=args.diversity)
                )
            finally:
                await container.delete_user().execute(user.id)
            if recorder.seen is None:
                console.print(f"{escape(persona['name'])}: no candidates (skipped)")
                continue
            profile, candidates = recorder.seen
            from src.application.validate_rerank import history_films

            history = history_films(profile.liked)
            labels = [c.label for c in profile.clusters]
            shown = await local.rerank(profile, candidates, limit=args.limit, diversity=args.diversity)
            tallies["local"].add(_texts(shown.items), history, labels)
            calls: list[dict[str, Any]] = []
            http = httpx.AsyncClient(transport=scripted_transport(PLANTED, calls))
            client = openai.AsyncOpenAI(
                api_key="eval", base_url="http://scripted.invalid/v1", http_client=http
            )
            try:
                gpt = await OpenAIReranker(client, local).rerank(
                    profile, candidates, limit=args.limit, diversity=args.diversity
                )
            finally:
                await client.close()
            by_id = {c.movie.id: c.movie for c in candidates}
            raw = [(i["justification"], by_id[i["id"]]) for i in scripted_answer(calls[0], PLANTED)["items"]
                   if i["id"] in by_id][: args.limit]  # fmt: skip
            tallies["openai (raw answer)"].add(raw, history, labels)
            validated = tallies["openai (validated)"]
            validated.add(_texts(gpt.items), history, labels)
            faithful = {i["id"]: i["justification"] for i in scripted_answer(calls[0])["items"]}
            validated.replaced += sum(r.justification != faithful.get(r.movie.id) for r in gpt.items)
            console.print(f"{escape(persona['name'])}: {len(candidates)} candidates, {len(gpt.items)} shown")
    console.print(f"\nPlanted errors in every scripted answer: {', '.join(PLANTED)}", soft_wrap=True)
    console.print(
        "| reranker | statements | factual precision | cite the user's films | false by kind |",
        soft_wrap=True,
    )
    console.print("|---|---|---|---|---|")
    for name, t in tallies.items():
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(t.false_kinds.items())) or "none"
        extra = f" ({t.replaced} of {t.items} replaced by local wording)" if t.replaced else ""
        console.print(
            f"| {name} | {t.total} | {t.precision:.3f} | {t.cite_share:.0%} | {kinds}{escape(extra)} |",
            soft_wrap=True,
        )
    return 0


def _texts(items: Sequence[Recommendation]) -> list[tuple[str, Any]]:
    return [(r.justification, r.movie) for r in items]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cinemai eval explanations", description=__doc__)
    add_arguments(parser)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    return asyncio.run(run(args, Container(), Console()))


if __name__ == "__main__":
    sys.exit(main())
