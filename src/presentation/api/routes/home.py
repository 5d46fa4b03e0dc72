"""`GET /`: a small page pointing to the API docs (the web app replaces it once it exists)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter()

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CinemAI</title></head>
<body><h1>CinemAI</h1><p>Movie recommendations from your watch history.</p>
<p>The API and its interactive documentation: <a href="/docs">/docs</a>
(OpenAPI schema at <a href="/openapi.json">/openapi.json</a>).</p></body></html>
"""


@router.get("/", include_in_schema=False, response_class=HTMLResponse)
async def home() -> HTMLResponse:
    return HTMLResponse(PAGE)
