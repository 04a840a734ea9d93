"""The session list's device names, read from real user agents."""

import doctest

import pytest

from nabij.web import devices
from nabij.web.devices import Device

# Real user agents of current browsers, each with the words the session list should say.
KNOWN = [
    (
        "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0",
        Device("Firefox", "Android"),
    ),
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Safari/537.36",
        Device("Chrome", "Windows"),
    ),
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87",
        Device("Edge", "Windows"),
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        Device("Safari", "iPhone"),
    ),
    (
        "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "CriOS/126.0.6478.153 Mobile/15E148 Safari/604.1",
        Device("Chrome", "iPad"),
    ),
    (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Safari/605.1.15",
        Device("Safari", "macOS"),
    ),
    (
        "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
        "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
        Device("Samsung Internet", "Android"),
    ),
    (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Safari/537.36 OPR/111.0.0.0",
        Device("Opera", "Linux"),
    ),
    (
        "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Safari/537.36",
        Device("Chrome", "ChromeOS"),
    ),
    (
        "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        Device("Firefox", "Linux"),
    ),
    ("curl/8.5.0", Device(None, None)),
    ("testclient", Device(None, None)),
    ("", Device(None, None)),
    (None, Device(None, None)),
]


@pytest.mark.parametrize(("user_agent", "expected"), KNOWN)
def test_the_browser_and_system_are_named_in_plain_words(
    user_agent: str | None, expected: Device
) -> None:
    assert devices.device(user_agent) == expected


def test_the_examples_in_the_docstring_hold() -> None:
    assert doctest.testmod(devices).failed == 0
