"""Watch-history file parsers: Letterboxd, IMDb, TMDB, Trakt, Netflix, CinemAI JSON and generic CSV."""

from src.infrastructure.history.parser import FORMATS, AutoDetectHistoryParser

__all__ = ["FORMATS", "AutoDetectHistoryParser"]
