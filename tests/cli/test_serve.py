"""``nabij serve``: the app it hands to uvicorn knows whether it speaks TLS itself."""

import os
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from nabij.cli import server
from nabij.cli.app import app


@pytest.mark.parametrize("own_tls", [True, False], ids=["with-tls-cert", "plain"])
def test_serve_sends_hsts_exactly_when_it_has_its_own_certificate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_tls: bool
) -> None:
    for name in list(os.environ):
        if name.startswith("NABIJ_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("NABIJ_DATA_DIR", str(tmp_path / "data"))
    served: dict[str, Any] = {}
    monkeypatch.setattr(server.uvicorn, "run", lambda app, **kw: served.update(app=app, **kw))
    # ``serve`` points the nabij logger at stderr; the test run's own logging stays as it is.
    monkeypatch.setattr(server, "_logging", lambda settings: None)
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.write_text("not read: uvicorn is not started", encoding="ascii")
    key.write_text("not read either", encoding="ascii")
    given = ["--tls-cert", str(cert), "--tls-key", str(key)] if own_tls else []
    umask = os.umask(0o022)  # ``serve`` sets the process's umask; it is put back below
    os.umask(umask)
    try:
        result = CliRunner().invoke(app, ["serve", *given])
    finally:
        os.umask(umask)
    assert result.exit_code == 0, result.output
    assert served["ssl_certfile"] == (str(cert) if own_tls else None)
    try:
        answer = TestClient(served["app"], base_url="https://127.0.0.1").get("/healthz")
        assert answer.status_code == 200
        assert answer.headers.get("strict-transport-security") == (
            "max-age=63072000" if own_tls else None
        )
    finally:
        served["app"].state.engine.dispose()
