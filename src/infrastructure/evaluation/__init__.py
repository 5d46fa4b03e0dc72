"""Adapters for the evaluation harness: MovieLens files, catalog mapping, an on-disk vector cache, charts."""
