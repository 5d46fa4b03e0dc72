"""The collaborative signal: the stored model (one in-process copy, reloaded when a newer build lands), the
fitter that builds it (EASE or co-occurrence, CINEMAI_CF_MODEL), the transitions fitter (with
CINEMAI_SIGNAL_BLEND=learned) and the rebuild use case."""

from __future__ import annotations

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from src.application.gather_candidates import CollaborativeOptions
from src.application.ports.collaborative import CollaborativeStore, ItemSimilarityFitter, TransitionsFitter
from src.application.rebuild_collaborative_model import RebuildCollaborativeModel
from src.domain.collaborative import CooccurrenceParams
from src.infrastructure.db.collaborative_store import SqlAlchemyCollaborativeStore
from src.infrastructure.settings import Settings


def cooccurrence_fitter(settings: Settings) -> ItemSimilarityFitter:
    if settings.collaborative_model == "ease":
        from src.infrastructure.collaborative.numpy_ease import NumpyEaseFitter

        return NumpyEaseFitter(lam=settings.collaborative_ease_lambda)
    from src.infrastructure.collaborative.scipy_cooccurrence import ScipyCooccurrenceFitter

    return ScipyCooccurrenceFitter()


def transitions_fitter(settings: Settings) -> TransitionsFitter | None:
    if settings.signal_blend != "learned":
        return None
    from src.infrastructure.collaborative.scipy_transitions import ScipyTransitionsFitter

    return ScipyTransitionsFitter()


def cooccurrence_params(settings: Settings) -> CooccurrenceParams:
    learned = settings.signal_blend == "learned"
    return CooccurrenceParams(
        neighbours=settings.collaborative_neighbours,
        user_weighting=settings.collaborative_user_weighting,
        shrink=settings.collaborative_shrink,
        min_support=settings.collaborative_min_support,
        rated=learned,
        transitions_window=settings.transitions_window if learned else 0,
    )


def collaborative_options(settings: Settings) -> CollaborativeOptions:
    return CollaborativeOptions(
        weight=settings.collaborative_weight,
        min_users=settings.collaborative_min_users,
        full_weight_users=settings.collaborative_full_weight_users,
        popularity_min_users=settings.collaborative_popularity_min_users,
        candidates=settings.collaborative_candidates,
        learned=settings.signal_blend == "learned",
        transitions_weight=settings.transitions_weight,
        recent=settings.transitions_recent,
        decay=settings.transitions_decay,
        dislike_threshold=settings.dislike_threshold,
        recency_floor=settings.collaborative_recency_floor,
        popularity_penalty=settings.signal_popularity_penalty,
    )


class Collaborative(containers.DeclarativeContainer):
    settings: providers.Dependency[Settings] = providers.Dependency()
    session_factory: providers.Dependency[async_sessionmaker[AsyncSession]] = providers.Dependency()

    collaborative_store: providers.Provider[CollaborativeStore] = providers.Singleton(
        SqlAlchemyCollaborativeStore, session_factory
    )
    cooccurrence_fitter: providers.Provider[ItemSimilarityFitter] = providers.Singleton(
        cooccurrence_fitter, settings
    )
    transitions_fitter: providers.Provider[TransitionsFitter | None] = providers.Singleton(
        transitions_fitter, settings
    )
    options: providers.Provider[CollaborativeOptions] = providers.Callable(collaborative_options, settings)
    rebuild_collaborative_model = providers.Factory(
        RebuildCollaborativeModel,
        store=collaborative_store,
        fitter=cooccurrence_fitter,
        params=providers.Callable(cooccurrence_params, settings),
        transitions=transitions_fitter,
        min_change=settings.provided.collaborative_rebuild_min_change,
        min_growth=settings.provided.collaborative_rebuild_min_growth,
    )
