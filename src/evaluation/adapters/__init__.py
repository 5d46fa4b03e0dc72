"""Adapters the harness alone uses: MovieLens files, catalog mapping, an on-disk vector cache, charts."""
