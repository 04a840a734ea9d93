"""Export my own data as a couple record file; import such a file into my own slot.

The import reads its upload into memory and parses it there (``nabij.web.upload``): the file
never touches the disk, and the route builds its page from the body it read, with the same
checks as every page.
"""

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from nabij.instruments.errors import InputError, problem_text
from nabij.model.ids import PartnerId
from nabij.services import transfer
from nabij.services.transfer import Imported, ImportProblem, ImportRefusedError
from nabij.web.context import Page, UserPage, finish, render
from nabij.web.discreet import download_name
from nabij.web.resume import form_page
from nabij.web.upload import Upload, upload_reader

router = APIRouter()
# The download's name before the date; in discreet mode ``download_name`` puts a neutral one.
EXPORT_STEM = "nabij-export"
# The import form's file, read in memory (``nabij.web.upload``) and never kept.
upload = upload_reader(transfer.MAX_FILE_BYTES)


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
        # Too large is 413 however far over the limit the file is, read or not (as on /chat).
        status = 413 if error.problem is ImportProblem.TOO_LARGE else 400
        return _import_page(p, {"file": f"{unchanged} {_refused_text(p, error)}"}, status=status)
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
        filename=download_name(p, EXPORT_STEM, ".json"),
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
    name = download_name(p, EXPORT_STEM, ".json")
    response = Response(
        text.encode("utf-8"),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
    return finish(p, response)
