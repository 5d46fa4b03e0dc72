"""Reading a JSON export safely: decoded like CSV text, nesting depth bounded before parsing
(so hostile input cannot exhaust the recursion limit), the list of items found at the top level
or under a well-known key."""

from __future__ import annotations

import json
import re

import numpy as np

from src.domain.errors import UnreadableHistoryError
from src.infrastructure.history.text import NO_ROWS, decode_text

MAX_DEPTH = 32
LIST_KEYS = ("movies", "films", "history", "ratings", "watched", "items", "entries", "data")
# A string literal, or an unterminated one running to the end of the text. The possessive quantifier
# never backtracks and the pattern always matches at an opening quote, so removing every string is one
# linear pass (the old pattern `"(?:[^"\\]|\\.)*"` retried from every quote of an unterminated string:
# quadratic on `["` followed by thousands of `\"`).
_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+(?:"|\\?\Z)', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]++")


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
    """Linear time in len(text): strings removed in one pass, then the running depth of the brackets
    left (numpy's cumulative sum; no Python loop over the characters)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text)).encode("ascii")
    if brackets.count(b"[") + brackets.count(b"{") <= MAX_DEPTH:
        return
    codes = np.frombuffer(brackets, dtype=np.uint8)
    steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1).astype(np.int64)
    if int(np.cumsum(steps).max()) > MAX_DEPTH:
        raise UnreadableHistoryError(f"the JSON is nested more than {MAX_DEPTH} levels deep")
