"""The watch-date window a taste profile is built from, and which history rows feed the profile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from src.domain.errors import InvalidInputError


@dataclass(frozen=True)
class ProfileWindow:
    """`since`/`until` are inclusive watch dates; None leaves that side open. With either bound set, a
    row without a watch date is outside the window (nothing says when it was watched)."""

    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        if self.since is not None and self.until is not None and self.since > self.until:
            raise InvalidInputError(
                f"since ({self.since.isoformat()}) is after until ({self.until.isoformat()}): "
                "swap them, or leave one out",
                details={"since": self.since.isoformat(), "until": self.until.isoformat()},
            )

    @property
    def is_open(self) -> bool:
        return self.since is None and self.until is None

    def contains(self, watched_at: date | None) -> bool:
        if self.is_open:
            return True
        if watched_at is None:
            return False
        return (self.since is None or watched_at >= self.since) and (
            self.until is None or watched_at <= self.until
        )

    def describe(self) -> str:
        if self.is_open:
            return "the whole history"
        if self.since is not None and self.until is not None:
            return f"films watched from {self.since.isoformat()} to {self.until.isoformat()}"
        if self.since is not None:
            return f"films watched since {self.since.isoformat()}"
        assert self.until is not None
        return f"films watched until {self.until.isoformat()}"


def feeds_profile(window: ProfileWindow, watched_at: date | None, in_profile: bool) -> bool:
    """Whether a history row may build the taste profile: kept by the person and inside the window."""
    return in_profile and window.contains(watched_at)
