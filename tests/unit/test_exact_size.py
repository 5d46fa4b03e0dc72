"""B7 (issue 13): limits are stated exactly; 20 MiB + 1 byte never reads as equal to a 20 MiB limit."""

from __future__ import annotations

from src.presentation.api.limits import exact_size

MIB = 1024 * 1024


def test_one_byte_over_a_limit_reads_differently_from_the_limit() -> None:
    assert exact_size(20 * MIB) == "20,971,520 bytes (20 MiB)"
    assert exact_size(20 * MIB + 1) == "20,971,521 bytes (20.000001 MiB)"
    assert exact_size(10_485) == "10,485 bytes"
