from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Reports progress of long work. start() may be called with total=None when unknown."""

    def start(self, task: str, total: int | None) -> None: ...

    def advance(self, n: int) -> None: ...

    def finish(self) -> None: ...


class NoProgress:
    def start(self, task: str, total: int | None) -> None:
        pass

    def advance(self, n: int) -> None:
        pass

    def finish(self) -> None:
        pass
