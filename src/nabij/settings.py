"""The one reader of the environment (CONTRACTS §6); each setting is documented in docs/settings.md.

Every setting has a default that works on one machine, so a local install needs none of them;
a value nabij cannot use stops it with a message that names the variable.
"""

import ipaddress
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Europe/Amsterdam"
DEFAULT_ALLOWED_HOSTS = ("127.0.0.1", "localhost")
# A neutral, everyday Dutch page (the weather): nothing about it hints at what was open before.
DEFAULT_EXIT_URL = "https://www.buienradar.nl/"
DEFAULT_IDLE_MINUTES = 30
DEFAULT_MAX_HOURS = 12
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


class SettingError(ValueError):
    """A setting with a value nabij cannot use; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    """nabij's configuration, read once."""

    timezone: ZoneInfo
    data_dir: Path
    database_url: str
    secret_key_file: Path
    allowed_hosts: tuple[str, ...]
    behind_tls_proxy: bool
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]
    exit_url: str
    session_idle_minutes: int
    session_max_hours: int
    log_level: int

    @property
    def is_sqlite(self) -> bool:
        """Return whether the database is the embedded SQLite file."""
        return self.database_url.startswith("sqlite")


def _timezone(environ: Mapping[str, str]) -> ZoneInfo:
    name = environ.get("NABIJ_TIMEZONE", "").strip() or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingError(
            f"NABIJ_TIMEZONE={name!r} is not a known time zone (e.g. Europe/Amsterdam)"
        ) from None


def _data_dir(environ: Mapping[str, str]) -> Path:
    given = environ.get("NABIJ_DATA_DIR", "").strip()
    if given:
        return Path(given).expanduser()
    # The XDG user data directory, as Linux desktops and most servers use it.
    base = environ.get("XDG_DATA_HOME", "").strip() or str(Path.home() / ".local" / "share")
    return Path(base) / "nabij"


def _database_url(environ: Mapping[str, str], data_dir: Path) -> str:
    given = environ.get("NABIJ_DATABASE_URL", "").strip()
    if not given:
        return f"sqlite:///{data_dir / 'nabij.db'}"
    scheme = given.split(":", 1)[0]
    if scheme in {"postgres", "postgresql", "postgresql+psycopg"}:
        # One driver for PostgreSQL: psycopg 3, whatever the URL's spelling.
        return "postgresql+psycopg:" + given.split(":", 1)[1]
    if scheme == "sqlite":
        return given
    raise SettingError(
        "NABIJ_DATABASE_URL must start with postgresql:// or sqlite:/// "
        f"(it starts with {scheme + ':'!r})"
    )


def _flag(environ: Mapping[str, str], name: str) -> bool:
    value = environ.get(name, "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SettingError(f"{name} must be 1 or 0 (it is {value!r})")


def _positive_int(environ: Mapping[str, str], name: str, default: int, most: int) -> int:
    value = environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise SettingError(f"{name} must be a whole number (it is {value!r})") from None
    if not 1 <= number <= most:
        raise SettingError(f"{name} must be between 1 and {most} (it is {number})")
    return number


def _hosts(environ: Mapping[str, str]) -> tuple[str, ...]:
    value = environ.get("NABIJ_ALLOWED_HOSTS", "").strip()
    if not value:
        return DEFAULT_ALLOWED_HOSTS
    hosts = tuple(h.strip().lower() for h in value.split(",") if h.strip())
    if not hosts:
        raise SettingError("NABIJ_ALLOWED_HOSTS names no host")
    return hosts


def _proxies(
    environ: Mapping[str, str],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    value = environ.get("NABIJ_TRUSTED_PROXIES", "").strip()
    networks = []
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise SettingError(
                f"NABIJ_TRUSTED_PROXIES: {part!r} is not an IP address or network"
            ) from None
    return tuple(networks)


def _exit_url(environ: Mapping[str, str]) -> str:
    value = environ.get("NABIJ_EXIT_URL", "").strip() or DEFAULT_EXIT_URL
    if not value.startswith(("https://", "http://")):
        raise SettingError("NABIJ_EXIT_URL must be an http:// or https:// address")
    return value


def _log_level(environ: Mapping[str, str]) -> int:
    value = environ.get("NABIJ_LOG_LEVEL", "").strip().upper() or "INFO"
    level = logging.getLevelNamesMapping().get(value)
    if level is None:
        raise SettingError(f"NABIJ_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR ({value!r})")
    return level


def load(environ: Mapping[str, str] | None = None) -> Settings:
    """Read the settings from ``environ`` (the process environment by default)."""
    env = os.environ if environ is None else environ
    data_dir = _data_dir(env)
    key_file = env.get("NABIJ_SECRET_KEY_FILE", "").strip()
    database_url = _database_url(env, data_dir)
    if not key_file and not database_url.startswith("sqlite"):
        # Several web processes must share one key; a generated one would differ per machine.
        raise SettingError("NABIJ_SECRET_KEY_FILE is required when NABIJ_DATABASE_URL is set")
    return Settings(
        timezone=_timezone(env),
        data_dir=data_dir,
        database_url=database_url,
        secret_key_file=Path(key_file).expanduser() if key_file else data_dir / "secret.key",
        allowed_hosts=_hosts(env),
        behind_tls_proxy=_flag(env, "NABIJ_BEHIND_TLS_PROXY"),
        trusted_proxies=_proxies(env),
        exit_url=_exit_url(env),
        session_idle_minutes=_positive_int(env, "NABIJ_SESSION_IDLE_MINUTES", 30, 24 * 60),
        session_max_hours=_positive_int(env, "NABIJ_SESSION_MAX_HOURS", 12, 24 * 30),
        log_level=_log_level(env),
    )
