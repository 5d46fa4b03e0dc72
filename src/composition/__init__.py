"""The composition root, by feature: one dependency-injector container per feature, each in its own module.

`src/container.py` assembles them into the `Container` the entry points use and re-exports the names they
import. A new provider goes into the container of its feature (storage, shared_state, embedding, catalog,
collaborative, queries, recommendation, users, jobs); when presentation or a test reaches it, it is also
aliased on `Container` in src/container.py. Nothing outside the entry points and tests imports this package.
"""
