"""Export my own data as a couple record file; import such a file into my own slot.

The import reads its upload into memory and parses it there: the file never touches the
disk (Starlette's own form parser would spool a file over 1 MB to a temporary file), so the
import route builds its page from a body it read itself, with the same checks as every page.
"""

from collections.abc import AsyncIterator, Callable
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.concurrency import run_in_threadpool

from nabij.instruments.errors import InputError, Problem
from nabij.model.ids import PartnerId
from nabij.services import transfer
from nabij.services.transfer import Imported, ImportProblem, ImportRefusedError
from nabij.web.context import (
    ConsentRequiredError,
    CsrfRefusedError,
    Page,
    UserPage,
    _build,
    finish,
    render,
)
from nabij.web.forms import MAX_FIELD_CHARS, FormValues
from nabij.web.resume import form_page

router = APIRouter()
# The file, plus the form's few other fields and the multipart framing around them.
MAX_BODY = transfer.MAX_FILE_BYTES + 64 * 1024
FILE_FIELD = "file"
# The import form has four fields; a body with more is not ours and the rest is ignored.
MAX_UPLOAD_FIELDS = 10


# --- reading the upload in memory ------------------------------------------------------------


@dataclass
class _Part:
    name: str = ""
    is_file: bool = False
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
        self._part.name = options.get(b"name", b"").decode("utf-8", "replace")
        self._part.is_file = b"filename" in options

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        self._part.data += data[start:end]

    def on_part_end(self) -> None:
        part = self._part
        self._count += 1
        if part.is_file:
            if part.name == FILE_FIELD and self.file is None:
                self.file = bytes(part.data)
        elif self._count <= MAX_UPLOAD_FIELDS:
            text = part.data.decode("utf-8", "replace")[:MAX_FIELD_CHARS]
            self.fields.setdefault(part.name, []).append(text)


def _parse(content_type: str, body: bytes) -> tuple[FormValues, bytes | None]:
    """Return a multipart body's fields and file; anything unreadable gives neither."""
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        return FormValues(), None
    collector = _Collector()
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
        parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
        parser.write(body)
        parser.finalize()
    except FormParserError:
        return FormValues(), None
    fields = {name: tuple(values) for name, values in collector.fields.items()}
    return FormValues(fields), collector.file


async def _read_body(request: Request) -> bytes | None:
    """Return the request body, or None as soon as it is larger than ``MAX_BODY``."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        return None
    chunks: list[bytes] = []
    size = 0
    async with aclosing(request.stream()) as stream:
        async for chunk in stream:
            size += len(chunk)
            if size > MAX_BODY:
                return None
            chunks.append(chunk)
    return b"".join(chunks)


@dataclass(frozen=True)
class Upload:
    """The posted import form: its page, and the file (None when the body was too large)."""

    page: Page
    content: bytes | None
    too_large: bool


async def upload(request: Request) -> AsyncIterator[Upload]:
    """Yield the import form's page and file, with the login, consent and CSRF checks."""
    body = await _read_body(request)
    form, content = _parse(request.headers.get("content-type", ""), body or b"")
    try:
        page = await run_in_threadpool(_build, request, form)
    except CsrfRefusedError as refused:
        if body is not None:
            raise
        # Too large to read, so its token is unread too: show the form again, change nothing.
        page = refused.page
    who = page.user_viewer
    if not who.consented:
        raise ConsentRequiredError(page)
    try:
        yield Upload(page, content, too_large=body is None)
    finally:
        page.db.close()


# --- the pages -------------------------------------------------------------------------------


def problem_text(error: InputError, _: Callable[[str], str]) -> str:
    """Return a problem in a record as a sentence in the interface language (as the CLI does)."""
    templates = {
        # I18N: {detail} says where in the file, e.g. "line 3, column 7".
        Problem.NOT_JSON: _("this is not valid JSON ({detail})"),
        Problem.MISSING: _("'{key}' is missing"),
        Problem.UNKNOWN_KEY: _("'{key}' is not a field nabij knows"),
        Problem.WRONG_TYPE: _("the value has the wrong type (expected: {expected})"),
        Problem.NOT_ALLOWED: _("this value is not allowed; choose one of {allowed}"),
        Problem.OUT_OF_RANGE: _("the value must be between {low} and {high}"),
        Problem.BAD_DATE: _("this must be a real date written as YYYY-MM-DD"),
        Problem.TOO_LONG: _("this is longer than allowed (at most {limit})"),
        Problem.TOO_SHORT: _("this must not be empty"),
        Problem.DUPLICATE: _("this appears twice ({detail})"),
        Problem.WRONG_FORMAT: _("this is not a nabij couple record (format nabij.couple/1)"),
        Problem.SAME_PARTNER: _("both files hold partner '{detail}'; give one file per partner"),
    }
    type_names = {
        "integer": _("a whole number"),
        "number": _("a number"),
        "boolean": _("true or false"),
        "string": _("text"),
        "array": _("a list"),
        "object": _("an object"),
    }
    params = dict(error.params)
    if "expected" in params:
        params["expected"] = type_names.get(str(params["expected"]), str(params["expected"]))
    return f"{error.where}: {templates[error.problem].format(**params)}"


def _refused_text(p: Page, error: ImportRefusedError) -> str:
    _ = p._
    texts = {
        ImportProblem.NO_FILE: _("Choose a file first."),
        ImportProblem.TOO_LARGE: _("This file is larger than 5 MB, so it is not a nabij file."),
        ImportProblem.NOT_TEXT: _("This is not a text file (UTF-8), so it is not a nabij file."),
        ImportProblem.FUTURE_DATE: error.where + ": " + _("this check-in is dated after today"),
    }
    return texts[error.problem]


def _import_page(
    p: Page,
    errors: dict[str, str] | None = None,
    note: str = "",
    status: int = 200,
    done: Imported | None = None,
) -> Response:
    who = p.user_viewer
    posted = p.form.get("form") == "import"
    return render(
        p,
        "import.html",
        status=status,
        errors=errors or {},
        note=note,
        done=done,
        has_intake=transfer.has_intake(p.db, who),
        slot=p.form.get("slot") if posted else who.slot.value,
        keep_safety=p.form.has("keep_safety") if posted else True,
    )


@form_page("/import")
def _import_again(p: Page, note: str) -> Response:
    return _import_page(p, note=note + " " + p._("Choose the file again: a file is never kept."))


@router.get("/import")
def import_form(p: UserPage) -> Response:
    """Show the upload form and what an import changes."""
    return _import_page(p)


@router.post("/import")
def import_file(sent: Annotated[Upload, Depends(upload)]) -> Response:
    """Import the uploaded record into my own slot; a bad file changes nothing."""
    p = sent.page
    _ = p._
    if sent.too_large:
        too_large = ImportRefusedError(ImportProblem.TOO_LARGE)
        return _import_page(p, {"file": _refused_text(p, too_large)}, status=413)
    who = p.user_viewer
    slot = PartnerId(p.form.get("slot")) if p.form.get("slot") in ("a", "b") else who.slot
    unchanged = _("Nothing was imported and nothing of yours has changed.")
    try:
        record = transfer.read_file(sent.content or b"")
        done = transfer.import_record(
            p.db,
            who,
            record,
            slot=slot,
            keep_safety=p.form.has("keep_safety"),
            now=p.now,
            today=p.today,
        )
    except InputError as error:
        p.db.rollback()
        return _import_page(p, {"file": f"{unchanged} {problem_text(error, _)}"}, status=400)
    except ImportRefusedError as error:
        p.db.rollback()
        return _import_page(p, {"file": f"{unchanged} {_refused_text(p, error)}"}, status=400)
    p.db.commit()
    return _import_page(p, done=done)


def _export_page(p: Page, note: str = "", status: int = 200) -> Response:
    posted = p.form.get("form") == "export"
    return render(
        p,
        "export.html",
        status=status,
        note=note,
        has_intake=transfer.has_intake(p.db, p.user_viewer),
        filename=transfer.export_filename(p.today),
        leave_out=p.form.has("leave_out_safety") if posted else True,
    )


@form_page("/export")
def _export_again(p: Page, note: str) -> Response:
    return _export_page(p, note)


@router.get("/export")
def export_form(p: UserPage) -> Response:
    """Show where the file will land and what it holds, before anything is downloaded."""
    return _export_page(p)


@router.post("/export")
def export(p: UserPage) -> Response:
    """Download my own data (only my slot) as a couple record file."""
    text = transfer.export_text(p.db, p.user_viewer, with_safety=not p.form.has("leave_out_safety"))
    if text is None:
        return _export_page(p, status=400)
    name = transfer.export_filename(p.today)
    response = Response(
        text.encode("utf-8"),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
    return finish(p, response)
