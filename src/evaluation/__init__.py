"""The offline evaluation room: the MovieLens harness, its metrics, its adapters and its own composition
root (`src.evaluation.wiring`). It uses the product's layers; nothing in the product imports it."""
