"""The one reader of the environment (CONTRACTS §6); each setting is documented in docs/settings.md.

Only the settings the current parts need are read here; each new part adds its own.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Europe/Amsterdam"


class SettingError(ValueError):
    """A setting with a value nabij cannot use; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    """nabij's configuration, read once."""

    timezone: ZoneInfo


def _timezone(environ: Mapping[str, str]) -> ZoneInfo:
    name = environ.get("NABIJ_TIMEZONE", "").strip() or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingError(
            f"NABIJ_TIMEZONE={name!r} is not a known time zone (e.g. Europe/Amsterdam)"
        ) from None


def load(environ: Mapping[str, str] | None = None) -> Settings:
    """Read the settings from ``environ`` (the process environment by default)."""
    env = os.environ if environ is None else environ
    return Settings(timezone=_timezone(env))
