"""A minimal keep-alive HTTP/1.1 client over asyncio streams, for the load generator.

Why not httpx here: measured against the server's /health on these 2 cores, httpx.AsyncClient spends
about 0.65 ms of CPU per request (≈1,500 req/s with its core at 93%), below the 2,000 req/s the
cached target asks for, so it would measure itself. This client does only what the benchmark needs:
plain HTTP on loopback, one request at a time per connection, Content-Length or chunked responses.
`--client httpx` keeps httpx available as a cross-check.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from typing import Any


class HttpProtocolError(Exception):
    """The server's answer could not be read as HTTP/1.1."""


class RawHttpConnection:
    """One connection, opened on first use and reopened after an error or `Connection: close`.
    Not for concurrent use: each load-generator worker owns one."""

    def __init__(self, host: str, port: int, timeout_s: float) -> None:
        self._host, self._port, self._timeout = host, port, timeout_s
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, target: str, headers: dict[str, str], body: bytes = b""
    ) -> tuple[int, bytes]:
        """Sends one request and reads the whole response: (status, body). Raises OSError,
        TimeoutError, asyncio.IncompleteReadError or HttpProtocolError; the connection is then closed."""
        try:
            async with asyncio.timeout(self._timeout):
                if self._writer is None:
                    self._reader, self._writer = await asyncio.open_connection(self._host, self._port)
                self._writer.write(self._head(method, target, headers, len(body)) + body)
                return await self._read_response()
        except BaseException:
            await self.close()
            raise

    def _head(self, method: str, target: str, headers: dict[str, str], length: int) -> bytes:
        lines = [f"{method} {target} HTTP/1.1", f"Host: {self._host}:{self._port}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        if length or method in {"POST", "PUT", "PATCH"}:
            lines.append(f"Content-Length: {length}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    async def _read_response(self) -> tuple[int, bytes]:
        assert self._reader is not None
        head = await self._reader.readuntil(b"\r\n\r\n")
        status, fields = parse_head(head)
        if fields.get("transfer-encoding", "").lower() == "chunked":
            body = await self._read_chunked()
        else:
            body = await self._reader.readexactly(int(fields.get("content-length", "0")))
        if fields.get("connection", "").lower() == "close":
            await self.close()
        return status, body

    async def _read_chunked(self) -> bytes:
        assert self._reader is not None
        parts: list[bytes] = []
        while True:
            size = int((await self._reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self._reader.readuntil(b"\r\n")  # no trailers expected
                return b"".join(parts)
            parts.append(await self._reader.readexactly(size))
            await self._reader.readexactly(2)

    async def close(self) -> None:
        writer, self._writer, self._reader = self._writer, None, None
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


def parse_head(head: bytes) -> tuple[int, dict[str, str]]:
    """`HTTP/1.1 200 OK\\r\\nName: value...` → (200, {lower-cased name: value}).
    Raises HttpProtocolError for a malformed status line."""
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
        raise HttpProtocolError(f"bad status line {lines[0]!r}")
    fields: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip().lower()] = value.strip()
    return int(parts[1]), fields


def json_body(body: dict[str, Any]) -> tuple[dict[str, str], bytes]:
    return {"Content-Type": "application/json"}, json.dumps(body, separators=(",", ":")).encode()


def multipart_body(filename: str, content: bytes, form: dict[str, str]) -> tuple[dict[str, str], bytes]:
    """multipart/form-data with the file in field "file" and `form` as plain fields."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in form.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return {"Content-Type": f"multipart/form-data; boundary={boundary}"}, b"".join(parts)
