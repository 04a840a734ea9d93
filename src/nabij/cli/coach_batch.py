"""The coach's machine-facing modes: ``--jsonl`` and ``--evaluate FILE`` (CONTRACTS §4).

``--jsonl`` answers every input line with exactly one output line, in order, flushed at once,
so that a script can talk to it line by line; a line it cannot analyse gets an ``error`` and
the rest goes on. ``--evaluate`` scores the coach against hand-labelled messages.
"""

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, cast

from rich.console import Console
from rich.table import Table
from rich.text import Text

from nabij.cli.errors import UserError
from nabij.cli.files import read_text
from nabij.coach.analysis import MAX_CHARS, TextTooLongError, analyse
from nabij.coach.evaluation import Example, Scores, score
from nabij.coach.labels import Label, Safety
from nabij.coach.rewrite import rewrite
from nabij.model.ids import Lang

# One input line holds at most MAX_CHARS characters of text; written with JSON escapes a
# character takes at most 12 bytes ("\ud83d\ude00"), so 1 MB leaves room for an id and
# whitespace while keeping a runaway line (a file without line breaks) out of memory.
MAX_LINE_BYTES = 1_000_000


def _lang(value: object) -> Lang | None:
    """Return the language a line names, or ``None`` when it names none that nabij speaks."""
    return next((lang for lang in Lang if value == lang.value), None)


class LineError(ValueError):
    """One input line that cannot be analysed; the message is worded for the user."""


def _reject_constant(name: str) -> None:
    # NaN and Infinity are not JSON; Python's reader would accept them and echo them back.
    raise ValueError(name)


def _json(line: str, _: Callable[[str], str]) -> object:
    # A byte order mark at the start of a file is not part of the first line's JSON.
    line = line.removeprefix("\ufeff")
    if not line.strip():
        raise LineError(_("the line is empty"))
    try:
        return json.loads(line, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise LineError(_("the line is not valid JSON")) from None


def _lines(stream: IO[bytes]) -> Iterator[bytes | None]:
    """Yield each line of ``stream`` as it arrives; ``None`` for a line over the size limit."""
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the long line
                line = stream.readline(MAX_LINE_BYTES)
            yield None
            continue
        yield line


def answer_line(raw: bytes | None, _: Callable[[str], str]) -> dict[str, Any]:
    """Return the output object for one input line: the analysis, or an ``error``."""
    head: dict[str, Any] = {}
    try:
        if raw is None:
            raise LineError(_("the line is longer than {limit} bytes").format(limit=MAX_LINE_BYTES))
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise LineError(_("the line is not UTF-8 text")) from None
        value = _json(line, _)
        if not isinstance(value, dict):
            raise LineError(_("the line is not a JSON object with a 'text'"))
        if "id" in value:
            head["id"] = value["id"]
        text = value.get("text")
        if not isinstance(text, str):
            raise LineError(_("'text' is missing or is not a string"))
        lang = _lang(value["lang"]) if "lang" in value else None
        if "lang" in value and lang is None:
            raise LineError(_("'lang' must be nl or en"))
        try:
            analysis = analyse(text, lang)
        except TextTooLongError as error:
            raise LineError(
                _("'text' has {count} characters; at most {limit} can be analysed").format(
                    count=error.length, limit=MAX_CHARS
                )
            ) from None
    except LineError as error:
        return {**head, "error": str(error)}
    # A message that speaks of harm gets no rewrite (CONTRACTS §4).
    suggestion = rewrite(analysis) if analysis.safety is Safety.NONE else None
    return {
        **head,
        "lang": analysis.lang.value,
        "labels": [label.value for label in analysis.labels],
        "spans": [
            {"label": span.label.value, "start": span.start, "end": span.end}
            for span in analysis.spans
        ],
        "rewrite": suggestion.text if suggestion is not None else None,
        "safety": analysis.safety.value,
    }


def run_jsonl(stdin: IO[str], stdout: IO[str], _: Callable[[str], str]) -> tuple[int, int]:
    """Answer every line of ``stdin`` on ``stdout``; return (lines with an error, all lines).

    Bytes are read, not text, so that a line that is not UTF-8 is one error line and not the
    end of the run.
    """
    raw = getattr(stdin, "buffer", None)
    stream: IO[bytes] = raw if raw is not None else io.BytesIO(stdin.read().encode())
    failed = total = 0
    for line in _lines(stream):
        result = answer_line(line, _)
        total += 1
        failed += "error" in result
        stdout.write(json.dumps(result, ensure_ascii=True) + "\n")
        stdout.flush()
    return failed, total


# --- --evaluate ------------------------------------------------------------------------------


def _example(line: str, _: Callable[[str], str]) -> Example:
    value = _json(line, _)
    if not isinstance(value, dict):
        raise LineError(_("the line is not a JSON object with 'text', 'lang' and 'labels'"))
    text = value.get("text")
    if not isinstance(text, str):
        raise LineError(_("'text' is missing or is not a string"))
    if len(text) > MAX_CHARS:
        raise LineError(
            _("'text' has {count} characters; at most {limit} can be analysed").format(
                count=len(text), limit=MAX_CHARS
            )
        )
    lang = _lang(value.get("lang"))
    if lang is None:
        raise LineError(_("'lang' must be nl or en"))
    labels = value.get("labels")
    known = {label.value: label for label in Label}
    if not isinstance(labels, list) or not all(
        isinstance(label, str) and label in known for label in labels
    ):
        raise LineError(
            _("'labels' must be a list of label ids: {ids}").format(ids=", ".join(known))
        )
    safety = next((s for s in Safety if value.get("safety", "none") == s.value), None)
    if safety is None:
        raise LineError(
            _("'safety' must be one of {values}").format(values=", ".join(s.value for s in Safety))
        )
    return Example(text, lang, frozenset(known[label] for label in labels), safety)


def read_examples(path: Path, _: Callable[[str], str]) -> list[Example]:
    """Read a JSONL file of hand-labelled messages; blank lines are skipped."""
    examples = []
    # Split on line feeds only: a JSON string may hold U+2028, which splitlines() would cut.
    for number, line in enumerate(read_text(path, _).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            examples.append(_example(line, _))
        except LineError as error:
            raise UserError(
                _("{path}, line {number}: {problem}.").format(
                    path=path, number=number, problem=error
                )
            ) from None
    if not examples:
        raise UserError(_("{path}: there are no messages in this file.").format(path=path))
    return examples


def score_examples(examples: list[Example]) -> dict[Lang, Scores]:
    """Return the coach's scores on ``examples``, reading each in its labelled language."""
    predicted = []
    for example in examples:
        analysis = analyse(example.text, example.lang)
        predicted.append((example, frozenset(analysis.labels), analysis.safety))
    return score(predicted)


def _number(value: float, ui: Lang) -> str:
    text = f"{value:.3f}"
    return text.replace(".", ",") if ui is Lang.NL else text


def _share(value: float, ui: Lang) -> str:
    text = f"{value:.1%}"
    return text.replace(".", ",") if ui is Lang.NL else text


def scores_table(scores: Scores, ui: Lang, _: Callable[[str], str]) -> Table:
    """Return one language's scores as a table: per label, then micro."""
    table = Table(
        title=_("{lang}: {count} messages").format(lang=scores.lang.value, count=scores.messages),
        title_justify="left",
        title_style="bold",
    )
    table.add_column(_("Label"))
    for column in (_("Precision"), _("Recall"), _("F1"), _("Count")):
        table.add_column(column, justify="right")
    for label, counts in scores.per_label.items():
        table.add_row(
            Text(label.value, style="red" if label.is_wall else "green"),
            _number(counts.precision(), ui),
            _number(counts.recall(), ui),
            _number(counts.f1(), ui),
            str(counts.tp + counts.fn),
        )
    micro = scores.micro()
    table.add_section()
    table.add_row(
        Text(_("micro"), style="bold"),
        _number(micro.precision(), ui),
        _number(micro.recall(), ui),
        Text(_number(micro.f1(), ui), style="bold"),
        str(micro.tp + micro.fn),
    )
    return table


def scores_json(scores: dict[Lang, Scores]) -> dict[str, object]:
    """Return the scores as one JSON object keyed by language (``--evaluate --json``)."""
    return {lang.value: scores[lang].to_json() for lang in Lang if lang in scores}


def render_scores(
    out: Console, scores: dict[Lang, Scores], ui: Lang, _: Callable[[str], str]
) -> None:
    """Print each language's scores as a table, with its false-wall rate and safety scores."""
    for lang in (lang for lang in Lang if lang in scores):
        each = scores[lang]
        out.print()
        out.print(scores_table(each, ui, _))
        out.print(
            _("False-wall rate: {rate} of {count} messages without a wall.").format(
                rate=_share(each.false_wall_rate(), ui), count=each.wall_free
            ),
            highlight=False,
        )
        safety = cast(dict[str, float], each.to_json()["safety"])
        out.print(
            _(
                "Safety: {accuracy} right; {recall} of the messages that speak of harm found."
            ).format(accuracy=_share(safety["accuracy"], ui), recall=_share(safety["recall"], ui)),
            highlight=False,
        )
