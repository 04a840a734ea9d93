"""Download my data: everything of mine as an archive, or my record to bring in again.

One form offers both files, with one warning about where a download lands, one choice about
the safety answers, and the password asked again: a phone left unlocked is not enough to carry
someone's notes away.
"""

from enum import StrEnum

from fastapi import APIRouter
from fastapi.responses import Response

from nabij.services import archive, transfer
from nabij.store import accounts
from nabij.store.throttle import Blocked
from nabij.web import discreet
from nabij.web.context import Page, UserPage, finish, render
from nabij.web.resume import form_page

router = APIRouter()


class Download(StrEnum):
    """The two files the export page offers."""

    ARCHIVE = "archive"  # nabij.export/1: everything of mine, to keep or read
    RECORD = "record"  # nabij.couple/1: my intake and check-ins, which /import reads


def download_name(p: Page, kind: Download) -> str:
    """Return the file name of a download (neutral in discreet mode, ``discreet``)."""
    stem = "nabij-export" if kind is Download.RECORD else "nabij-archive"
    return discreet.download_name(p, stem, ".json")


def _kind(p: Page) -> Download:
    sent = p.form.get("kind")
    return Download(sent) if sent in (k.value for k in Download) else Download.ARCHIVE


def _export_page(
    p: Page, errors: dict[str, str] | None = None, note: str = "", status: int = 200
) -> Response:
    posted = p.form.get("form") == "export"
    return render(
        p,
        "export.html",
        status=status,
        errors=errors or {},
        note=note,
        has_intake=transfer.has_intake(p.db, p.user_viewer),
        kind=_kind(p).value,
        names={kind.value: download_name(p, kind) for kind in Download},
        leave_out=p.form.has("leave_out_safety") if posted else True,
    )


@form_page("/export")
def _export_again(p: Page, note: str) -> Response:
    return _export_page(p, note=note)


@router.get("/export")
def export_form(p: UserPage) -> Response:
    """Show both files, where a download lands, and what each holds, before anything comes."""
    return _export_page(p)


@router.post("/export")
def export(p: UserPage) -> Response:
    """Download the chosen file, once the password is given again."""
    _ = p._
    who = p.user_viewer
    address = p.request.client.host if p.request.client else "unknown"
    confirmed = accounts.confirm_password(p.db, who.user, p.form.get("password"), address, p.now)
    p.db.commit()  # wrong tries count, as at the login
    if isinstance(confirmed, Blocked):
        wait = _("There were many attempts with a wrong password. Please wait a few minutes.")
        return _export_page(p, {"password": wait}, status=429)
    if not confirmed:
        return _export_page(p, {"password": _("This is not your password.")}, status=400)
    kind = _kind(p)
    with_safety = not p.form.has("leave_out_safety")
    if kind is Download.RECORD:
        text = transfer.export_text(p.db, who, with_safety=with_safety)
    else:
        text = archive.archive_text(p.db, who, with_safety=with_safety, now=p.now)
    if text is None:
        no_intake = _(
            "This file starts with your intake. Do the intake first, or choose the other file."
        )
        return _export_page(p, {"kind": no_intake}, status=400)
    name = download_name(p, kind)
    response = Response(
        text.encode("utf-8"),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
    return finish(p, response)
