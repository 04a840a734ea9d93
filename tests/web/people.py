"""A person in a browser, for endpoint tests: they register, log in and post real forms.

The CSRF token is read from the page the person is on, as a browser would send it.
"""

import re
from dataclasses import dataclass, field

from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response

_TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')
PASSWORD = "zeven zonnige zondagen aan zee"


@dataclass
class Person:
    """One browser (its own cookies) used by one persona."""

    app: FastAPI
    login: str
    client: TestClient = field(init=False)

    def __post_init__(self) -> None:
        self.client = TestClient(self.app, base_url="https://testserver", follow_redirects=False)

    def get(self, path: str) -> Response:
        """GET a page as this person."""
        return self.client.get(path)

    def token(self, path: str = "/") -> str:
        """Return the CSRF token of a page, as the form on it would send it."""
        page = self.client.get(path, follow_redirects=True)
        found = _TOKEN.search(page.text)
        assert found is not None, f"no form token on {path} ({page.status_code})"
        return found.group(1)

    def post(
        self,
        path: str,
        data: dict[str, object] | None = None,
        *,
        page: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """Submit a form at ``path`` from ``page`` (default: the same path), like a browser."""
        token = self.token(page or path if (page or path) != "/lang" else "/")
        fields = {"csrf_token": token, **(data or {})}
        sent = {"sec-fetch-site": "same-origin", **(headers or {})}
        return self.client.post(path, data=fields, headers=sent)  # type: ignore[arg-type]

    def register(self) -> "Person":
        """Create this person's account and accept the consent notice."""
        answer = self.post(
            "/register",
            {"login": self.login, "password": PASSWORD, "password_again": PASSWORD},
        )
        # The recovery key is shown, once, on the answer itself.
        assert answer.status_code == 200, answer.text
        assert "recovery-key" in answer.text
        consent = self.post("/consent", {"special_category": "yes", "age": "yes"})
        assert consent.status_code == 303, consent.text
        return self

    def log_in(self) -> Response:
        """Log in with this person's password."""
        return self.post("/login", {"login": self.login, "password": PASSWORD})
