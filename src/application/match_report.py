"""What reading and matching an uploaded file found: the part a history import's report and a list
import's report share (each adds what only it has)."""

from __future__ import annotations

from dataclasses import dataclass

from src.application.ports.history import MatchResult
from src.domain.history import ParsedHistory, RejectedRow, SkippedRow


@dataclass(frozen=True)
class UnmatchedRow:
    line: int
    title: str
    year: int | None
    reason: str


@dataclass(kw_only=True)
class MatchReport:
    format: str
    encoding: str
    rows_read: int
    accepted: int
    matched_by_id: int
    matched_exact: int
    matched_fuzzy: int
    matched_other: int
    unmatched: list[UnmatchedRow]
    rejected: list[RejectedRow]
    skipped: list[SkippedRow]

    @property
    def matched(self) -> int:
        return self.matched_by_id + self.matched_exact + self.matched_fuzzy + self.matched_other

    @classmethod
    def of(cls, parsed: ParsedHistory, matches: list[MatchResult]) -> MatchReport:
        methods = [m.method for m in matches]
        return cls(
            format=parsed.format,
            encoding=parsed.encoding,
            rows_read=parsed.rows_read,
            accepted=len(parsed.entries),
            matched_by_id=methods.count("id"),
            matched_exact=methods.count("exact"),
            matched_fuzzy=methods.count("fuzzy"),
            matched_other=sum(1 for x in methods if x not in {None, "id", "exact", "fuzzy"}),
            unmatched=[
                UnmatchedRow(m.entry.line, m.entry.title, m.entry.year, m.reason or "not in the catalog")
                for m in matches
                if m.movie is None
            ],
            rejected=parsed.rejected,
            skipped=parsed.skipped,
        )
