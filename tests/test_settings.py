"""The settings: working local defaults, and one clear message naming a bad variable."""

import ipaddress
import logging
from pathlib import Path

import pytest

from nabij.settings import SettingError, load


def test_a_local_install_needs_no_setting(tmp_path: Path) -> None:
    settings = load({"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "share")})
    assert settings.data_dir == tmp_path / "share" / "nabij"
    assert settings.database_url == f"sqlite:///{tmp_path / 'share' / 'nabij' / 'nabij.db'}"
    assert settings.is_sqlite
    assert settings.secret_key_file == settings.data_dir / "secret.key"
    assert settings.allowed_hosts == ("127.0.0.1", "localhost")
    assert not settings.behind_tls_proxy
    assert settings.trusted_proxies == ()
    assert settings.session_idle_minutes == 30
    assert settings.session_max_hours == 12
    assert settings.log_level == logging.INFO
    assert settings.timezone.key == "Europe/Amsterdam"
    assert settings.exit_url.startswith("https://")


def test_postgresql_urls_use_psycopg_and_need_a_shared_key_file(tmp_path: Path) -> None:
    with pytest.raises(SettingError, match="NABIJ_SECRET_KEY_FILE"):
        load({"NABIJ_DATABASE_URL": "postgresql://db.example/nabij"})
    settings = load(
        {
            "NABIJ_DATABASE_URL": "postgres://db.example/nabij",
            "NABIJ_SECRET_KEY_FILE": str(tmp_path / "key"),
        }
    )
    assert settings.database_url == "postgresql+psycopg://db.example/nabij"
    assert not settings.is_sqlite


def test_proxies_hosts_and_numbers_are_read() -> None:
    settings = load(
        {
            "NABIJ_DATA_DIR": "/tmp/x",
            "NABIJ_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8",
            "NABIJ_ALLOWED_HOSTS": "Nabij.Example, 127.0.0.1",
            "NABIJ_BEHIND_TLS_PROXY": "1",
            "NABIJ_SESSION_IDLE_MINUTES": "15",
            "NABIJ_LOG_LEVEL": "warning",
        }
    )
    assert settings.trusted_proxies == (
        ipaddress.ip_network("127.0.0.1/32"),
        ipaddress.ip_network("10.0.0.0/8"),
    )
    assert settings.allowed_hosts == ("nabij.example", "127.0.0.1")
    assert settings.behind_tls_proxy
    assert settings.session_idle_minutes == 15
    assert settings.log_level == logging.WARNING


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("NABIJ_TIMEZONE", "Mars/Olympus"),
        ("NABIJ_DATABASE_URL", "mysql://x"),
        ("NABIJ_BEHIND_TLS_PROXY", "maybe"),
        ("NABIJ_TRUSTED_PROXIES", "not-an-address"),
        ("NABIJ_EXIT_URL", "javascript:alert(1)"),
        ("NABIJ_SESSION_IDLE_MINUTES", "0"),
        ("NABIJ_SESSION_MAX_HOURS", "twelve"),
        ("NABIJ_LOG_LEVEL", "LOUD"),
    ],
)
def test_a_bad_value_names_its_variable(name: str, value: str) -> None:
    with pytest.raises(SettingError, match=name):
        load({"NABIJ_DATA_DIR": "/tmp/x", name: value})
