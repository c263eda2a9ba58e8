"""Alembic environment: always run from advisor.db.migrate() with an open connection.

The command line works too (`alembic -c advisor/db/migrations/alembic.ini upgrade head` with
ADVISOR_DATABASE_URL set), which is how a new revision is generated during development.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from advisor.db.schema import metadata

config = context.config


def _run(connection) -> None:
    # render_as_batch: SQLite cannot ALTER most things; batch mode rebuilds the table instead.
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # command line
    from advisor.config import Settings

    engine = create_engine(Settings().effective_database_url)
    with engine.connect() as conn:
        _run(conn)
