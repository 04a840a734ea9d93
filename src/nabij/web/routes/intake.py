"""The intake: one long form in sections, saved as a whole, with the private safety questions."""

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from nabij.instruments.attachment import items
from nabij.instruments.intake import SAFETY_QUESTIONS
from nabij.model.ids import CrisisKind, Lang, Reaction
from nabij.model.texts import load_texts, model_text
from nabij.services import intake as intake_service
from nabij.services.intake import RATINGS, IntakeProblem
from nabij.web.context import Page, UserPage, redirect, render
from nabij.web.forms import FormValues
from nabij.web.resume import form_page

router = APIRouter()


def _texts(lang: Lang) -> Mapping[str, Any]:
    """Return the questionnaire texts (the same the CLI asks) of the instruments' data files."""
    return load_texts("nabij.instruments", lang)


def _message(_: Callable[[str], str], name: str, problem: IntakeProblem) -> str:
    if name == "crisis":
        return _("Please choose at least one. If nothing fits, choose “Something else”.")
    if name == "crisis_began":
        if problem is IntakeProblem.FUTURE:
            return _("This date has not come yet. Please give the day it began, roughly.")
        if problem is IntakeProblem.MISSING:
            return _("Please give a date. Roughly is fine.")
        return _("Please write the date as year-month-day, for example 2025-03-14.")
    if name in RATINGS or name in {r.value for r in Reaction}:
        return _("Please choose a number from 0 to 10.")
    if name == "old_pain" or name in SAFETY_QUESTIONS:
        return _("Please choose yes or no.")
    return _("Please choose a number from 1 to 7.")


def _errors(p: Page, problems: Mapping[str, IntakeProblem]) -> dict[str, str]:
    order = intake_service.field_names()
    ordered = sorted(problems, key=lambda n: order.index(n) if n in order else len(order))
    return {name: _message(p._, name, problems[name]) for name in ordered}


def _form(
    p: Page,
    values: FormValues,
    *,
    errors: dict[str, str] | None = None,
    note: str = "",
    editing: bool = False,
    status: int = 200,
) -> Response:
    lang = p.lang
    texts = _texts(lang)
    return render(
        p,
        "intake.html",
        status=status,
        values=values,
        errors=errors or {},
        note=note,
        editing=editing,
        q=texts["intake"],
        attachment=texts["attachment"],
        zero_ten=texts["scale"]["zero_ten"],
        kinds=[(k.value, model_text(lang, "crisis", k.value, "name")) for k in CrisisKind],
        reactions=[r.value for r in Reaction],
        items=[item.id for item in items()],
        ratings=RATINGS,
        safety=SAFETY_QUESTIONS,
        not_a_test=model_text(lang, "general", "not_a_test"),
        today=p.today.isoformat(),
    )


@form_page("/intake")
def _intake_again(p: Page, note: str) -> Response:
    return _form(p, p.form.without("csrf_token"), note=note)


@router.get("/intake")
def intake_form(p: UserPage) -> Response:
    """Show the intake, filled in with the saved answers when there are any."""
    saved = intake_service.saved(p.db, p.user_viewer)
    if saved is None:
        return _form(p, FormValues())
    return _form(p, FormValues(intake_service.form_values(saved)), editing=True)


@router.post("/intake")
def intake(p: UserPage) -> Response:
    """Save the intake; a safety concern leads to the private safety page."""
    parsed = intake_service.read_form(p.form.fields, p.today)
    if parsed.intake is None:
        errors = _errors(p, parsed.problems)
        return _form(p, p.form.without("csrf_token"), errors=errors, status=400)
    concern = intake_service.save(p.db, p.user_viewer, parsed.intake, p.now)
    p.db.commit()
    return redirect(p, "/safety" if concern else "/today")
