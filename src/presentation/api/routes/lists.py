"""A person's lists: upload (watchlist / include / exclude), list, get, set standing, delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

from dependency_injector.wiring import inject
from fastapi import APIRouter, Depends, File, Form, Path, Response, UploadFile, status

from src.application.import_list import ImportList, ImportListCommand
from src.application.manage_lists import DeleteList, SetListStanding
from src.application.ports.unit_of_work import UnitOfWork
from src.container import Container
from src.domain.user_list import ListNotFoundError
from src.presentation.api.auth import CurrentUser
from src.presentation.api.list_schemas import ListImportOut, ListOut, ListPatchIn
from src.presentation.api.provide import Provide
from src.presentation.api.routes.users import _read_limited
from src.presentation.api.schemas import PLAIN_TEXT, ErrorOut

router = APIRouter(
    prefix="/api/v1/users",
    tags=["lists"],
    responses={
        401: {"model": ErrorOut},
        403: {"model": ErrorOut},
        404: {"model": ErrorOut},
        422: {"model": ErrorOut},
    },
)
UowFactory = Callable[[], UnitOfWork]
ListId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.post(
    "/{user_id}/lists",
    status_code=status.HTTP_201_CREATED,
    response_model=ListImportOut,
    responses={413: {"model": ErrorOut}},
)
@inject
async def upload_list(
    user: CurrentUser,
    file: Annotated[
        UploadFile,
        File(
            description="Letterboxd watchlist.csv or lists/<name>.csv (alone or the export zip), "
            "an IMDb watchlist/list export, or any CSV with a title column"
        ),
    ],
    kind: Annotated[Literal["watchlist", "include", "exclude"], Form()] = "watchlist",
    name: Annotated[str | None, Form(max_length=200, pattern=PLAIN_TEXT)] = None,
    member: Annotated[
        str | None,
        Form(max_length=300, pattern=PLAIN_TEXT, description="in a zip: the file to read (default watchlist.csv)"),
    ] = None,
    standing: Annotated[bool, Form(description="exclude lists: apply to every request")] = False,
    use_case: ImportList = Depends(Provide[Container.import_list]),
    max_bytes: int = Depends(Provide[Container.settings.provided.max_upload_bytes]),
) -> ListImportOut:
    """Import a list; its rows are matched to the catalog like a history's, with the same report."""
    data = await _read_limited(file, max_bytes)
    report = await use_case.execute(
        ImportListCommand(
            user_id=user.id, data=data, kind=kind, name=name or None, member=member or None, standing=standing
        )
    )
    return ListImportOut.of(report)


@router.get("/{user_id}/lists", response_model=list[ListOut])
@inject
async def list_lists(user: CurrentUser, uows: UowFactory = Depends(Provide[Container.uow.provider])) -> list[ListOut]:
    async with uows() as uow:
        return [ListOut.of(x) for x in await uow.lists.all(user.id)]


@router.get("/{user_id}/lists/{list_id}", response_model=ListOut)
@inject
async def get_list(
    user: CurrentUser, list_id: ListId, uows: UowFactory = Depends(Provide[Container.uow.provider])
) -> ListOut:
    async with uows() as uow:
        found = await uow.lists.get(user.id, list_id)
    if found is None:
        raise ListNotFoundError(f"no list {list_id} for this user: GET /api/v1/users/{{id}}/lists lists them")
    return ListOut.of(found, items=True)


@router.patch("/{user_id}/lists/{list_id}", response_model=ListOut)
@inject
async def patch_list(
    user: CurrentUser,
    list_id: ListId,
    body: ListPatchIn,
    use_case: SetListStanding = Depends(Provide[Container.set_list_standing]),
    uows: UowFactory = Depends(Provide[Container.uow.provider]),
) -> ListOut:
    """standing: true applies an exclude list to every recommendation request."""
    await use_case.execute(user.id, list_id, body.standing)
    async with uows() as uow:
        found = await uow.lists.get(user.id, list_id)
    assert found is not None
    return ListOut.of(found)


@router.delete("/{user_id}/lists/{list_id}", status_code=status.HTTP_204_NO_CONTENT)
@inject
async def delete_list(
    user: CurrentUser, list_id: ListId, use_case: DeleteList = Depends(Provide[Container.delete_list])
) -> Response:
    await use_case.execute(user.id, list_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
