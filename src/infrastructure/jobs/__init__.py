"""Background job adapters: the PostgreSQL job store, the SAQ (Redis) queue, the in-process queue."""
