"""Cache adapters: in-process LRU (default) and Redis, and CachedEmbedder (embedding_cache.py) over either."""
