"""Persistence for live committee workspaces (SQLite or PostgreSQL via SQLAlchemy).

The only package that imports sqlalchemy. Service functions take a `Database` and an
`Actor` and return frozen records (never ORM objects), so pages cannot lazy-load across
sessions. See `store.api` for the full public surface.
"""
