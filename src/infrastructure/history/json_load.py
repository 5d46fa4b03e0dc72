"""Reading a JSON export safely: decoded like CSV text, nesting depth bounded before parsing
(so hostile input cannot exhaust the recursion limit), the list of items found at the top level
or under a well-known key."""

from __future__ import annotations

import json
import re

from src.domain.errors import UnreadableHistoryError
from src.infrastructure.history.text import NO_ROWS, decode_text

MAX_DEPTH = 32
LIST_KEYS = ("movies", "films", "history", "ratings", "watched", "items", "entries", "data")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def looks_like_json(data: bytes) -> bool:
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] in (b"[", b"{")


def load_json(data: bytes) -> tuple[object, str]:
    """The parsed document and its encoding. Raises UnreadableHistoryError for invalid or too deeply
    nested JSON."""
    text, encoding = decode_text(data)
    _check_depth(text)
    try:
        return json.loads(text), encoding
    except (ValueError, RecursionError) as exc:
        raise UnreadableHistoryError(f"the file is not valid JSON ({str(exc)[:120]})") from exc


def json_items(document: object) -> list[object]:
    """The history items: the document itself when it is a list, else the first list under one of
    LIST_KEYS. Raises UnreadableHistoryError when there is none or it is empty."""
    items: object = document
    if isinstance(document, dict):
        items = next((document[k] for k in LIST_KEYS if isinstance(document.get(k), list)), None)
        if items is None:
            keys = ", ".join(str(k) for k in list(document)[:20]) or "(none)"
            raise UnreadableHistoryError(
                f"expected a JSON list of movies (or an object with a 'movies' list); found keys: {keys}"
            )
    if not isinstance(items, list):
        raise UnreadableHistoryError("expected a JSON list of movies")
    if not items:
        raise UnreadableHistoryError(NO_ROWS)
    return items


def _check_depth(text: str) -> None:
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        depth += 1 if match.group(0) in "[{" else -1
        if depth > MAX_DEPTH:
            raise UnreadableHistoryError(f"the JSON is nested more than {MAX_DEPTH} levels deep")
