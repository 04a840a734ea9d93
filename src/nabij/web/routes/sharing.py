"""What I share, what my partner sees of me (the preview), and what my partner shares with me."""

from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from fastapi import APIRouter
from fastapi.responses import Response

from nabij.model.ids import ShareCategory
from nabij.model.texts import model_text
from nabij.services import sharing
from nabij.web.context import Page, UserPage, redirect, render
from nabij.web.resume import form_page

router = APIRouter()


def _helpers(p: Page) -> dict[str, Any]:
    """Return what the shared-picture template needs to word dates and the model's ids."""
    return {
        "day": lambda d: format_date(d, "EEEE d MMMM y", locale=p.lang.value),
        "short_day": lambda d: format_date(d, "d MMM y", locale=p.lang.value),
        "number": lambda x: format_decimal(x, "0.0", locale=p.lang.value),
        "model": lambda *keys: model_text(p.lang, *keys),
    }


def _sharing_page(p: Page, note: str = "", status: int = 200) -> Response:
    who = p.user_viewer
    posted = p.form.has("notes_listed")
    chosen = set(p.form.all("share")) if posted else {c.value for c in who.own_shares}
    notes = sharing.own_notes(p.db, who)
    shared_notes = set(p.form.all("note")) if posted else {n.checkin_id for n in notes if n.shared}
    return render(
        p,
        "sharing.html",
        status=status,
        categories=list(ShareCategory),
        chosen=chosen,
        notes=notes,
        shared_notes=shared_notes,
        partner=who.partner,
        saved=p.request.query_params.get("saved") == "1",
        note=note,
        **_helpers(p),
    )


@form_page("/sharing")
def _sharing_again(p: Page, note: str) -> Response:
    return _sharing_page(p, note)


@router.get("/sharing")
def sharing_form(p: UserPage) -> Response:
    """Show the three categories (off by default) and my notes, each with its own box."""
    return _sharing_page(p)


@router.post("/sharing")
def save_sharing(p: UserPage) -> Response:
    """Save what I share; it counts from the very next request."""
    known = {c.value: c for c in ShareCategory}
    categories = frozenset(known[v] for v in p.form.all("share") if v in known)
    notes = frozenset(p.form.all("note")) if p.form.has("notes_listed") else None
    sharing.save(p.db, p.user_viewer, categories, notes)
    p.db.commit()
    return redirect(p, "/sharing?saved=1")


@router.get("/sharing/preview")
def preview(p: UserPage) -> Response:
    """Show exactly what my partner sees of me, built by the code that shows it to them."""
    who = p.user_viewer
    picture = sharing.preview(p.db, who)
    return render(p, "sharing_preview.html", picture=picture, partner=who.partner, **_helpers(p))


@router.get("/shared")
def shared(p: UserPage) -> Response:
    """Show what my partner shares with me: their notes, scores and tendencies, if shared."""
    who = p.user_viewer
    picture = sharing.from_partner(p.db, who)
    return render(p, "shared.html", picture=picture, partner=who.partner, **_helpers(p))
