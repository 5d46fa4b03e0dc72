"""CPU seconds used by processes, read from /proc (Linux): the API server, and the embedded PostgreSQL
(its postmaster, found through postmaster.pid, plus every child of it)."""

from __future__ import annotations

import os
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def parse_stat(text: str) -> tuple[int, float]:
    """A /proc/<pid>/stat line → (parent pid, user+system CPU seconds). The command name in
    parentheses may itself hold spaces and parentheses, so fields are counted from the last ')'."""
    fields = text[text.rindex(")") + 2 :].split()
    ppid = int(fields[1])
    utime, stime = int(fields[11]), int(fields[12])
    return ppid, (utime + stime) / _TICKS


def cpu_seconds(pid: int) -> float | None:
    """User+system CPU seconds of one process; None when it is gone or unreadable."""
    try:
        return parse_stat(Path(f"/proc/{pid}/stat").read_text())[1]
    except (OSError, ValueError, IndexError):
        return None


def postmaster_pid(pgdata: Path) -> int | None:
    try:
        return int((pgdata / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def tree_cpu_seconds(root: int) -> float | None:
    """CPU seconds of `root` and its direct children (PostgreSQL's backends and workers). Children
    that exited earlier are not counted, so read it around a phase in which connections stay open."""
    total = cpu_seconds(root)
    if total is None:
        return None
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid, seconds = parse_stat((entry / "stat").read_text())
        except (OSError, ValueError, IndexError):
            continue
        if ppid == root:
            total += seconds
    return total


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"
