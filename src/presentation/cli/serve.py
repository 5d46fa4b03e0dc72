"""`cinemai serve`: the HTTP API under uvicorn."""

from __future__ import annotations

import argparse

from rich.console import Console

from src.container import Container


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser("serve", help="start the HTTP API (OpenAPI docs at /docs)")
    serve.add_argument("--host", default=None, help="default: CINEMAI_HOST or 127.0.0.1")
    serve.add_argument("--port", type=int, default=None, help="default: CINEMAI_PORT or 8000")
    serve.set_defaults(handler=run, sync=True)


def run(args: argparse.Namespace, container: Container, console: Console) -> int:
    import uvicorn

    from src.presentation.api.app import create_app

    settings = container.settings()
    host, port = args.host or settings.host, args.port or settings.port
    console.print(f"CinemAI API on http://{host}:{port} (docs at /docs)")
    uvicorn.run(create_app(container), host=host, port=port, log_level=settings.log_level)
    return 0
