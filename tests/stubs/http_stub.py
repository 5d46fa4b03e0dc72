"""A scriptable HTTP server on loopback for adapter tests (stdlib http.server in a thread).

Per path it answers, in this order: the next queued response for that exact path, else the first
route whose regex fully matches the path, else 404. Every request is recorded. Responses can carry
any status, headers (Retry-After, retry-after-ms) and a delay; a delayed answer waits on an event,
so stopping the server never hangs on a sleeping handler.
"""

from __future__ import annotations

import json
import re
import threading
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit


@dataclass
class StubResponse:
    status: int = 200
    json: Any = None
    body: bytes | None = None  # raw body; wins over `json` (for malformed payloads)
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0

    def payload(self) -> bytes:
        if self.body is not None:
            return self.body
        return b"" if self.json is None else json.dumps(self.json).encode()


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]  # last value of each parameter
    headers: dict[str, str]  # names lower-cased
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


Handler = Callable[[RecordedRequest], StubResponse]


class StubServer:
    """Start with `with StubServer() as stub:`; `stub.url` is http://127.0.0.1:<free port>."""

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self._queues: dict[str, deque[StubResponse]] = defaultdict(deque)
        self._routes: list[tuple[re.Pattern[str], Handler]] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def queue(self, path: str, *responses: StubResponse) -> None:
        """Answer the next requests to exactly `path` with these, in order, before any route."""
        with self._lock:
            self._queues[path].extend(responses)

    def route(self, pattern: str, handler: Handler) -> None:
        """Answer every request whose path fully matches `pattern` (a regex) with handler(request)."""
        with self._lock:
            self._routes.insert(0, (re.compile(pattern), handler))

    def requests_to(self, path: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def answer(self, request: RecordedRequest) -> StubResponse:
        with self._lock:
            self.requests.append(request)
            queued = self._queues.get(request.path)
            if queued:
                return queued.popleft()
            routes = list(self._routes)
        for pattern, handler in routes:
            if pattern.fullmatch(request.path):
                return handler(request)
        return StubResponse(404, {"error": {"message": f"no stub for {request.path}"}})

    def wait(self, seconds: float) -> None:
        self._stopping.wait(seconds)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def _make_handler(stub: StubServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            request = RecordedRequest(
                method=self.command,
                path=parts.path,
                query={k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()},
                headers={k.lower(): v for k, v in self.headers.items()},
                body=self.rfile.read(length) if length else b"",
            )
            response = stub.answer(request)
            if response.delay_s:
                stub.wait(response.delay_s)
            payload = response.payload()
            try:
                self.send_response(response.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in response.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)
            except OSError:  # the client gave up (a time-out test): nothing to answer
                self.close_connection = True

        do_GET = _serve
        do_POST = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return _Handler
