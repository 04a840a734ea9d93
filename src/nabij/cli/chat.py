"""``nabij chat analyse``: read a chat export and show the couple's dance (CONTRACTS §5).

The words come from ``nabij.conversation``'s data files (``texts.<lang>.toml``), so that the
terminal report and the web page say the same. The text report, on the uploader's own terminal,
shows example messages for the dance's evidence; ``--json`` never holds message text.
"""

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from nabij.cli.chat_report import ChatReport, plot_labels
from nabij.cli.errors import UserError, handling_errors
from nabij.cli.files import check_writable, write_private
from nabij.cli.prompts import Asker
from nabij.cli.setup import debug, setup
from nabij.conversation.analysis import (
    ChatAnalysis,
    PartnersError,
    PartnersProblem,
    analyse_chat,
    choose_partners,
    paused_collector,
)
from nabij.conversation.importers import read_chat
from nabij.conversation.messages import Chat, ChatError
from nabij.conversation.plot import phase_plot_svg
from nabij.conversation.texts import chat_text
from nabij.model.ids import Lang

chat_app = typer.Typer(
    no_args_is_help=True,
    help="Read a chat export (WhatsApp or a plain transcript) and see the dance between you.",
)


def interactive() -> bool:
    """Return whether a person sits at the terminal to answer a question."""
    return sys.stdin.isatty()


def _say(lang: Lang, *keys: str, **values: object) -> str:
    return chat_text(lang, *keys).format(**values)


def _read(path: Path, dayfirst: bool | None, lang: Lang, bar: "Bars") -> Chat:
    """Read the export, or a ``UserError`` that names the line where it went wrong."""
    if not path.exists():
        raise UserError(_say(lang, "cli", "not_found", path=path))
    if path.is_dir():
        raise UserError(_say(lang, "cli", "is_folder", path=path))
    try:
        with bar.task(_say(lang, "cli", "reading_file")) as progress:
            return read_chat(path, dayfirst=dayfirst, progress=progress)
    except PermissionError:
        raise UserError(_say(lang, "cli", "no_access", path=path)) from None
    except ChatError as error:
        detail = _say(lang, "cli", "problem", error.problem.value if error.problem else "unknown")
        if error.line is not None:
            detail += " " + _say(lang, "cli", "at_line", line=error.line)
        raise UserError(_say(lang, "cli", "unreadable", path=path, detail=detail)) from None


def _senders(senders: Sequence[str]) -> str:
    return ", ".join(f"'{name}'" for name in senders)


def _partners_error(error: PartnersError, lang: Lang, given: Sequence[str]) -> UserError:
    """Return a partners problem in words; this is the one place names are listed."""
    senders = _senders(error.senders)
    if error.problem is PartnersProblem.TOO_MANY_SENDERS:
        text = _say(lang, "cli", "too_many_senders", count=len(error.senders), senders=senders)
    elif error.problem is PartnersProblem.TOO_FEW_SENDERS:
        text = _say(lang, "cli", "too_few_senders")
    elif error.problem is PartnersProblem.SAME_PARTNER:
        text = _say(lang, "cli", "same_partner")
    else:
        missing = next((name for name in given if name not in error.senders), "")
        text = _say(lang, "cli", "not_a_sender", name=missing, senders=senders)
    return UserError(text)


def _ask_partners(chat: Chat, ask: Asker, lang: Lang) -> tuple[str, str]:
    """Ask which two senders are the couple (on a terminal only)."""
    ask.say(_say(lang, "cli", "ask_intro"))
    senders = list(chat.senders)
    first = ask.choice(_say(lang, "cli", "ask_first"), [(s, s) for s in senders])
    rest = [s for s in senders if s != first]
    second = ask.choice(_say(lang, "cli", "ask_second"), [(s, s) for s in rest])
    return first, second


def _choose(
    chat: Chat,
    partners: tuple[str, str] | None,
    me: str | None,
    lang: Lang,
    ask: Callable[[], Asker],
) -> tuple[str, str] | None:
    """Return the partners to analyse: given, asked for, or None when the chat has two."""
    given = [*(partners or ()), *([me] if me else [])]
    try:
        choose_partners(chat.senders, partners, me)
        return partners
    except PartnersError as error:
        if error.problem is not PartnersProblem.TOO_MANY_SENDERS or not interactive():
            raise _partners_error(error, lang, given) from None
    chosen = _ask_partners(chat, ask(), lang)
    try:
        choose_partners(chat.senders, chosen, me)
    except PartnersError as error:
        raise _partners_error(error, lang, given) from None
    return chosen


class Bars:
    """A Rich progress bar on the error console, drawn only when that is a terminal."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.shown = console.is_terminal

    @contextmanager
    def task(self, description: str) -> Iterator[Callable[[int, int | None], None] | None]:
        """Yield a progress callback for one phase (None when nothing is drawn)."""
        if not self.shown:
            yield None
            return
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=self.console, transient=True) as bar:
            task: TaskID = bar.add_task(description, total=None)

            def update(done: int, total: int | None) -> None:
                bar.update(task, completed=done, total=total)

            yield update


def _analyse(
    chat: Chat, partners: tuple[str, str] | None, me: str | None, lang: Lang, bars: Bars
) -> ChatAnalysis:
    with bars.task(_say(lang, "cli", "reading_messages")) as progress:
        return analyse_chat(chat, partners=partners, me=me, progress=progress)


def analyse(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="The export: WhatsApp's .txt or .zip, or a transcript of 'Name: text' lines.",
            show_default=False,
        ),
    ],
    partners: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--partners",
            metavar="A B",
            help="The two of you, when more than two people write in the chat.",
        ),
    ] = None,
    me: Annotated[
        str | None,
        typer.Option("--me", metavar="NAME", help="Your name in the chat (partner W)."),
    ] = None,
    dayfirst: Annotated[
        bool, typer.Option("--dayfirst", help="Dates are written day first (31-12).")
    ] = False,
    monthfirst: Annotated[
        bool, typer.Option("--monthfirst", help="Dates are written month first (12/31).")
    ] = False,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print nabij.chat-analysis/1 JSON (never message text)."),
    ] = False,
    plot: Annotated[
        Path | None,
        typer.Option("--plot", metavar="OUT.svg", help="Write the model's phase plot as SVG."),
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Interface language: nl (default) or en.")
    ] = None,
) -> None:
    """Read a chat export and show your doors and walls, your dance, and how quarrels unfold."""
    ui, _, out, err = setup(ctx, lang)
    with handling_errors(err, _, debug(ctx)):
        if dayfirst and monthfirst:
            raise UserError(_say(ui, "cli", "both_orders"))
        if plot is not None:
            check_writable(plot, _)
        order = True if dayfirst else False if monthfirst else None
        bars = Bars(err)
        # Reading makes as many small objects as analysing; the same pause helps it.
        with paused_collector():
            chat = _read(file, order, ui, bars)
        chosen = _choose(chat, partners, me, ui, lambda: Asker(err, sys.stdin.readline, ui, _))
        result = _analyse(chat, chosen, me, ui, bars)
        if plot is not None:
            model = result.model
            svg = phase_plot_svg(model, model.trajectory, labels=plot_labels(ui, result.partners))
            write_private(plot, svg, _)
            err.print(_say(ui, "cli", "plot_saved", path=plot), highlight=False)
            err.print(_say(ui, "cli", "plot_private"), style="yellow", highlight=False)
        if as_json:
            sys.stdout.write(json.dumps(result.to_json(), indent=2) + "\n")
            return
        ChatReport(out, ui, _).render(result, result.examples())


chat_app.command("analyse")(analyse)
