"""The PostgreSQL that CI provides answers (CONTRACTS §9); later storage tests rely on it.

With ``CI`` set an unreachable server fails the run; elsewhere the test skips, loudly.
"""

import os
import socket
from urllib.parse import urlsplit

import pytest


def test_the_test_postgres_server_answers() -> None:
    url = os.environ.get("NABIJ_TEST_POSTGRES_URL")
    in_ci = bool(os.environ.get("CI"))
    if not url:
        if in_ci:
            pytest.fail("NABIJ_TEST_POSTGRES_URL is not set in CI (.ci/run sets it)")
        pytest.skip("NABIJ_TEST_POSTGRES_URL is not set: PostgreSQL checks are skipped")
    parts = urlsplit(url)
    address = (parts.hostname or "127.0.0.1", parts.port or 5432)
    try:
        with socket.create_connection(address, timeout=5):
            pass
    except OSError as error:
        if in_ci:
            pytest.fail(f"PostgreSQL at {address[0]}:{address[1]} does not answer: {error}")
        pytest.skip(f"PostgreSQL at {address[0]}:{address[1]} does not answer: skipped")
