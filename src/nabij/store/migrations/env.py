"""Alembic's environment: runs migrations on the engine ``database.upgrade`` hands over."""

from alembic import context

from nabij.store.tables import Base

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
