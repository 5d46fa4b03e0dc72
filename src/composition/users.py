"""Users: accounts and keys, a history's import into a taste profile, lists, export."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dependency_injector import containers, providers

from src.application.authenticate_pair import AuthenticatePair
from src.application.catalog_writer import CatalogWriter
from src.application.export_user_data import ExportUserData
from src.application.import_list import ImportList
from src.application.import_watch_history import ImportWatchHistory
from src.application.list_history import ListHistory
from src.application.looked_up_matches import LookedUpMatcher
from src.application.manage_lists import DeleteList, SetListStanding
from src.application.manage_users import AuthCache, AuthenticateUser, CreateUser, DeleteUser
from src.application.ports.catalog import CatalogReader
from src.application.ports.collaborative import CollaborativeRefresh
from src.application.ports.embedder import Embedder
from src.application.ports.history import Clusterer, HistoryParser, MovieMatcher
from src.application.ports.lists import ListFileReader
from src.application.ports.plotting import ProfileMapRenderer
from src.application.ports.rate_limit import AuthRevocations
from src.application.ports.unit_of_work import UnitOfWork
from src.application.profile_seeds import ProfileRebuild
from src.application.set_in_profile import SetInProfile
from src.application.set_profile_window import SetProfileWindow
from src.application.show_profile_seeds import ShowProfileSeeds
from src.application.taste_profile_builder import TasteProfileBuilder
from src.composition.kinds import lookup_kind
from src.infrastructure.clustering.adaptive import AdaptiveClusterer
from src.infrastructure.history.list_files import LetterboxdAwareListReader
from src.infrastructure.history.parser import AutoDetectHistoryParser
from src.infrastructure.matching.catalog_index import CatalogIndexCache
from src.infrastructure.matching.rapidfuzz_matcher import RapidfuzzMovieMatcher
from src.infrastructure.plotting.profile_map import MatplotlibProfileMap
from src.infrastructure.settings import Settings

if TYPE_CHECKING:
    from src.infrastructure.tmdb.client import TmdbClient


def _tmdb_matcher(inner: MovieMatcher, client: TmdbClient, writer: CatalogWriter) -> MovieMatcher:
    from src.infrastructure.tmdb.matcher import TmdbMovieLookup

    return LookedUpMatcher(inner, TmdbMovieLookup(client), writer)


class Users(containers.DeclarativeContainer):
    settings: providers.Dependency[Settings] = providers.Dependency()
    uow_factory: providers.Dependency[Callable[[], UnitOfWork]] = providers.Dependency()
    catalog_reader: providers.Dependency[CatalogReader] = providers.Dependency()
    catalog_index: providers.Dependency[CatalogIndexCache] = providers.Dependency()
    embedder: providers.Dependency[Embedder] = providers.Dependency()
    cached_embedder: providers.Dependency[Embedder] = providers.Dependency()
    tmdb_client: providers.Dependency[TmdbClient] = providers.Dependency()
    catalog_writer: providers.Dependency[CatalogWriter] = providers.Dependency()
    revocations: providers.Dependency[AuthRevocations] = providers.Dependency()
    collaborative: providers.Dependency[CollaborativeRefresh] = providers.Dependency()

    # accounts
    auth_cache = providers.Singleton(AuthCache, ttl_seconds=settings.provided.auth_cache_seconds)
    create_user = providers.Factory(CreateUser, uow_factory=uow_factory)
    authenticate_user = providers.Factory(
        AuthenticateUser, uow_factory=uow_factory, cache=auth_cache, revocations=revocations
    )
    authenticate_pair = providers.Factory(AuthenticatePair, authenticate=authenticate_user)
    delete_user = providers.Factory(
        DeleteUser,
        uow_factory=uow_factory,
        cache=auth_cache,
        collaborative=collaborative,
        revocations=revocations,
    )

    # history → profile
    history_parser: providers.Provider[HistoryParser] = providers.Singleton(
        AutoDetectHistoryParser,
        max_rows=settings.provided.max_rows,
        max_bytes=settings.provided.max_upload_bytes,
        max_zip_bytes=settings.provided.max_upload_bytes,
    )
    local_matcher: providers.Provider[MovieMatcher] = providers.Singleton(
        RapidfuzzMovieMatcher, catalog_index, catalog_reader, cutoff=settings.provided.fuzzy_threshold
    )
    # with TMDB_API_KEY rows the catalog lacks are looked up on TMDB
    matcher: providers.Provider[MovieMatcher] = providers.Selector(
        providers.Callable(lookup_kind, settings),
        local=local_matcher,
        tmdb=providers.Singleton(_tmdb_matcher, local_matcher, tmdb_client, catalog_writer),
    )
    clusterer: providers.Provider[Clusterer] = providers.Singleton(AdaptiveClusterer)
    profile_builder = providers.Factory(
        TasteProfileBuilder,
        cached_embedder,
        clusterer,
        like_threshold=settings.provided.like_threshold,
        dislike_threshold=settings.provided.dislike_threshold,
    )
    profile_map: providers.Provider[ProfileMapRenderer] = providers.Singleton(MatplotlibProfileMap)
    import_watch_history = providers.Factory(
        ImportWatchHistory,
        uow_factory=uow_factory,
        parser=history_parser,
        matcher=matcher,
        builder=profile_builder,
        max_rows=settings.provided.max_rows,
        collaborative=collaborative,
    )

    # the profile's window and seeds: which history films build it
    profile_rebuild = providers.Factory(ProfileRebuild, matcher=matcher, builder=profile_builder)
    set_profile_window = providers.Factory(
        SetProfileWindow, uow_factory=uow_factory, rebuild=profile_rebuild, collaborative=collaborative
    )
    set_in_profile = providers.Factory(
        SetInProfile, uow_factory=uow_factory, rebuild=profile_rebuild, collaborative=collaborative
    )
    show_profile_seeds = providers.Factory(ShowProfileSeeds, uow_factory=uow_factory)
    list_history = providers.Factory(ListHistory, uow_factory=uow_factory)

    # a person's lists (watchlist / include / exclude), matched like a history
    list_reader: providers.Provider[ListFileReader] = providers.Singleton(
        LetterboxdAwareListReader, history_parser, max_zip_bytes=settings.provided.max_upload_bytes
    )
    import_list = providers.Factory(
        ImportList,
        uow_factory=uow_factory,
        reader=list_reader,
        matcher=matcher,
        model=embedder.provided.model_name,
        max_rows=settings.provided.max_rows,
    )
    delete_list = providers.Factory(DeleteList, uow_factory=uow_factory)
    set_list_standing = providers.Factory(SetListStanding, uow_factory=uow_factory)
    export_user_data = providers.Factory(ExportUserData, uow_factory=uow_factory)
