"""Shared test setup: the hypothesis profiles, and real databases for storage and web tests."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import Engine

from tests.databases import empty, migrated, postgres_database, sqlite_url

# CI runs more examples; no deadline anywhere, since a 2-core CI machine has slow moments.
settings.register_profile("ci", max_examples=150, deadline=None)
settings.register_profile("dev", max_examples=40, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """Yield a migrated engine on each database nabij supports."""
    if request.param == "sqlite":
        made = migrated(sqlite_url(tmp_path_factory.mktemp("sqlite")))
        yield made
        made.dispose()
        return
    with postgres_database() as url:
        made = migrated(url)
        yield made
        made.dispose()


@pytest.fixture
def clean_engine(engine: Engine) -> Iterator[Engine]:
    """Yield the session's engine and empty its tables after the test."""
    yield engine
    empty(engine)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """Return a private data directory for one test."""
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    return folder
