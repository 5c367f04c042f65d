"""Alembic migrations of the database schema; ``dashboard.data.db.create_schema`` runs them.

Add a revision with ``alembic -c dashboard/data/migrations/alembic.ini revision -m "..."``
(or copy the newest one): ``upgrade`` must turn a database of the previous revision into
one equal to ``dashboard.data.schema`` on SQLite and PostgreSQL, without losing a row;
``tests/unit/data/test_migrations.py`` checks both.
"""
