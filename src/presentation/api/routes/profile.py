"""The taste profile's inputs: its watch-date window, the stored history with entry ids, per-film
toggles, and the profile with its seeds."""

from __future__ import annotations

from typing import Annotated

from dependency_injector.wiring import inject
from fastapi import APIRouter, Depends, Path, Query

from src.application.list_history import MAX_PAGE, ListHistory
from src.application.set_in_profile import SetInProfile
from src.application.set_profile_window import SetProfileWindow
from src.application.show_profile_seeds import ShowProfileSeeds
from src.container import Container
from src.domain.profile_window import ProfileWindow
from src.presentation.api.auth import CurrentUser
from src.presentation.api.provide import Provide
from src.presentation.api.schemas import ErrorOut
from src.presentation.api.seed_schemas import HistoryOut, InProfileIn, ProfileSeedsOut, WindowIn

router = APIRouter(
    prefix="/api/v1/users",
    tags=["profile"],
    responses={
        401: {"model": ErrorOut},
        403: {"model": ErrorOut},
        404: {"model": ErrorOut},
        422: {"model": ErrorOut},
    },
)
EntryId = Annotated[int, Path(ge=1, le=2_147_483_647, description="a history entry's id (GET /history)")]


@router.get("/{user_id}/profile", response_model=ProfileSeedsOut)
@inject
async def get_profile(
    user: CurrentUser, use_case: ShowProfileSeeds = Depends(Provide[Container.show_profile_seeds])
) -> ProfileSeedsOut:
    """The taste profile: its clusters, the history films feeding each (`seeds`, with the entry ids
    PATCH /history/{entry_id} toggles), the films left out, and those outside the window."""
    return ProfileSeedsOut.of_seeds(await use_case.execute(user.id))


@router.post("/{user_id}/profile", response_model=ProfileSeedsOut)
@inject
async def set_profile_window(
    user: CurrentUser,
    body: WindowIn,
    use_case: SetProfileWindow = Depends(Provide[Container.set_profile_window]),
) -> ProfileSeedsOut:
    """Rebuild the profile from the films watched between `since` and `until` (inclusive; null: open).
    The window is stored: later uploads and rebuilds keep it until it is changed (both null clears it).
    A window holding no film is refused (422) and the profile stays as it was."""
    window = ProfileWindow(body.since, body.until)
    return ProfileSeedsOut.of_seeds(await use_case.execute(user.id, window))


@router.get("/{user_id}/history", response_model=HistoryOut)
@inject
async def list_history(
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 500,
    offset: Annotated[int, Query(ge=0, le=2_147_483_647)] = 0,
    use_case: ListHistory = Depends(Provide[Container.list_history]),
) -> HistoryOut:
    """The stored watch history in file order, with each entry's id, whether it is liked, left out
    (`in_profile`) or outside the window."""
    return HistoryOut.of(await use_case.execute(user.id, limit=limit, offset=offset))


@router.patch("/{user_id}/history/{entry_id}", response_model=ProfileSeedsOut)
@inject
async def set_in_profile(
    user: CurrentUser,
    entry_id: EntryId,
    body: InProfileIn,
    use_case: SetInProfile = Depends(Provide[Container.set_in_profile]),
) -> ProfileSeedsOut:
    """`in_profile: false` leaves the film out of the taste profile without deleting it (it still counts
    as seen); `true` puts it back. The profile is rebuilt at once; rewatches of the film follow."""
    return ProfileSeedsOut.of_seeds(await use_case.execute(user.id, entry_id, body.in_profile))
