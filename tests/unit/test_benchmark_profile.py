"""Summarising py-spy's collapsed stacks: idle threads apart, self and inclusive time by package."""

from __future__ import annotations

from benchmarks.profiling import function_of, package_of, parse_collapsed, profile_markdown, summarise_profile

ROOT = "<module> (src/presentation/cli/main.py:60);run (uvicorn/main.py:632);_run_once (asyncio/base_events.py:1884)"
RECOMMEND = (
    f"{ROOT};execute (src/application/recommend.py:120);_fetch (src/infrastructure/db/catalog_reader.py:80)"
)
COLLAPSED = "\n".join(
    [
        f"{RECOMMEND};_from_text (pgvector/vector.py:88) 6",
        f"{RECOMMEND};_from_text (pgvector/vector.py:89) 2",
        f"{RECOMMEND};execute (sqlalchemy/engine/base.py:10) 1",
        f"{ROOT};handle_events (h11/_connection.py:400) 1",
        "_bootstrap (threading.py:1002);run (anyio/_backends/_asyncio.py:1113);Condition.wait (threading.py:327) 30",
        "_bootstrap (threading.py:1002);_worker (concurrent/futures/thread.py:81) 5",
        "not a stack line",
    ]
)


def test_parse_collapsed_keeps_frames_root_first_and_counts() -> None:
    stacks = parse_collapsed(COLLAPSED)
    assert len(stacks) == 6
    frames, count = stacks[0]
    assert (
        count == 6 and frames[0].startswith("<module>") and frames[-1] == "_from_text (pgvector/vector.py:88)"
    )


def test_frames_map_to_functions_and_packages() -> None:
    assert function_of("_from_text (pgvector/vector.py:88)") == "_from_text (pgvector/vector.py)"
    assert package_of("_from_text (pgvector/vector.py:88)") == "pgvector"
    assert package_of("_fetch (src/infrastructure/db/catalog_reader.py:80)") == "src/infrastructure/db"
    assert package_of("execute (src/application/recommend.py:120)") == "src/application/recommend"
    assert package_of("_run_code (<frozen runpy>:88)") == "runpy"


def test_summary_leaves_idle_threads_out_and_ranks_by_samples() -> None:
    s = summarise_profile(parse_collapsed(COLLAPSED))
    assert (s.busy, s.idle) == (10, 35)
    assert s.self_by_package == [("pgvector", 8), ("sqlalchemy", 1), ("h11", 1)]
    assert s.top_self[0] == ("_from_text (pgvector/vector.py)", 8)  # two lines of one function merged
    # packages on every busy stack (uvicorn, asyncio, the CLI entry) are left out of the inclusive view
    inclusive = dict(s.inclusive_by_package)
    assert "uvicorn" not in inclusive and inclusive["src/application/recommend"] == 9
    assert dict(s.top_src_inclusive)["_fetch (src/infrastructure/db/catalog_reader.py)"] == 9


def test_markdown_shows_shares_of_busy_samples() -> None:
    text = profile_markdown(summarise_profile(parse_collapsed(COLLAPSED)))
    assert "10 busy samples (35 idle-thread samples left out)." in text
    assert "| `pgvector`" in text and "80.0%" in text
