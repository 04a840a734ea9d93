"""Uploads never touch the disk (issue 5, point 5): the chat and import files are read in
memory, where Starlette's own form parser would spool anything over 1 MB to a temporary file.

Every file opened for writing by Python code during the request is recorded through an audit
hook (PEP 578): an open of a temporary file cannot go unseen. The positive control sends the
same large file to an ordinary form, whose parser does spool it, and the hook must see that.
"""

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from httpx2 import Response

from tests.web.people import Person

FIXTURES = Path(__file__).parents[1] / "conversation" / "fixtures"
_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_recording: list[list[str]] = []


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _recording or event != "open":
        return
    path, mode, flags = args
    writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
        isinstance(flags, int) and flags & _WRITING
    )
    if writes:
        _recording[-1].append(str(path))


sys.addaudithook(_hook)  # a hook cannot be removed; it records only inside ``_writes``


@contextmanager
def _writes() -> Iterator[list[str]]:
    opened: list[str] = []
    _recording.append(opened)
    try:
        yield opened
    finally:
        _recording.pop()


@pytest.fixture
def sanne(person: Callable[[str], Person]) -> Person:
    return person("sanne").register()


def _big_chat() -> bytes:
    """A WhatsApp export of about 3 MB: well over the 1 MB a spooling parser keeps in memory."""
    chat = (FIXTURES / "android_en.txt").read_bytes()
    return chat * (3_000_000 // len(chat) + 1)


def _send(person: Person, path: str, content: bytes, fields: dict[str, str]) -> Response:
    token = person.token(path)
    return person.client.post(
        path,
        data={"csrf_token": token, **fields},
        files={"file": ("chat.txt", content, "text/plain")},
        headers={"sec-fetch-site": "same-origin"},
    )


@pytest.mark.parametrize(("path", "fields"), [("/chat", {}), ("/import", {"form": "import"})])
def test_an_upload_of_megabytes_opens_no_file_for_writing(
    sanne: Person, path: str, fields: dict[str, str]
) -> None:
    content = _big_chat()
    with _writes() as opened:
        answer = _send(sanne, path, content, fields)
    assert answer.status_code < 500
    assert opened == []


def test_the_hook_sees_a_parser_that_spools_to_disk(sanne: Person) -> None:
    """The positive control: an ordinary form's parser writes the same file to a temp file."""
    with _writes() as opened:
        _send(sanne, "/checkin", _big_chat(), {})
    assert opened != []
