"""``nabij``: the command line (CONTRACTS §5). Commands parse, call the core, and render."""

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from nabij.cli.backup import backup, restore
from nabij.cli.chat import chat_app
from nabij.cli.coach import coach
from nabij.cli.errors import UserError, handling_errors
from nabij.cli.files import check_writable, read_json, read_record, write_record
from nabij.cli.model_view import model_json, render_model
from nabij.cli.prompts import Asker, ask_checkin, ask_intake, ask_safety_screen
from nabij.cli.report import Report
from nabij.cli.server import db_app, serve
from nabij.cli.setup import debug, setup
from nabij.cli.user import user_app
from nabij.engine import assess as assess_record
from nabij.i18n import DEFAULT_LANG, translator
from nabij.instruments.record import (
    CoupleRecord,
    PartnerRecord,
    checkin_from_json,
    intake_from_json,
    intake_to_json,
    merge,
    replace_checkin,
)
from nabij.model.ids import PartnerId
from nabij.settings import load as load_settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="nabij: a private companion for couples in crisis.",
)

LangOption = Annotated[
    str | None, typer.Option("--lang", help="Interface language: nl (default) or en.")
]
PartnerOption = Annotated[
    PartnerId, typer.Option("--partner", help="Which partner you are: a or b.")
]
AnswersOption = Annotated[
    Path | None,
    typer.Option("--answers", help="Read the answers from this JSON file instead of asking."),
]


@app.callback()
def root(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full error when something goes wrong.")
    ] = False,
) -> None:
    """Declare the options every command shares; commands read them from the context."""


def _today() -> date:
    return datetime.now(load_settings().timezone).date()


def _load_own_file(path: Path, partner: PartnerId, _: Any) -> CoupleRecord | None:
    """Return the record at ``path`` if it exists; it must hold only ``partner``."""
    if not path.exists():
        return None
    record = read_record(path, _)
    others = [p.id for p in record.partners if p.id != partner]
    if others:
        raise UserError(
            _(
                "{path} holds partner {other}. nabij keeps one partner per file: "
                "use a file of your own."
            ).format(path=path, other=others[0].value)
        )
    return record


def _saved(err: Console, path: Path, _: Any) -> None:
    err.print(_("Saved in {path}.").format(path=path), highlight=False)
    err.print(
        _(
            "Note: this file is readable by anyone who uses this computer account. "
            "Keep it somewhere only you can reach."
        ),
        style="yellow",
        highlight=False,
    )


@app.command()
def intake(
    ctx: typer.Context,
    record: Annotated[
        Path, typer.Argument(help="Your record file (created if it does not exist).")
    ],
    partner: PartnerOption,
    lang: LangOption = None,
    answers: AnswersOption = None,
    safety_only: Annotated[
        bool,
        typer.Option("--safety-only", help="Answer only the safety questions again."),
    ] = False,
) -> None:
    """Answer the intake, or only the safety questions again."""
    language, _, out, err = setup(ctx, lang)
    with handling_errors(err, _, debug(ctx), source=str(answers) if answers else None):
        existing = _load_own_file(record, partner, _)
        current = existing.partner(partner) if existing else None
        check_writable(record, _)
        ask = Asker(out, sys.stdin.readline, language, _)
        if safety_only:
            if current is None:
                raise UserError(
                    _(
                        "{path} has no intake for partner {id} yet: answer the whole intake first."
                    ).format(path=record, id=partner.value)
                )
            screen = (
                read_json(answers, _) if answers else ask_safety_screen(ask, "safety_recheck_intro")
            )
            value: Any = {**intake_to_json(current.intake), "safety_screen": screen}
            new_intake = intake_from_json(value)
        else:
            value = read_json(answers, _) if answers else ask_intake(ask, _today())
            new_intake = intake_from_json(value)
        updated = (
            PartnerRecord(id=partner, intake=new_intake)
            if current is None
            else PartnerRecord(partner, new_intake, current.checkins, current.name)
        )
        write_record(record, CoupleRecord(partners=(updated,)), _)
        _saved(err, record, _)
        concerns = new_intake.safety_screen.concerns()
        if concerns:
            report = Report(out, language, _, {})
            out.print()
            out.print(_("Your safety comes first. Help is there, day and night:"), style="bold")
            for line in report.crisis_lines(concerns):
                out.print(Padding(Text(line), (0, 0, 0, 2), expand=False))


@app.command()
def checkin(
    ctx: typer.Context,
    record: Annotated[Path, typer.Argument(help="Your record file, with your intake in it.")],
    partner: PartnerOption,
    day: Annotated[
        str | None, typer.Option("--date", help="The day (YYYY-MM-DD); today by default.")
    ] = None,
    answers: AnswersOption = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace an existing check-in for that day.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Do the one-minute daily check-in."""
    language, _, out, err = setup(ctx, lang)
    with handling_errors(err, _, debug(ctx), source=str(answers) if answers else None):
        today = _today()
        chosen = today
        if day is not None:
            try:
                chosen = date.fromisoformat(day)
            except ValueError:
                raise UserError(
                    _("--date: '{value}' is not a date written as YYYY-MM-DD.").format(value=day)
                ) from None
        if chosen > today:
            raise UserError(_("--date: {day} has not come yet.").format(day=chosen.isoformat()))
        existing = _load_own_file(record, partner, _)
        current = existing.partner(partner) if existing else None
        if current is None:
            raise UserError(
                _("{path} has no intake for partner {id} yet: run 'nabij intake' first.").format(
                    path=record, id=partner.value
                )
            )
        check_writable(record, _)
        if answers:
            value = read_json(answers, _)
            if isinstance(value, dict):
                if day is not None and value.get("date", day) != day:
                    raise UserError(
                        _("{path}: the date in the file differs from --date.").format(path=answers)
                    )
                value.setdefault("date", chosen.isoformat())
        else:
            # Refuse before asking anything, so that no answer is typed in vain.
            _refuse_existing(current, chosen, replace, _)
            value = ask_checkin(Asker(out, sys.stdin.readline, language, _), chosen)
        new = checkin_from_json(value)
        if new.date > today:
            raise UserError(_("--date: {day} has not come yet.").format(day=new.date.isoformat()))
        _refuse_existing(current, new.date, replace, _)
        write_record(record, CoupleRecord(partners=(replace_checkin(current, new),)), _)
        _saved(err, record, _)


def _refuse_existing(partner: PartnerRecord, day: date, replace: bool, _: Any) -> None:
    if partner.checkin_on(day) is not None and not replace:
        raise UserError(
            _("There is already a check-in for {day}. Use --replace to answer it again.").format(
                day=day.isoformat()
            )
        )


@app.command()
def assess(
    ctx: typer.Context,
    records: Annotated[
        list[Path], typer.Argument(help="One record file, or two: one for each partner.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the assessment as nabij.assessment/1 JSON.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Show the patterns, the signs that call for help, and the next step."""
    language, _, out, err = setup(ctx, lang)
    with handling_errors(err, _, debug(ctx)):
        if len(records) > 2:
            raise UserError(
                _("Give one or two record files, not {count}.").format(count=len(records))
            )
        loaded = [read_record(path, _) for path in records]
        with handling_errors(err, _, debug(ctx), source=" + ".join(map(str, records))):
            record = merge(loaded)
        result = assess_record(record)
        if as_json:
            sys.stdout.write(json.dumps(result.to_json(), indent=2) + "\n")
            return
        names = {p.id: p.name for p in record.partners if p.name}
        Report(out, language, _, names).render(result)


@app.command()
def model(
    ctx: typer.Context,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the model's ids and words as JSON.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Explain the crisis model nabij rests on."""
    language, _, out, err = setup(ctx, lang)
    with handling_errors(err, _, debug(ctx)):
        if as_json:
            sys.stdout.write(json.dumps(model_json(language), indent=2, ensure_ascii=False) + "\n")
            return
        render_model(out, language, _)


app.command()(coach)
app.command()(serve)
app.command()(backup)
app.command()(restore)
app.add_typer(db_app, name="db")
app.add_typer(chat_app, name="chat")
app.add_typer(user_app, name="user")


def main() -> None:
    """Run the command line; a failure outside any command is still one short message."""
    try:
        app()
    except Exception:
        if "--debug" in sys.argv:
            raise
        Console(stderr=True).print(
            translator(DEFAULT_LANG)(
                "Something went wrong inside nabij. Run again with --debug to see why."
            ),
            highlight=False,
        )
        sys.exit(1)
