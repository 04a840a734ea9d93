"""Finding help (the help criteria and couples therapists), the support page (crisis lines), and
browsing safely."""

from datetime import date
from typing import Any

from babel.dates import format_date
from fastapi import APIRouter
from fastapi.responses import Response

from nabij.model.crisis_lines import crisis_lines
from nabij.model.ids import HelpCriterion, Lang, PartnerId
from nabij.model.therapy import Country, therapy, therapy_checked
from nabij.services import safety
from nabij.services.insight import insight
from nabij.web.context import AnyPage, Page, render
from nabij.web.evidence import AssessmentWords

router = APIRouter()


def long_date(day: date, lang: Lang) -> str:
    """Return a date written out, as in "last checked on 25 november 2026"."""
    return format_date(day, format="long", locale=lang.value)


def _criteria(p: Page, words: AssessmentWords) -> dict[str, Any]:
    """Return the viewer's help criteria; nothing for a visitor, or before the consent."""
    who = p.viewer
    if who is None or not who.consented:
        return {"personal": False}
    view = insight(p.db, who, p.today).assessment
    if view is None:
        return {"personal": True, "view": None}
    unknown = [i for i in view.unknown_without_partner if isinstance(i, HelpCriterion)]
    return {
        "personal": True,
        "view": view,
        "met": [c for c in view.criteria if c.met],
        "unknown": words.names("criterion", unknown),
    }


@router.get("/help")
def help_page(p: AnyPage) -> Response:
    """Show the signs that professional help makes sense, and how to find a couples therapist."""
    # A visitor reads only the general part; "a" is a placeholder that no general text uses.
    words = AssessmentWords(p.lang, p._, p.viewer.slot if p.viewer else PartnerId.A)
    return render(
        p,
        "help.html",
        words=words,
        guides=[therapy(country.value, p.lang) for country in Country],
        checked=long_date(therapy_checked(), p.lang),
        all_criteria=list(HelpCriterion),
        **_criteria(p, words),
    )


@router.get("/support")
def support_page(p: AnyPage) -> Response:
    """Show the crisis lines of both countries to anyone, logged in or not."""
    who = p.viewer if p.viewer is not None and p.viewer.consented else None
    lines = crisis_lines(p.lang)
    return render(
        p,
        "support.html",
        countries=[(therapy(c.value, p.lang).name, lines.in_country(c)) for c in Country],
        checked=long_date(lines.checked, p.lang),
        signed_in=who is not None,
        own_concern=who is not None and bool(safety.own_concerns(p.db, who)),
    )


@router.get("/support/safe-browsing")
def safe_browsing(p: AnyPage) -> Response:
    """Show, to anyone, what the quick exit does and how to keep one's use of nabij private."""
    return render(p, "safe_browsing.html")
