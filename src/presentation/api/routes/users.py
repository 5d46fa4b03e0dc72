"""Users, their watch history and their taste profile."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Literal

from dependency_injector.wiring import inject
from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile, status
from fastapi.responses import JSONResponse

from src.application.import_list import ImportList
from src.application.import_watch_history import ImportWatchHistory, ImportWatchHistoryCommand
from src.application.manage_users import CreateUser, DeleteUser
from src.application.ports.plotting import ProfileMapRenderer
from src.application.ports.unit_of_work import UnitOfWork
from src.application.submit_job import SubmitJob, SubmitJobCommand
from src.application.user_snapshot import read_user_snapshot
from src.container import HISTORY_FORMATS, Container
from src.domain.errors import ProfileNotFoundError, TooLargeError
from src.domain.profile import TasteProfile, UserId
from src.domain.taste_map import taste_map
from src.presentation.api.auth import CurrentUser
from src.presentation.api.job_schemas import JobOut
from src.presentation.api.limits import exact_size
from src.presentation.api.list_schemas import HistoryUploadOut, ListImportOut
from src.presentation.api.provide import Provide
from src.presentation.api.schemas import ErrorOut
from src.presentation.api.user_schemas import (
    CreatedUserOut,
    CreateUserIn,
    ImportReportOut,
    ProfileMapOut,
)

router = APIRouter(
    prefix="/api/v1/users",
    tags=["users"],
    responses={
        401: {"model": ErrorOut},
        403: {"model": ErrorOut},
        404: {"model": ErrorOut},
        422: {"model": ErrorOut},
    },
)
CHUNK = 1024 * 1024
AUTO_FORMAT = "auto"
if TYPE_CHECKING:
    HistoryFormat = str
else:  # the parser's own names (one list, src/infrastructure/history/parser.py), plus "auto": detect
    HistoryFormat = Literal[(AUTO_FORMAT, *HISTORY_FORMATS)]
UowFactory = Callable[[], UnitOfWork]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=CreatedUserOut)
@inject
async def create_user(
    body: CreateUserIn | None = None, use_case: CreateUser = Depends(Provide[Container.create_user])
) -> CreatedUserOut:
    """Create a user. The API key in the response is shown once: keep it."""
    created = await use_case.execute(body.name if body else None)
    return CreatedUserOut(id=created.user.id, api_key=created.api_key, name=created.user.name)


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
@inject
async def delete_user(
    user: CurrentUser, use_case: DeleteUser = Depends(Provide[Container.delete_user])
) -> Response:
    """Delete the user and everything stored about them (history, profile, feedback)."""
    await use_case.execute(user.id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{user_id}/watch-history",
    response_model=HistoryUploadOut,
    responses={
        202: {"model": JobOut, "description": "a large upload runs as a background job: poll its url"},
        413: {"model": ErrorOut},
    },
)
@inject
async def upload_watch_history(
    user: CurrentUser,
    request: Request,
    file: Annotated[
        UploadFile,
        File(description="a Letterboxd/IMDb/TMDB/Trakt/Netflix export, or any CSV with a title column"),
    ],
    mode: Annotated[Literal["replace", "append"], Form()] = "replace",
    # not nullable: a multipart form cannot send null (the schema said it could, and a fuzzer sent "None")
    format: Annotated[
        HistoryFormat,
        Form(description='skip detection and read the file as this format; "auto" (or no value): detect it'),
    ] = AUTO_FORMAT,
    use_case: ImportWatchHistory = Depends(Provide[Container.import_watch_history]),
    import_list: ImportList = Depends(Provide[Container.import_list]),
    max_bytes: int = Depends(Provide[Container.settings.provided.max_upload_bytes]),
    background_bytes: int = Depends(Provide[Container.settings.provided.background_upload_bytes]),
    submit: SubmitJob = Depends(Provide[Container.submit_job]),
) -> HistoryUploadOut | JSONResponse:
    """Import a watch history and rebuild the taste profile. A failed import leaves the old profile.
    A file larger than CINEMAI_BACKGROUND_UPLOAD_MB is imported by a background job: the answer is 202
    with the job (its `url` reports progress and, at the end, this same import report).
    A Letterboxd export zip's watchlist.csv is stored too, as a watchlist list (`watchlist` in the answer;
    a background import stores the history only)."""
    data = await _read_limited(file, max_bytes)
    command = ImportWatchHistoryCommand(
        user_id=user.id,
        data=data,
        filename=file.filename,
        format=None if format == AUTO_FORMAT else format,
        mode=mode,
    )
    if len(data) > background_bytes:
        await use_case.validate(command)  # a bad file is still a 4xx now, not a failed job later
        job = await submit.execute(
            SubmitJobCommand(
                kind="watch_history_import",
                owner=str(user.id),
                params={"user_id": str(user.id), "filename": file.filename, "format": command.format, "mode": mode},
                payload=data,
            )
        )
        out = JobOut.of(job)
        return JSONResponse(
            out.model_dump(mode="json"), status_code=status.HTTP_202_ACCEPTED, headers={"Location": out.url}
        )
    report = await use_case.execute(command)
    watchlist = await import_list.from_export(user.id, data) if report.match.format == "letterboxd_zip" else None
    return HistoryUploadOut(
        **ImportReportOut.of(report).model_dump(),
        watchlist=ListImportOut.of(watchlist) if watchlist is not None else None,
    )


@router.get(
    "/{user_id}/profile/map.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}, "description": "the taste map"}},
)
@inject
async def get_profile_map(
    user: CurrentUser,
    uows: UowFactory = Depends(Provide[Container.uow.provider]),
    renderer: ProfileMapRenderer = Depends(Provide[Container.profile_map]),
) -> Response:
    """The person's liked movies in 2-D (PCA of their embeddings), coloured and labelled by cluster."""
    import asyncio

    profile = await _profile(uows, user.id)
    png = await asyncio.to_thread(renderer.render, profile)
    return Response(content=png, media_type="image/png")


@router.get("/{user_id}/profile/map.json", response_model=ProfileMapOut)
@inject
async def get_profile_map_points(
    user: CurrentUser, uows: UowFactory = Depends(Provide[Container.uow.provider])
) -> ProfileMapOut:
    """The taste map as data (for drawing it interactively): each liked movie's 2-D position, cluster
    and weight, the favourites marked, and each cluster's centre; the same projection as map.png."""
    profile = await _profile(uows, user.id)
    return ProfileMapOut.of(profile.version, taste_map(profile))


async def _profile(uows: UowFactory, user_id: UserId) -> TasteProfile:
    profile = await read_user_snapshot(uows, user_id, lambda uow: uow.profiles.get(user_id))
    if profile is None:
        raise ProfileNotFoundError(
            "this user has no taste profile yet: upload a watch history to "
            "POST /api/v1/users/{id}/watch-history first"
        )
    return profile


async def _read_limited(file: UploadFile, limit: int) -> bytes:
    if file.size is not None and file.size > limit:
        raise TooLargeError(f"the file is {exact_size(file.size)}; the limit is {exact_size(limit)}")
    chunks, total = [], 0
    while chunk := await file.read(CHUNK):
        total += len(chunk)
        if total > limit:
            raise TooLargeError(f"the file is larger than the limit of {exact_size(limit)}")
        chunks.append(chunk)
    return b"".join(chunks)
