"""The web app: server-rendered page shells (Jinja2) and their static assets.

Each page is a thin HTML shell; the JavaScript in static/app.js fills it by calling the JSON API
(/api/v1/...) with the key kept in the browser. No use case runs here: the browser is a client of the
API like any other, so the web app can never disagree with it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, FastAPI, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

WEB_DIR = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=WEB_DIR / "templates")
router = APIRouter(include_in_schema=False)

# (path, template, title shown in the navigation and the <title>)
PAGES: list[tuple[str, str, str]] = [
    ("/", "start.html", "Start"),
    ("/upload", "upload.html", "Upload"),
    ("/taste", "taste.html", "Your taste"),
    ("/recommendations", "recommendations.html", "Recommendations"),
    ("/search", "search.html", "Search"),
    ("/blend", "blend.html", "Blend"),
    ("/data", "data.html", "Your data"),
]
NAV = [(path, title) for path, _, title in PAGES]


def _render(request: Request, template: str, title: str, **context: object) -> HTMLResponse:
    return templates.TemplateResponse(
        request, template, {"title": title, "nav": NAV, "path": request.url.path, **context}
    )


def _page(template: str, title: str) -> Callable[[Request], Awaitable[HTMLResponse]]:
    async def page(request: Request) -> HTMLResponse:
        return _render(request, template, title)

    return page


for _path, _template, _title in PAGES:
    router.add_api_route(_path, _page(_template, _title), methods=["GET"], response_class=HTMLResponse)


@router.get("/movies/{movie_id}", response_class=HTMLResponse)
async def movie_page(
    request: Request, movie_id: Annotated[int, PathParam(ge=1, le=2_147_483_647)]
) -> HTMLResponse:
    return _render(request, "movie.html", "Movie", movie_id=movie_id)


def install_web(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
