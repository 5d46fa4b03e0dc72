"""`Provide` for FastAPI routes, awaited on the event loop.

FastAPI runs a synchronous dependency in its threadpool. dependency-injector's `Provide[...]` marker is a
synchronous callable (FastAPI calls it, gets the marker back, and `@inject` swaps in the provided object),
so every `Depends(Provide[...])` cost a threadpool round trip per request: four on a cached recommendation.
`Provide` here is the same marker with an `async __call__`: FastAPI awaits it inline, `@inject` still
recognises it (a subclass of dependency-injector's `Provide`), nothing else changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dependency_injector import wiring

if TYPE_CHECKING:
    Provide = wiring.Provide
else:

    class Provide(wiring.Provide):
        async def __call__(self) -> Provide:
            return self


__all__ = ["Provide"]
