"""One error hierarchy for the whole service. Presentation maps each class to a status code once."""

from __future__ import annotations

import enum


class NextStep(enum.Enum):
    """What the person can do next, named by the application; each front end says how (the API an HTTP
    route, the CLI a command: src/presentation/next_steps.py). Application messages name one of these,
    never an HTTP path."""

    CREATE_USER = "create_user"
    UPLOAD_HISTORY = "upload_history"
    LIST_FILTERS = "list_filters"
    SEARCH_MOVIES = "search_movies"
    SHOW_LISTS = "show_lists"


class CinemAIError(Exception):
    """Base of every error a user or operator can act on. `message` says what to do; `next_step`, when
    set, is the action that does it (the front end appends how)."""

    def __init__(
        self, message: str, *, details: dict[str, object] | None = None, next_step: NextStep | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}
        self.next_step = next_step


class NotFoundError(CinemAIError):
    """Something asked for by id does not exist."""


class MovieNotFoundError(NotFoundError):
    pass


class UserNotFoundError(NotFoundError):
    pass


class JobNotFoundError(NotFoundError):
    """No such job, or not one the caller may see (another user's job answers the same)."""


class HistoryEntryNotFoundError(NotFoundError):
    """No history entry with this id for this user."""


class ProfileNotFoundError(NotFoundError):
    """The user exists but has no taste profile yet."""


class InvalidInputError(CinemAIError):
    """The request itself is wrong (a parameter out of range, an empty query)."""


class UnreadableHistoryError(InvalidInputError):
    """An uploaded watch history cannot be read at all (binary, no title column, empty)."""


class TooLargeError(CinemAIError):
    """An upload or request exceeds a configured limit."""


class AuthenticationError(CinemAIError):
    """No credentials, or credentials that match no user."""


class ForbiddenError(CinemAIError):
    """Valid credentials for another user."""


class RateLimitedError(CinemAIError):
    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, details={"retry_after": retry_after})
        self.retry_after = retry_after


class ConflictError(CinemAIError):
    """The operation clashes with work in progress (e.g. an import already running for this user)."""


class CatalogEmptyError(CinemAIError):
    """The movie catalog has not been imported yet."""


class ServiceUnavailableError(CinemAIError):
    """A required backing service (the database) does not answer."""


class ExternalServiceError(CinemAIError):
    """An optional external service (OpenAI, TMDB, Redis) failed; callers fall back to local adapters."""
