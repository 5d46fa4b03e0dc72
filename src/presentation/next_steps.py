"""How each front end says a NextStep: the API names the route, the CLI the command. Application
messages name the step (src/domain/errors.py), never a path; presentation appends how to take it."""

from __future__ import annotations

from src.domain.errors import NextStep

API: dict[NextStep, str] = {
    NextStep.CREATE_USER: "POST /api/v1/users",
    NextStep.UPLOAD_HISTORY: "POST /api/v1/users/{id}/watch-history",
    NextStep.LIST_FILTERS: "GET /api/v1/filters lists what exists",
    NextStep.SEARCH_MOVIES: "GET /api/v1/movies/search?q= finds ids",
    NextStep.SHOW_LISTS: "GET /api/v1/users/{id}/lists lists them",
}
CLI: dict[NextStep, str] = {
    NextStep.CREATE_USER: "`cinemai users create`",
    NextStep.UPLOAD_HISTORY: "`cinemai import-history FILE --user USER_ID`",
    NextStep.LIST_FILTERS: "GET /api/v1/filters on `cinemai serve` lists what exists",
    NextStep.SEARCH_MOVIES: "GET /api/v1/movies/search?q= on `cinemai serve` finds ids",
    NextStep.SHOW_LISTS: "GET /api/v1/users/{id}/lists on `cinemai serve` lists them",
}


def with_next_step(message: str, step: NextStep | None, how: dict[NextStep, str]) -> str:
    """`message (how to take step)`, or the message alone without a step."""
    return message if step is None else f"{message} ({how[step]})"
