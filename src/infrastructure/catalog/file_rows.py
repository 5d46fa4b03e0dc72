"""Raw rows of a movie file: CSV (or TSV), JSON Lines, or a JSON list, chosen by extension.

read_rows() returns (line, row) pairs with lower-cased, stripped keys, in file order. `line` is the
physical line a CSV/JSONL row ends on, or the 1-based position of an item in a JSON list. Anything that
makes the file unreadable raises InvalidInputError naming the file and the problem.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from src.domain.errors import InvalidInputError

Row = dict[str, Any]
CSV_SUFFIXES = {".csv", ".tsv"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
_JSON_LIST_KEYS = ("results", "movies", "items", "data")


def read_rows(path: Path) -> list[tuple[int, Row]]:
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES:
        raise InvalidInputError(
            f"{path}: unsupported movie file type {suffix or '(no extension)'!r}; "
            "use CSV (.csv/.tsv), JSON Lines (.jsonl/.ndjson) or a JSON list (.json)"
        )
    text = _read_text(path)
    if suffix in CSV_SUFFIXES:
        return _csv_rows(path, text)
    if suffix in JSONL_SUFFIXES:
        return _jsonl_rows(path, text)
    return _json_rows(path, text)


def _read_text(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InvalidInputError(f"{path}: movie file not found") from exc
    except IsADirectoryError as exc:
        raise InvalidInputError(f"{path}: is a directory, not a movie file") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"{path}: not UTF-8 text (byte {exc.start}); is it a binary file?") from exc
    except OSError as exc:
        raise InvalidInputError(f"{path}: cannot be read ({exc.strerror})") from exc
    if "\x00" in text:
        raise InvalidInputError(f"{path}: contains NUL bytes; is it a binary file?")
    return text


def _csv_rows(path: Path, text: str) -> list[tuple[int, Row]]:
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t|", key=header.count)
    reader = csv.DictReader(text.splitlines(keepends=True), delimiter=delimiter)
    rows: list[tuple[int, Row]] = []
    try:
        if not reader.fieldnames:
            raise InvalidInputError(f"{path}: empty CSV file (no header row)")
        for raw in reader:
            row = {key.strip().lower(): value for key, value in raw.items() if isinstance(key, str)}
            if any(value not in (None, "") for value in row.values()):
                rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise InvalidInputError(f"{path}: not valid CSV at line {reader.line_num}: {exc}") from exc
    return rows


def _jsonl_rows(path: Path, text: str) -> list[tuple[int, Row]]:
    rows: list[tuple[int, Row]] = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInputError(f"{path}: bad JSON at line {line_number}: {exc.msg}") from exc
        if not isinstance(item, dict):
            raise InvalidInputError(
                f"{path}: line {line_number} is a JSON {type(item).__name__}, expected an object"
            )
        rows.append((line_number, _lower_keys(item)))
    return rows


def _json_rows(path: Path, text: str) -> list[tuple[int, Row]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(f"{path}: bad JSON at line {exc.lineno}: {exc.msg}") from exc
    if isinstance(data, dict):
        data = next((data[key] for key in _JSON_LIST_KEYS if isinstance(data.get(key), list)), None)
    if not isinstance(data, list):
        raise InvalidInputError(
            f"{path}: expected a JSON list of movie objects (or an object with a 'results' list)"
        )
    rows: list[tuple[int, Row]] = []
    for position, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise InvalidInputError(
                f"{path}: item {position} is a JSON {type(item).__name__}, expected an object"
            )
        rows.append((position, _lower_keys(item)))
    return rows


def _lower_keys(item: dict[str, Any]) -> Row:
    return {str(key).strip().lower(): value for key, value in item.items()}
