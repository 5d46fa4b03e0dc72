"""Which reranker a request gets: the LLM one when the server has it and the request allows it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from src.application.ports.recommend import Reranker
from src.domain.errors import InvalidInputError

RerankMode = Literal["auto", "llm", "local", "none"]


@dataclass(frozen=True)
class Rerankers:
    """The local reranker (always there) and the LLM one (None without OPENAI_API_KEY)."""

    local: Reranker
    llm: Reranker | None = None

    def pick(self, mode: RerankMode) -> Reranker:
        if mode in {"auto", "llm"} and self.llm is not None:
            return self.llm
        if mode == "llm":
            raise InvalidInputError("rerank=llm needs OPENAI_API_KEY on the server; use auto or local")
        return self.local
