"""``nabij coach``: what a message does, a kinder way to say it, and its two batch modes.

``nabij coach TEXT`` shows one message with its walls and doors highlighted, what each does to
the other, a rewrite and answers that show understanding (CONTRACTS §5). ``--jsonl`` and
``--evaluate FILE`` are the machine-facing modes of CONTRACTS §4 (``nabij.cli.coach_batch``).
"""

import json
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console, Group
from rich.markup import escape
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text

from nabij.cli.coach_batch import (
    read_examples,
    render_scores,
    run_jsonl,
    score_examples,
    scores_json,
)
from nabij.cli.errors import EXIT_BAD_INPUT, UserError, handling_errors
from nabij.cli.report import Report
from nabij.cli.setup import debug, setup
from nabij.coach.analysis import MAX_CHARS, Analysis, TextTooLongError, analyse
from nabij.coach.attune import attune
from nabij.coach.labels import Label, Safety
from nabij.coach.rewrite import rewrite
from nabij.coach.texts import explanation, name, safety_text, safety_title
from nabij.i18n import UnknownLanguageError, parse_lang
from nabij.model.ids import Lang, SafetyConcern

WALL_STYLE = "bold red"
DOOR_STYLE = "bold green"

# What each safety signal of a message means for the crisis lines to show.
CONCERNS: dict[Safety, tuple[SafetyConcern, ...]] = {
    Safety.NONE: (),
    Safety.HARM_THREAT: (SafetyConcern.VIOLENCE,),
    Safety.SELF_HARM: (SafetyConcern.SELF_HARM,),
}


def printable(text: str) -> str:
    """Return ``text`` safe to print, one character for one, so that span offsets still fit.

    Control characters (other than a line break) and lone surrogates cannot be shown or could
    steer the terminal; each becomes U+FFFD. A tab becomes a space, since Rich would widen it.

    >>> printable("a\\tb\\x1b[2Jc\\n") == "a b\\ufffd[2Jc\\n"
    True
    """
    return "".join(
        " "
        if ch == "\t"
        else "\ufffd"
        if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cs")
        else ch
        for ch in text
    )


def highlighted(analysis: Analysis) -> Text:
    """Return the message with each span styled: walls red, doors green.

    Doors are styled first, so that where a wall and a door overlap the wall shows.
    """
    shown = Text(printable(analysis.text))
    for span in sorted(analysis.spans, key=lambda s: s.label.is_wall):
        shown.stylize(WALL_STYLE if span.label.is_wall else DOOR_STYLE, span.start, span.end)
    return shown


def shown_words(analysis: Analysis, label: Label) -> list[str]:
    """Return the parts of the message that show ``label``, overlapping spans joined.

    Two rules may find "jij laat me altijd" and "jij laat me altijd alleen"; a reader needs the
    words once.
    """
    merged: list[list[int]] = []
    for span in sorted((s for s in analysis.spans if s.label is label), key=lambda s: s.start):
        if merged and span.start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], span.end)
        else:
            merged.append([span.start, span.end])
    return [analysis.text[start:end] for start, end in merged]


class CoachView:
    """Renders one message's analysis in the interface language."""

    def __init__(self, console: Console, ui: Lang, _: Callable[[str], str]) -> None:
        self.console = console
        self.ui = ui
        self._ = _

    def _heading(self, title: str, style: str = "bold", first: bool = False) -> None:
        if not first:
            self.console.print()
        self.console.print(Text(title, style=style))

    def _say(self, message: str | Text, indent: int = 2) -> None:
        shown = message if isinstance(message, Text) else Text(message)
        self.console.print(Padding(shown, (0, 0, 0, indent), expand=False))

    def render(self, analysis: Analysis, suggestion: str | None, answers: tuple[str, ...]) -> None:
        """Print the whole view; when the message speaks of harm, help comes first."""
        _ = self._
        if analysis.safety is not Safety.NONE:
            self._safety(analysis.safety)
        self._heading(_("Your message"), first=analysis.safety is Safety.NONE)
        self._say(highlighted(analysis))
        self._labels(analysis)
        if analysis.safety is not Safety.NONE:
            return
        if suggestion is not None:
            self._heading(_("Another way to say it"))
            self._say(Text(printable(suggestion), style="italic"))
        elif analysis.walls:
            self._say(
                _(
                    "nabij has no other wording for this message yet; the explanations above "
                    "may help you find your own."
                )
            )
        if answers:
            self._heading(_("If a message like this reaches you, you could answer"))
            for answer in answers:
                self._say(f"• {printable(answer)}")

    def _labels(self, analysis: Analysis) -> None:
        _ = self._
        if not analysis.labels:
            self.console.print()
            self._say(_("nabij sees no walls and no doors in this message."), 0)
            return
        groups = [
            (analysis.walls, _("Walls: these push the other away"), WALL_STYLE),
            (analysis.doors, _("Doors: these invite the other closer"), DOOR_STYLE),
        ]
        for labels, title, style in groups:
            if not labels:
                continue
            self._heading(title, style)
            for label in labels:
                self._label(analysis, label, style)
        if not analysis.walls and analysis.safety is Safety.NONE:
            self.console.print()
            self._say(_("No walls: this message leaves room for the other."), 0)

    def _label(self, analysis: Analysis, label: Label, style: str) -> None:
        words = ", ".join(f"“{printable(w)}”" for w in dict.fromkeys(shown_words(analysis, label)))
        line = Text(name(label, self.ui), style=style)
        line.append(f" — {words}", style="")
        self._say(line)
        self._say(explanation(label, self.ui), 4)

    def _safety(self, safety: Safety) -> None:
        _ = self._
        parts: list[Text | Padding] = [
            Text(safety_text(self.ui)),
            Text(_("Help is there, day and night:"), style="bold"),
        ]
        lines = Report(self.console, self.ui, _, {}).crisis_lines(CONCERNS[safety])
        parts += [Padding(Text(line), (0, 0, 0, 2)) for line in lines]
        self.console.print(
            Panel(Group(*parts), title=escape(safety_title(self.ui)), border_style="red")
        )


def _message_lang(value: str | None, _: Callable[[str], str]) -> Lang | None:
    if value is None:
        return None
    try:
        return parse_lang(value)
    except UnknownLanguageError:
        raise UserError(
            _("--text-lang: unknown language '{value}': use nl or en.").format(value=value)
        ) from None


def _check_mode(
    text: str | None,
    text_lang: str | None,
    jsonl: bool,
    evaluate: Path | None,
    as_json: bool,
    _: Callable[[str], str],
) -> None:
    """Refuse a combination of arguments that makes no sense, before anything is read."""
    if sum([text is not None, jsonl, evaluate is not None]) > 1:
        raise UserError(_("Choose one: a message, --jsonl, or --evaluate FILE."))
    if as_json and evaluate is None:
        raise UserError(_("--json goes with --evaluate FILE."))
    if text_lang is not None and (jsonl or evaluate is not None):
        raise UserError(
            _(
                "--text-lang goes with a message; in --jsonl and --evaluate each line has "
                "its own 'lang'."
            )
        )


def coach(
    ctx: typer.Context,
    text: Annotated[
        str | None,
        typer.Argument(help="The message to look at.", metavar="TEXT", show_default=False),
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Interface language: nl (default) or en.")
    ] = None,
    text_lang: Annotated[
        str | None,
        typer.Option(
            "--text-lang", help="The message's language, nl or en; found by itself when not given."
        ),
    ] = None,
    jsonl: Annotated[
        bool,
        typer.Option(
            "--jsonl",
            help="Read one JSON object per line from standard input; write one result per line.",
        ),
    ] = False,
    evaluate: Annotated[
        Path | None,
        typer.Option(
            "--evaluate",
            metavar="FILE",
            help="Score the coach against hand-labelled messages (JSONL).",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="With --evaluate: print the scores as JSON.")
    ] = False,
) -> None:
    """Show what a message does to the other, and a way to say it without blame."""
    ui, _, out, err = setup(ctx, lang)
    with handling_errors(err, _, debug(ctx)):
        _check_mode(text, text_lang, jsonl, evaluate, as_json, _)
        if jsonl:
            failed, total = run_jsonl(sys.stdin, sys.stdout, _)
            if failed:
                summary = _("{failed} of {total} lines could not be analysed; see their 'error'.")
                err.print(escape(summary.format(failed=failed, total=total)), highlight=False)
                raise typer.Exit(EXIT_BAD_INPUT)
            return
        if evaluate is not None:
            scores = score_examples(read_examples(evaluate, _))
            if as_json:
                sys.stdout.write(json.dumps(scores_json(scores), indent=2) + "\n")
            else:
                render_scores(out, scores, ui, _)
            return
        if text is None:
            raise UserError(_("Give a message to look at, or use --jsonl or --evaluate FILE."))
        _one_message(text, _message_lang(text_lang, _), out, ui, _)


def _one_message(
    text: str, lang: Lang | None, out: Console, ui: Lang, _: Callable[[str], str]
) -> None:
    if not text.strip():
        raise UserError(_("There is nothing to analyse: the message is empty."))
    try:
        analysis = analyse(text, lang)
    except TextTooLongError as error:
        raise UserError(
            _("The message has {count} characters; the coach reads at most {limit}.").format(
                count=error.length, limit=MAX_CHARS
            )
        ) from None
    suggestion: str | None = None
    answers: tuple[str, ...] = ()
    # A message that speaks of harm gets help, never nicer words (CONTRACTS §4).
    if analysis.safety is Safety.NONE:
        found = rewrite(analysis)
        suggestion = found.text if found is not None else None
        answers = attune(analysis)
    CoachView(out, ui, _).render(analysis, suggestion, answers)
