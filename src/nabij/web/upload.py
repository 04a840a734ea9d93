"""Read a posted file upload in memory: the file never touches the disk.

Starlette's own form parser spools a file over 1 MB to a temporary file, so an upload route
reads its body itself, feeding it to the multipart parser chunk by chunk, and builds its page
from what it read, with the same login, consent and CSRF checks as every page. Each upload route
gets its own size limit: ``upload_reader(limit)`` returns the dependency that reads its form.
"""

from collections.abc import AsyncIterator, Callable
from contextlib import aclosing
from dataclasses import dataclass, field

from fastapi import Request
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.concurrency import run_in_threadpool

from nabij.web.context import ConsentRequiredError, CsrfRefusedError, Page, _build
from nabij.web.forms import MAX_FIELD_CHARS, FormValues

FILE_FIELD = "file"
# Room for the form's few other fields and the multipart framing around the file.
FRAMING = 64 * 1024
# An upload form has a handful of fields; a body with more is not ours and the rest is ignored.
MAX_UPLOAD_FIELDS = 10
# A text field is cut to MAX_FIELD_CHARS characters; a UTF-8 character is at most four bytes.
_MAX_FIELD_BYTES = 4 * MAX_FIELD_CHARS


@dataclass
class _Part:
    name: str = ""
    is_file: bool = False
    wanted: bool = False
    data: bytearray = field(default_factory=bytearray)


class _Collector:
    """Collect a multipart body's text fields and its one file, in memory only."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}
        self.file: bytes | None = None
        self._count = 0
        self._part = _Part()
        self._header = b""
        self._value = b""
        self._disposition = b""

    def on_part_begin(self) -> None:
        self._part = _Part()
        self._disposition = b""

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def on_header_end(self) -> None:
        if self._header.lower() == b"content-disposition":
            self._disposition = self._value
        self._header = self._value = b""

    def on_headers_finished(self) -> None:
        _kind, options = parse_options_header(self._disposition)
        part = self._part
        part.name = options.get(b"name", b"").decode("utf-8", "replace")
        part.is_file = b"filename" in options
        # Only the first file of the file field and the first few text fields are kept: the
        # bytes of any other part are not even collected.
        if part.is_file:
            part.wanted = part.name == FILE_FIELD and self.file is None
        else:
            part.wanted = self._count < MAX_UPLOAD_FIELDS

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        part = self._part
        if not part.wanted:
            return
        if not part.is_file and len(part.data) >= _MAX_FIELD_BYTES:
            return
        part.data += data[start:end]

    def on_part_end(self) -> None:
        part = self._part
        self._count += 1
        if not part.wanted:
            return
        if part.is_file:
            self.file = bytes(part.data)
        else:
            text = part.data.decode("utf-8", "replace")[:MAX_FIELD_CHARS]
            self.fields.setdefault(part.name, []).append(text)
        self._part = _Part()  # let go of the bytes at once


def _parser(content_type: str, collector: _Collector) -> MultipartParser | None:
    """Return a parser that feeds ``collector``, or None when the body is no multipart form."""
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        return None
    callbacks = {
        name: getattr(collector, name)
        for name in (
            "on_part_begin",
            "on_header_field",
            "on_header_value",
            "on_header_end",
            "on_headers_finished",
            "on_part_data",
            "on_part_end",
        )
    }
    try:
        return MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
    except FormParserError:
        return None


async def read_form(request: Request, max_body: int) -> tuple[FormValues, bytes | None] | None:
    """Return a multipart body's fields and file, or None as soon as it exceeds ``max_body``.

    The body is parsed as it arrives, so it is never held whole next to the file taken from
    it. Anything unreadable gives no fields and no file.
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_body:
        return None
    collector = _Collector()
    parser = _parser(request.headers.get("content-type", ""), collector)
    size = 0
    async with aclosing(request.stream()) as stream:
        async for chunk in stream:
            size += len(chunk)
            if size > max_body:
                return None
            if parser is None or not chunk:
                continue
            try:
                parser.write(chunk)
            except FormParserError:
                parser = None
    if parser is None:
        return FormValues(), None
    try:
        parser.finalize()
    except FormParserError:
        return FormValues(), None
    fields = {name: tuple(values) for name, values in collector.fields.items()}
    return FormValues(fields), collector.file


@dataclass(frozen=True)
class Upload:
    """A posted upload form: its page, and the file (None when the body was too large)."""

    page: Page
    content: bytes | None
    too_large: bool


def upload_reader(max_file_bytes: int) -> Callable[[Request], AsyncIterator[Upload]]:
    """Return the dependency that reads an upload form whose file may hold ``max_file_bytes``."""
    max_body = max_file_bytes + FRAMING

    async def upload(request: Request) -> AsyncIterator[Upload]:
        """Yield the form's page and file, with the login, consent and CSRF checks."""
        read = await read_form(request, max_body)
        form, content = read if read is not None else (FormValues(), None)
        try:
            page = await run_in_threadpool(_build, request, form)
        except CsrfRefusedError as refused:
            if read is not None:
                raise
            # Too large to read, so its token is unread too: show the form again, change nothing.
            page = refused.page
        try:
            if not page.user_viewer.consented:
                raise ConsentRequiredError(page)
            yield Upload(page, content, too_large=read is None)
        finally:
            page.db.close()

    return upload
