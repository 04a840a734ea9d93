"""The consent notice, shown before the first sensitive question (DESIGN §2.8)."""

from fastapi import APIRouter
from fastapi.responses import Response

from nabij.model.notice import ConsentItem, notice
from nabij.services.accounts import accept_consent
from nabij.web.context import LoggedInPage, Page, redirect, render
from nabij.web.resume import form_page

router = APIRouter()


def _consent_page(p: Page, errors: dict[str, str], note: str = "", status: int = 200) -> Response:
    return render(
        p,
        "consent.html",
        status=status,
        notice=notice(p.lang),
        errors=errors,
        ticked={box.value for box in ConsentItem if p.form.has(box.value)},
        note=note,
    )


@form_page("/consent")
def _consent_again(p: Page, note: str) -> Response:
    return _consent_page(p, {}, note)


@router.get("/consent")
def consent_form(p: LoggedInPage) -> Response:
    """Show the notice and its two unticked boxes."""
    return _consent_page(p, {})


@router.post("/consent")
def consent(p: LoggedInPage) -> Response:
    """Record the consent when both boxes are ticked; otherwise say which one is missing."""
    text = notice(p.lang)
    errors = {
        box.item.value: box.error for box in text.checkboxes if not p.form.has(box.item.value)
    }
    if errors:
        return _consent_page(p, errors, status=400)
    accept_consent(p.user_viewer.user, p.now)
    p.db.commit()
    return redirect(p, "/today")
