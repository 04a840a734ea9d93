"""``nabij model``: the crisis model in words, or its ids and words as JSON."""

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from nabij.cli.report import crisis_lines
from nabij.model.attachment import DEFAULT_SPLIT
from nabij.model.ids import (
    CrisisKind,
    HelpCriterion,
    Lang,
    Orientation,
    Pattern,
    Reaction,
    SafetyConcern,
    Step,
)
from nabij.model.texts import load_texts, model_text

# (data-file table, the ids in it, the fields shown), in the order the model is told.
_SECTIONS: tuple[tuple[str, type[StrEnum], tuple[str, ...]], ...] = (
    ("crisis", CrisisKind, ("name", "explanation")),
    ("reaction", Reaction, ("name", "explanation")),
    ("orientation", Orientation, ("name", "explanation")),
    ("pattern", Pattern, ("name", "explanation", "inside", "helps")),
    ("step", Step, ("name", "explanation", "practice")),
    ("criterion", HelpCriterion, ("name", "explanation")),
    ("concern", SafetyConcern, ("name", "explanation")),
)


def model_json(lang: Lang) -> dict[str, Any]:
    """Return the model's ids, in order, with their words in ``lang``."""
    texts = load_texts("nabij.model", lang)
    out: dict[str, Any] = {"format": "nabij.model/1", "lang": lang.value, "split": DEFAULT_SPLIT}
    for table, ids, fields in _SECTIONS:
        out[table] = [
            {"id": item.value, **{f: texts[table][item.value][f] for f in fields}} for item in ids
        ]
    out["crisis_lines"] = [
        {
            "id": line["id"],
            "country": line["country"],
            "number": line["number"],
            "hours": line["hours"],
            "concerns": line["concerns"],
            "name": line["name"][lang.value],
            "description": line["description"][lang.value],
        }
        for line in crisis_lines()["line"]
    ]
    out["crisis_lines_checked"] = crisis_lines()["checked"].isoformat()
    return out


def render_model(console: Console, lang: Lang, _: Callable[[str], str]) -> None:
    """Print the model as a short, readable text."""
    titles = {
        "crisis": _("What can put a couple under pressure"),
        "reaction": _("Four reactions a crisis sets off"),
        "orientation": _("Attachment under stress"),
        "pattern": _("Four patterns couples fall into"),
        "step": _("Six steps back to each other"),
        "criterion": _("When professional help makes sense"),
        "concern": _("Safety first"),
    }
    console.print(Text(model_text(lang, "general", "system"), style="bold"))
    console.print(Text(model_text(lang, "general", "nervous_system")))
    for table, ids, fields in _SECTIONS:
        console.print()
        console.print(f"[bold underline]{escape(titles[table])}[/bold underline]")
        for number, item in enumerate(ids, 1):
            name = model_text(lang, table, item.value, "name")
            label = f"{number}. {name}" if table == "step" else f"• {name}"
            console.print(Text(label, style="bold"))
            for field in fields[1:]:
                console.print(Text("  " + model_text(lang, table, item.value, field)))
        if table == "orientation":
            console.print(Text(model_text(lang, "general", "not_a_test"), style="dim"))
    console.print()
    for line in crisis_lines()["line"]:
        console.print(
            f"  {line['number']}  {line['name'][lang.value]} ({line['country']}, {line['hours']})",
            highlight=False,
        )
    console.print()
    console.print(Text(model_text(lang, "general", "hope"), style="italic"))
