"""`cinemai cf rebuild` and `cinemai cf status`: the collaborative model (item-to-item co-occurrence
in everyone's liked histories)."""

from __future__ import annotations

import argparse

from rich.console import Console

from src.container import Container, database


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # the command keeps its documented short name, `cinemai cf`
    group = sub.add_parser("cf", help="the collaborative model built from everyone's liked movies")
    csub = group.add_subparsers(dest="collaborative_command", required=True)
    rebuild = csub.add_parser("rebuild", help="refit item-to-item similarity now and store it")
    rebuild.add_argument(
        "--if-stale",
        action="store_true",
        help="only when enough changed since the last build (as imports do)",
    )
    rebuild.add_argument(
        "--background",
        action="store_true",
        help="run it as a background job (on `cinemai worker` with REDIS_URL) and follow its progress",
    )
    rebuild.set_defaults(handler=run_rebuild)
    status = csub.add_parser("status", help="when the model was built and from how much data")
    status.set_defaults(handler=run_status)


async def run_rebuild(args: argparse.Namespace, container: Container, console: Console) -> int:
    if args.background:
        from src.presentation.cli.jobs import print_job, submit_and_follow

        async with database(container):
            job = await submit_and_follow(
                container, console, "collaborative_refit", {"if_stale": bool(args.if_stale)}
            )
        print_job(console, job)
        return 0 if job.state == "succeeded" else 1
    async with database(container):
        r = await container.rebuild_collaborative_model().execute(force=not args.if_stale)
    if not r.rebuilt:
        console.print(f"Collaborative model {r.reason} ({r.users} users, {r.interactions} liked movies).")
        return 0
    console.print(
        f"[bold green]Collaborative model rebuilt[/] in {r.seconds:.2f} s ({r.reason}): {r.users} users, "
        f"{r.interactions} liked movies → {r.movies} movies with neighbours, {r.pairs} neighbour pairs."
    )
    if r.users < container.settings().collaborative_min_users:
        console.print("Fewer than two users have liked movies: recommendations stay content only.")
    return 0


async def run_status(args: argparse.Namespace, container: Container, console: Console) -> int:
    async with database(container):
        state = await container.collaborative_store().state()
        users, interactions = await container.collaborative_store().counts()
    if state is None:
        console.print(
            f"No collaborative model yet ({users} users, {interactions} liked movies): `cinemai cf rebuild`."
        )
        return 0
    console.print(
        f"Built {state.built_at:%Y-%m-%d %H:%M:%S %Z} from {state.users} users and {state.interactions} liked "
        f"movies; now {users} users and {interactions} liked movies. Parameters: {state.params}",
        markup=False,
        highlight=False,
    )
    return 0
