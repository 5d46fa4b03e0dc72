"""Bytes → text → table: encoding, delimiter, and the physical line number of every CSV record.

Encoding: a UTF-8 or UTF-16 BOM wins; otherwise UTF-8, then cp1252, then Latin-1 (which decodes any
byte). Text with NUL bytes (outside UTF-16) or more than 1% control characters is binary, not an export.
Delimiter: csv.Sniffer over , ; TAB | checked against the header line (the header's most frequent
candidate wins when the sniffer disagrees with it); "," when nothing fits.
Fields larger than the csv module's limit (128 KiB by default; this module leaves the process-wide
setting alone) make the file unreadable rather than being truncated silently.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from src.domain.errors import InvalidInputError, UnreadableHistoryError

DELIMITERS = ",;\t|"
_SNIFF_SAMPLE_CHARS = 4096
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
NO_ROWS = "the file has no rows"


def norm_key(name: str) -> str:
    """Case-, space-, underscore- and punctuation-insensitive form of a column name or JSON key."""
    return _NON_ALNUM.sub("", name.replace("\ufeff", "").lower())


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of `data` and the encoding used. Raises UnreadableHistoryError for binary data."""
    if not data.strip():
        raise UnreadableHistoryError(NO_ROWS)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(_decode(data, "utf-16")), "utf-16"
    if data.startswith(codecs.BOM_UTF8):
        return _checked(_decode(data, "utf-8-sig")), "utf-8-sig"
    if b"\x00" in data:
        raise UnreadableHistoryError("the file looks binary (it contains NUL bytes), not a text export")
    for encoding in ("utf-8", "cp1252"):
        try:
            return _checked(data.decode(encoding)), encoding
        except UnicodeDecodeError:
            continue
    return _checked(data.decode("latin-1")), "latin-1"


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableHistoryError(f"the file claims {encoding} (BOM) but is not valid {encoding}") from exc


def _checked(text: str) -> str:
    if "\x00" in text or len(_CONTROL.findall(text)) > len(text) / 100:
        raise UnreadableHistoryError("the file looks binary (control characters), not a text export")
    if not text.strip():
        raise UnreadableHistoryError(NO_ROWS)
    return text


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV text (see the module docstring)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: _count_unquoted(header, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties go to the earlier candidate
    sample = text[:_SNIFF_SAMPLE_CHARS].rsplit("\n", 1)[0] if len(text) > _SNIFF_SAMPLE_CHARS else text
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    if sniffed in counts and counts[sniffed] > 0 and counts[sniffed] >= counts[best]:
        return sniffed
    return best if counts[best] > 0 else ","


def _count_unquoted(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def describe_columns(header: list[str], limit: int = 30) -> str:
    """The header for an error message: at most `limit` names of at most 40 characters."""
    names = [name[:40] for name in header[:limit]]
    more = f" and {len(header) - limit} more" if len(header) > limit else ""
    return (", ".join(names) or "(none)") + more


@dataclass(frozen=True)
class CsvRow:
    """One CSV record and the physical line it starts on (header = line 1 in a file without blank lines)."""

    line: int
    fields: list[str]

    def get(self, index: int | None) -> str:
        """The stripped field at `index`, "" when the column is absent or the row is short."""
        if index is None or index >= len(self.fields):
            return ""
        return self.fields[index].strip()


@dataclass(kw_only=True)
class CsvTable:
    header: list[str]
    rows: list[CsvRow]
    encoding: str
    delimiter: str
    keys: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.keys = [norm_key(name) for name in self.header]

    def column(self, *aliases: str) -> int | None:
        """Index of the first alias present in the header (aliases compared by norm_key)."""
        for alias in aliases:
            key = norm_key(alias)
            if key in self.keys:
                return self.keys.index(key)
        return None

    def columns(self, aliases: Mapping[str, tuple[str, ...]]) -> dict[str, int | None]:
        return {name: self.column(*names) for name, names in aliases.items()}

    def raw(self, row: CsvRow) -> str:
        return self.delimiter.join(row.fields)[:200]


def read_table(data: bytes, *, max_rows: int | None = None) -> CsvTable:
    """Decode, sniff and read a CSV export. Blank lines are not rows. Raises UnreadableHistoryError
    for binary data, a file with no header or no data rows, and CSV the csv module cannot read."""
    text, encoding = decode_text(data)
    delimiter = sniff_delimiter(text)
    records = _records(text, delimiter, None if max_rows is None else max_rows + 1)
    if not records:
        raise UnreadableHistoryError(NO_ROWS)
    header, rows = records[0], records[1:]
    if not rows:
        raise UnreadableHistoryError(f"{NO_ROWS} (only a header line)")
    return CsvTable(
        header=[h.strip() for h in header.fields], rows=rows, encoding=encoding, delimiter=delimiter
    )


def _records(text: str, delimiter: str, max_records: int | None = None) -> list[CsvRow]:
    """The non-blank records; more than `max_records` (header included) is an InvalidInputError raised at
    the first record over, before the rest is read."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True)
    records: list[CsvRow] = []
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return records
        except csv.Error as exc:
            raise UnreadableHistoryError(f"line {start}: the CSV cannot be read ({exc})") from exc
        if any(f.strip() for f in fields):
            if max_records is not None and len(records) >= max_records:
                limit = max_records - 1
                raise InvalidInputError(
                    f"the file has more than {limit:,} rows (line {start}); the limit is {limit:,}. "
                    "Split the file or keep the most recent rows.",
                    details={"limit": limit, "line": start},
                )
            records.append(CsvRow(line=start, fields=fields))
