"""Sampling the server with py-spy, and summarising its collapsed stacks ("raw" format) into where the
CPU time goes: self time by package, inclusive time by package, the hottest functions."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmarks.stats import markdown_table

_FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")
# Leaf frames of threads that are only waiting (py-spy's idle detection misses some of them).
IDLE_LEAVES = (
    "Condition.wait (threading.py",
    "Queue.get (queue.py",
    "Event.wait (threading.py",
    ".select (selectors.py",
    "_worker (concurrent/futures/thread.py",  # a to_thread worker blocked in its queue's get()
)


def py_spy_command(pid: int, seconds: float, output: Path, rate: int = 200) -> list[str]:
    """py-spy (pip install py-spy) attached to `pid` and its subprocesses (the uvicorn workers of
    CINEMAI_WORKERS > 1) for `seconds`, collapsed stacks to `output`.
    Raises RuntimeError when py-spy is not on PATH."""
    exe = shutil.which("py-spy")
    if exe is None:
        raise RuntimeError("py-spy is not installed: pip install py-spy (or run with --no-profile)")
    duration = str(max(1, round(seconds)))
    return [exe, "record", "--pid", str(pid), "--duration", duration, "--rate", str(rate),
            "--format", "raw", "--subprocesses", "--output", str(output)]  # fmt: skip


def start_py_spy(pid: int, seconds: float, output: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            py_spy_command(pid, seconds, output),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )


def parse_collapsed(text: str) -> list[tuple[list[str], int]]:
    """`frame;frame;…;leaf COUNT` lines (root first) → [(frames, count)]; malformed lines are skipped."""
    stacks = []
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            stacks.append((stack.split(";"), int(count)))
    return stacks


def function_of(frame: str) -> str:
    """`func (path/file.py:123)` → `func (path/file.py)`: lines of one function are merged."""
    m = _FRAME.match(frame)
    return f"{m['func']} ({m['file']})" if m else frame


def package_of(frame: str) -> str:
    """The package a frame's file belongs to: `sqlalchemy`, `asyncio`; for our code `src/<layer>/<pkg>`."""
    m = _FRAME.match(frame)
    path = m["file"] if m else frame
    if path.startswith("<frozen"):
        return path.strip("<>").split()[-1] if " " in path else path
    parts = path.split("/")
    if parts[0] == "src":
        return "/".join(parts[:3]).removesuffix(".py")
    return parts[0].removesuffix(".py")


@dataclass(frozen=True)
class ProfileSummary:
    busy: int
    idle: int
    self_by_package: list[tuple[str, int]]
    inclusive_by_package: list[tuple[str, int]]
    top_self: list[tuple[str, int]]
    top_src_inclusive: list[tuple[str, int]]


def summarise_profile(stacks: list[tuple[list[str], int]], top: int = 15) -> ProfileSummary:
    """Idle samples (threads waiting, see IDLE_LEAVES) are counted apart and left out of the rest."""
    busy = idle = 0
    self_pkg: Counter[str] = Counter()
    incl_pkg: Counter[str] = Counter()
    self_fn: Counter[str] = Counter()
    src_fn: Counter[str] = Counter()
    for frames, n in stacks:
        if not frames or any(marker in frames[-1] for marker in IDLE_LEAVES):
            idle += n
            continue
        busy += n
        self_pkg[package_of(frames[-1])] += n
        self_fn[function_of(frames[-1])] += n
        for pkg in {package_of(f) for f in frames}:
            incl_pkg[pkg] += n
        for fn in {function_of(f) for f in frames if package_of(f).startswith("src/")}:
            src_fn[fn] += n
    return ProfileSummary(
        busy=busy,
        idle=idle,
        self_by_package=self_pkg.most_common(top),
        # a package on every busy stack (the event loop, uvicorn's entry) says nothing: left out
        inclusive_by_package=[(k, v) for k, v in incl_pkg.most_common() if v < busy][:top],
        top_self=self_fn.most_common(top),
        top_src_inclusive=[(k, v) for k, v in src_fn.most_common(top + 10) if "presentation/cli" not in k][
            :top
        ],
    )


def profile_markdown(s: ProfileSummary) -> str:
    """Four tables, each share a percentage of the busy samples."""

    def table(title: str, what: str, rows: list[tuple[str, int]]) -> str:
        body = [[f"`{k}`", str(v), f"{100 * v / s.busy:.1f}%"] for k, v in rows] if s.busy else []
        return f"**{title}**\n\n" + markdown_table([what, "samples", "share"], body)

    return "\n\n".join(
        [
            f"{s.busy} busy samples ({s.idle} idle-thread samples left out).",
            table("Self time by package", "package", s.self_by_package),
            table("Inclusive time by package (on the stack)", "package", s.inclusive_by_package),
            table("Inclusive time of our own functions (src/)", "function", s.top_src_inclusive),
            table("Hottest functions (self time)", "function", s.top_self),
        ]
    )
