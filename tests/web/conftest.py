"""The web app on each database, and the personas who use it."""

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine

from nabij.settings import load
from nabij.web.app import create_app
from tests.web.people import Person


@pytest.fixture
def app(clean_engine: Engine, data_dir: Path) -> FastAPI:
    """Return the app on a clean database."""
    settings = load(
        {
            "NABIJ_DATA_DIR": str(data_dir),
            "NABIJ_ALLOWED_HOSTS": "testserver",
            "NABIJ_SECRET_KEY_FILE": str(data_dir / "secret.key"),
        }
    )
    return create_app(settings, engine=clean_engine)


@pytest.fixture
def person(app: FastAPI) -> Callable[[str], Person]:
    """Return a maker of personas with their own browser."""
    return lambda login: Person(app, login)
