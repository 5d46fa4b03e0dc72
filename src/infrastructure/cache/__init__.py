"""Cache adapters: in-process LRU (default) and Redis, plus stable keys and an embedding cache."""
