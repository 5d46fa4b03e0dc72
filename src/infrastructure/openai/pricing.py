"""Estimated OpenAI chat prices, USD per million tokens (input, output), from openai.com/api/pricing.

Estimates only (no cached-input or batch discounts): they feed the `cinemai_llm_*_cost_usd` metrics.
A dated snapshot ("gpt-4o-2024-08-06") is priced as its family (the longest matching prefix); a model
not in the table has no estimate (tokens are still counted). Update the table when prices change.
"""

from __future__ import annotations

PRICES_PER_MILLION: dict[str, tuple[float, float]] = {
    "gpt-4o": (2.50, 10.00),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
}


def estimated_cost_usd(model: str, prompt_tokens: int, completion_tokens: int) -> float | None:
    """USD for one call, or None when `model` is not priced."""
    family = max((name for name in PRICES_PER_MILLION if model.startswith(name)), key=len, default=None)
    if family is None:
        return None
    price_in, price_out = PRICES_PER_MILLION[family]
    return (prompt_tokens * price_in + completion_tokens * price_out) / 1_000_000
