"""``nabij coach``: one message, ``--jsonl`` and ``--evaluate``, and every bad-input path."""

import json
import os
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from nabij.cli import coach as coach_module
from nabij.cli import coach_batch
from nabij.cli.app import app
from nabij.cli.coach import highlighted, printable, shown_words
from nabij.coach.analysis import MAX_CHARS, Analysis, Span, analyse
from nabij.coach.attune import attune
from nabij.coach.evaluation import Example, score
from nabij.coach.labels import Label, Safety
from nabij.coach.rewrite import rewrite
from nabij.coach.texts import explanation, name, safety_text
from nabij.model.ids import Lang

ROOT = Path(__file__).resolve().parents[2]
DEV_NL = ROOT / "tests" / "coach" / "data" / "dev.nl.jsonl"
DEV_EN = ROOT / "tests" / "coach" / "data" / "dev.en.jsonl"

# Sanne writes to Mark; the messages are the kind the coach is made for.
BLAME_NL = "Jij luistert nooit naar me, door jou voel ik me zo alleen."
DOORS_NL = "Ik voel me alleen. Wil je vanavond even bij me zitten?"
BLAME_EN = "You never listen to me."
HARM_NL = "ik sla je op je bek"
SELF_HARM_EN = "I want to kill myself"
KEYS = ["id", "lang", "labels", "spans", "rewrite", "safety"]


def run(*args: str, stdin: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=stdin, env={"COLUMNS": "200", **(env or {})})


def flat(text: str) -> str:
    """Return ``text`` with its line wrapping (and a panel's side borders) undone."""
    return " ".join(text.replace("│", " ").split())


def jsonl(*lines: object) -> str:
    return "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)


def answers(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


# --- one message -----------------------------------------------------------------------------


def test_a_message_is_shown_with_each_label_named_and_explained_in_dutch_by_default() -> None:
    analysis = analyse(BLAME_NL)
    assert Label.BLAME in analysis.labels
    result = run("coach", BLAME_NL)
    assert result.exit_code == 0, result.stderr
    shown = flat(result.stdout)
    assert "Je bericht" in shown
    assert BLAME_NL in shown
    assert "Muren: dit duwt de ander weg" in shown
    for label in analysis.labels:
        assert name(label, Lang.NL) in shown
        assert flat(explanation(label, Lang.NL)) in shown
        for words in shown_words(analysis, label):
            assert f"“{words}”" in shown


def test_the_interface_can_be_english_while_the_message_stays_dutch() -> None:
    analysis = analyse(BLAME_NL)
    result = run("coach", BLAME_NL, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    shown = flat(result.stdout)
    assert "Walls: these push the other away" in shown
    for label in analysis.labels:
        assert flat(explanation(label, Lang.EN)) in shown
    suggestion = rewrite(analysis)
    assert suggestion is not None
    assert "Another way to say it" in shown
    assert flat(suggestion.text) in shown


def test_a_wall_gets_a_rewrite_and_attunement_answers_under_their_headings() -> None:
    analysis = analyse(BLAME_EN)
    suggestion = rewrite(analysis)
    assert suggestion is not None
    result = run("coach", BLAME_EN, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    shown = flat(result.stdout)
    heading = shown.index("Another way to say it")
    assert shown.index(flat(suggestion.text)) > heading
    replies = attune(analysis)
    assert 2 <= len(replies) <= 3
    listen = shown.index("If a message like this reaches you, you could answer")
    for reply in replies:
        assert shown.index(f"• {flat(reply)}") > listen


def test_a_message_with_only_doors_is_told_it_has_no_walls_and_gets_no_rewrite() -> None:
    analysis = analyse(DOORS_NL)
    assert analysis.doors
    assert not analysis.walls
    result = run("coach", DOORS_NL, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    shown = flat(result.stdout)
    assert "Doors: these invite the other closer" in shown
    assert "No walls: this message leaves room for the other." in shown
    assert "Walls:" not in shown
    assert "Another way to say it" not in shown


def test_a_neutral_message_is_said_to_hold_no_walls_and_no_doors() -> None:
    result = run("coach", "Ik ben om zes uur thuis, zal ik pasta maken?", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "nabij sees no walls and no doors in this message." in result.stdout


def test_text_lang_decides_which_rules_read_the_message(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Lang | None] = []

    def recording(text: str, lang: Lang | None = None) -> Analysis:
        seen.append(lang)
        return analyse(text, lang)

    monkeypatch.setattr(coach_module, "analyse", recording)
    assert run("coach", "ik hoor je", "--text-lang", "EN").exit_code == 0
    assert run("coach", "ik hoor je").exit_code == 0
    assert seen == [Lang.EN, None]


@pytest.mark.parametrize(
    ("message", "numbers", "absent"),
    [
        (HARM_NL, ["112", "0800-2000"], "113"),
        (SELF_HARM_EN, ["113", "0800-0113"], "0800-2000"),
    ],
)
def test_a_message_that_speaks_of_harm_gets_the_crisis_lines_and_no_rewrite(
    monkeypatch: pytest.MonkeyPatch, message: str, numbers: list[str], absent: str
) -> None:
    assert analyse(message).safety is not Safety.NONE

    def never(*_: object) -> None:
        raise AssertionError("no rewrite or attunement for a message that speaks of harm")

    monkeypatch.setattr(coach_module, "rewrite", never)
    monkeypatch.setattr(coach_module, "attune", never)
    result = run("coach", message, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    shown = flat(result.stdout)
    assert flat(safety_text(Lang.EN)) in shown
    assert "Help is there, day and night:" in shown
    for number in numbers:
        assert f"{number} " in shown
    assert f"{absent} " not in shown
    assert "Another way to say it" not in shown
    assert "you could answer" not in shown
    # Help comes first, before the message itself.
    assert shown.index("Help is there") < shown.index("Your message")


def test_walls_are_red_and_doors_green_on_a_colour_terminal() -> None:
    message = "Ik voel me rot. Jij luistert nooit."
    analysis = analyse(message)
    assert analysis.walls
    assert analysis.doors
    result = run("coach", message, env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert result.exit_code == 0, result.stderr
    wall = next(s for s in analysis.spans if s.label.is_wall)
    door = next(s for s in analysis.spans if not s.label.is_wall)
    assert f"\x1b[1;31m{message[wall.start : wall.end]}" in result.stdout
    assert f"\x1b[1;32m{message[door.start : door.end]}" in result.stdout


def test_the_highlight_styles_each_span_and_a_wall_wins_where_it_overlaps_a_door() -> None:
    text = "ik voel dat jij nooit luistert"
    analysis = Analysis(
        text,
        Lang.NL,
        (Label.BLAME, Label.FEELING),
        (Span(Label.BLAME, 0, 30), Span(Label.FEELING, 0, 7)),
        Safety.NONE,
    )
    shown = highlighted(analysis)
    assert shown.plain == text
    styles = [(s.start, s.end, str(s.style)) for s in shown.spans]
    # Doors first, walls last: Rich lets the later style win.
    assert styles == [(0, 7, "bold green"), (0, 30, "bold red")]


def test_overlapping_spans_of_one_label_are_quoted_once() -> None:
    text = "jij laat me altijd alleen"
    analysis = Analysis(
        text,
        Lang.NL,
        (Label.BLAME,),
        (Span(Label.BLAME, 0, 18), Span(Label.BLAME, 0, 25)),
        Safety.NONE,
    )
    assert shown_words(analysis, Label.BLAME) == ["jij laat me altijd alleen"]


def test_control_characters_are_shown_harmlessly_one_for_one() -> None:
    text = "a\tb\x1b[2J\rc\ud800\n😀"
    shown = printable(text)
    assert len(shown) == len(text)
    assert shown == "a b\ufffd[2J\ufffdc\ufffd\n😀"


def test_a_message_with_a_terminal_escape_cannot_steer_the_terminal() -> None:
    result = run("coach", "je bent zo lui\x1b[2J", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert "je bent zo lui\ufffd[2J" in result.stdout


# --- --jsonl ---------------------------------------------------------------------------------


def expected(text: str, lang: Lang | None = None, **head: Any) -> dict[str, Any]:
    """Return the line the contract asks for, built from the library itself."""
    analysis = analyse(text, lang)
    suggestion = rewrite(analysis) if analysis.safety is Safety.NONE else None
    return {
        **head,
        "lang": analysis.lang.value,
        "labels": [label.value for label in analysis.labels],
        "spans": [{"label": s.label.value, "start": s.start, "end": s.end} for s in analysis.spans],
        "rewrite": suggestion.text if suggestion else None,
        "safety": analysis.safety.value,
    }


def test_jsonl_answers_every_line_in_order_in_the_contract_format() -> None:
    lines = [
        {"id": "m1", "text": BLAME_NL},
        {"text": DOORS_NL, "lang": "nl"},
        {"id": 3, "text": BLAME_EN, "lang": "en", "extra": "ignored"},
        {"id": None, "text": ""},
        {"id": ["a", 1], "text": HARM_NL},
    ]
    result = run("coach", "--jsonl", stdin=jsonl(*lines))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    got = answers(result)
    assert got == [
        expected(BLAME_NL, id="m1"),
        expected(DOORS_NL, Lang.NL),
        expected(BLAME_EN, Lang.EN, id=3),
        expected("", id=None),
        expected(HARM_NL, id=["a", 1]),
    ]
    for line in got:
        assert [key for key in KEYS if key in line] == list(line)
        order = [label.value for label in Label]
        assert line["labels"] == sorted(set(line["labels"]), key=order.index)
    assert "id" not in got[1]
    assert got[0]["rewrite"] is not None
    assert got[1]["rewrite"] is None
    assert (got[4]["safety"], got[4]["rewrite"]) == ("harm_threat", None)


def test_jsonl_writes_ascii_only_json_with_escapes() -> None:
    result = run("coach", "--jsonl", stdin=jsonl({"text": "Jij bent zo egoïstisch 😠"}))
    assert result.exit_code == 0
    assert result.stdout.isascii()
    assert result.stdout.count("\n") == 1


@pytest.mark.parametrize("escaped", [False, True], ids=["utf8", "ascii-escaped"])
def test_jsonl_offsets_are_code_points_of_the_text_as_received(escaped: bool) -> None:
    # An emoji and a character outside the BMP (two UTF-16 units each), a BMP emoji and a
    # combining accent (two code points for one letter) all come before the wall.
    text = "😀𝄞☕ e\u0301 jij bent zo egoïstisch"
    line = json.dumps({"text": text, "lang": "nl"}, ensure_ascii=escaped) + "\n"
    result = run("coach", "--jsonl", stdin=line.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    (got,) = answers(result)
    blame = [s for s in got["spans"] if s["label"] == "blame"]
    assert blame, got
    start, end = blame[0]["start"], blame[0]["end"]
    assert text[start:end].endswith("egoïstisch")
    assert start >= text.index("jij")
    assert end == len(text)
    # Counted in UTF-16 units or bytes, the same words would sit elsewhere.
    assert len(text.encode("utf-16-le")) // 2 > len(text)
    assert got == expected(text, Lang.NL)


def test_jsonl_keeps_going_after_lines_it_cannot_analyse_and_exits_2() -> None:
    too_long = "x" * (MAX_CHARS + 1)
    stdin = jsonl(
        {"id": 1, "text": BLAME_EN},
        "this is not json",
        "[1, 2]",
        {"id": "no-text"},
        {"id": "not-a-string", "text": 42},
        {"id": "bad-lang", "text": "hoi", "lang": "fr"},
        {"id": "list-lang", "text": "hoi", "lang": ["nl"]},
        {"id": "null-lang", "text": "hoi", "lang": None},
        {"id": "long", "text": too_long},
        '{"id": 9, "text": NaN}',
        "",
        "[" * 100_000,
        {"id": "last", "text": DOORS_NL},
    )
    result = run("coach", "--jsonl", "--lang", "en", stdin=stdin)
    assert result.exit_code == 2
    got = answers(result)
    assert got == [
        expected(BLAME_EN, id=1),
        {"error": "the line is not valid JSON"},
        {"error": "the line is not a JSON object with a 'text'"},
        {"id": "no-text", "error": "'text' is missing or is not a string"},
        {"id": "not-a-string", "error": "'text' is missing or is not a string"},
        {"id": "bad-lang", "error": "'lang' must be nl or en"},
        {"id": "list-lang", "error": "'lang' must be nl or en"},
        {"id": "null-lang", "error": "'lang' must be nl or en"},
        {
            "id": "long",
            "error": f"'text' has {MAX_CHARS + 1} characters; at most {MAX_CHARS} can be analysed",
        },
        {"error": "the line is not valid JSON"},
        {"error": "the line is empty"},
        {"error": "the line is not valid JSON"},
        expected(DOORS_NL, id="last"),
    ]
    assert result.stderr.strip() == "11 of 13 lines could not be analysed; see their 'error'."
    assert "Traceback" not in result.stdout + result.stderr


def test_jsonl_errors_are_in_dutch_by_default() -> None:
    result = run("coach", "--jsonl", stdin="nee\n")
    assert result.exit_code == 2
    assert answers(result) == [{"error": "de regel is geen geldige JSON"}]
    assert "1 van de 1 regels" in result.stderr


def test_jsonl_reads_a_line_that_is_not_utf8_as_one_error(tmp_path: Path) -> None:
    stdin = b'{"text": "caf\xe9"}\n' + jsonl({"text": BLAME_EN}).encode()
    result = run("coach", "--jsonl", "--lang", "en", stdin=stdin)
    assert result.exit_code == 2
    assert answers(result) == [{"error": "the line is not UTF-8 text"}, expected(BLAME_EN)]


def test_jsonl_refuses_a_runaway_line_without_reading_it_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(coach_batch, "MAX_LINE_BYTES", 64)
    stdin = '{"text": "' + "a" * 500 + '"}\n' + jsonl({"text": BLAME_EN})
    result = run("coach", "--jsonl", "--lang", "en", stdin=stdin)
    assert result.exit_code == 2
    assert answers(result) == [
        {"error": "the line is longer than 64 bytes"},
        expected(BLAME_EN),
    ]


def test_jsonl_accepts_windows_line_ends_a_byte_order_mark_and_a_last_line_without_end() -> None:
    stdin = "\ufeff" + json.dumps({"text": BLAME_EN}) + "\r\n" + json.dumps({"text": DOORS_NL})
    result = run("coach", "--jsonl", stdin=stdin.encode("utf-8"))
    assert result.exit_code == 0, result.stdout
    assert answers(result) == [expected(BLAME_EN), expected(DOORS_NL)]


def test_jsonl_with_no_input_writes_nothing_and_exits_0() -> None:
    result = run("coach", "--jsonl", stdin="")
    assert result.exit_code == 0
    assert result.stdout == ""


def _read_line(stream: Any, seconds: float = 60) -> str:
    ready, _, _ = select.select([stream], [], [], seconds)
    assert ready, "no answer line came while nabij waited for the next input line"
    return str(stream.readline())


def test_jsonl_answers_each_line_before_the_next_one_is_written() -> None:
    # A script talking to nabij through a pipe must get each answer while the input is still
    # open: the answer is flushed at once, not when the input ends.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    with subprocess.Popen(
        [sys.executable, "-m", "nabij", "coach", "--jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    ) as process:
        assert process.stdin is not None
        assert process.stdout is not None
        try:
            for index, text in enumerate([BLAME_NL, "not json", DOORS_NL]):
                line = text if index == 1 else json.dumps({"id": index, "text": text})
                process.stdin.write(line + "\n")
                process.stdin.flush()
                answer = json.loads(_read_line(process.stdout))
                assert answer.get("id", index) == index
                assert ("error" in answer) == (index == 1)
            process.stdin.close()
            assert process.wait(timeout=60) == 2
        finally:
            if process.poll() is None:
                process.kill()


# --- --evaluate ------------------------------------------------------------------------------


def _expected_scores(*paths: Path) -> dict[str, Any]:
    examples = []
    for path in paths:
        for line in path.read_text("utf-8").splitlines():
            value = json.loads(line)
            examples.append(
                Example(
                    value["text"],
                    Lang(value["lang"]),
                    frozenset(Label(label) for label in value["labels"]),
                    Safety(value.get("safety", "none")),
                )
            )
    predicted = []
    for example in examples:
        analysis = analyse(example.text, example.lang)
        predicted.append((example, frozenset(analysis.labels), analysis.safety))
    scores = score(predicted)
    return {lang.value: scores[lang].to_json() for lang in Lang if lang in scores}


def test_evaluate_json_gives_the_scores_of_each_language(tmp_path: Path) -> None:
    both = tmp_path / "both.jsonl"
    both.write_text(DEV_EN.read_text("utf-8") + DEV_NL.read_text("utf-8"), encoding="utf-8")
    result = run("coach", "--evaluate", str(both), "--json")
    assert result.exit_code == 0, result.stderr
    got = json.loads(result.stdout)
    assert list(got) == ["nl", "en"]
    assert got == _expected_scores(DEV_NL, DEV_EN)
    for lang in ("nl", "en"):
        assert set(got[lang]["labels"]) == {label.value for label in Label}
        assert {"micro", "false_wall_rate", "messages"} <= set(got[lang])


def test_evaluate_prints_a_table_per_language_with_micro_f1_and_false_wall_rate() -> None:
    result = run("coach", "--evaluate", str(DEV_NL), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    scores = _expected_scores(DEV_NL)["nl"]
    assert "nl: 330 messages" in result.stdout
    for label in Label:
        assert f" {label.value} " in result.stdout
    assert f"{scores['micro']['f1']:.3f}" in result.stdout
    assert f"False-wall rate: {scores['false_wall_rate']:.1%}" in result.stdout
    assert "Safety:" in result.stdout


def test_evaluate_writes_numbers_the_dutch_way_in_dutch() -> None:
    result = run("coach", "--evaluate", str(DEV_NL))
    assert result.exit_code == 0, result.stderr
    f1 = _expected_scores(DEV_NL)["nl"]["micro"]["f1"]
    assert f"{f1:.3f}".replace(".", ",") in result.stdout
    assert "Onterechte muren:" in result.stdout


def test_evaluate_skips_blank_lines_and_defaults_safety_to_none(tmp_path: Path) -> None:
    file = tmp_path / "small.jsonl"
    file.write_text(
        "\n" + jsonl({"text": BLAME_EN, "lang": "en", "labels": ["blame"]}) + "\n",
        encoding="utf-8",
    )
    result = run("coach", "--evaluate", str(file), "--json")
    assert result.exit_code == 0, result.stderr
    got = json.loads(result.stdout)
    assert list(got) == ["en"]
    assert got["en"]["messages"] == 1


# --- bad input -------------------------------------------------------------------------------


def _bad_inputs(tmp_path: Path) -> list[tuple[list[str], str]]:
    def file(name: str, *lines: object) -> str:
        path = tmp_path / name
        path.write_text(jsonl(*lines), encoding="utf-8")
        return str(path)

    good = {"text": "hoi", "lang": "nl", "labels": []}
    return [
        (["coach"], "Give a message to look at, or use --jsonl or --evaluate FILE."),
        (["coach", ""], "There is nothing to analyse: the message is empty."),
        (["coach", "  \n\t "], "There is nothing to analyse: the message is empty."),
        (
            ["coach", "x" * (MAX_CHARS + 1)],
            f"The message has {MAX_CHARS + 1} characters; the coach reads at most {MAX_CHARS}.",
        ),
        (
            ["coach", "hoi", "--text-lang", "fr"],
            "--text-lang: unknown language 'fr': use nl or en.",
        ),
        (["coach", "hoi", "--jsonl"], "Choose one: a message, --jsonl, or --evaluate FILE."),
        (
            ["coach", "--jsonl", "--evaluate", str(DEV_NL)],
            "Choose one: a message, --jsonl, or --evaluate FILE.",
        ),
        (["coach", "hoi", "--json"], "--json goes with --evaluate FILE."),
        (["coach", "--jsonl", "--json"], "--json goes with --evaluate FILE."),
        (
            ["coach", "--jsonl", "--text-lang", "nl"],
            "--text-lang goes with a message; in --jsonl and --evaluate each line has its own",
        ),
        (
            ["coach", "--evaluate", str(tmp_path / "missing.jsonl")],
            "missing.jsonl: this file does not exist.",
        ),
        (["coach", "--evaluate", str(tmp_path)], "this is a folder, not a file"),
        (
            ["coach", "--evaluate", file("empty.jsonl", "")],
            "empty.jsonl: there are no messages in this file.",
        ),
        (
            ["coach", "--evaluate", file("notjson.jsonl", good, "{oops")],
            "notjson.jsonl, line 2: the line is not valid JSON.",
        ),
        (
            ["coach", "--evaluate", file("array.jsonl", ["hoi"])],
            "array.jsonl, line 1: the line is not a JSON object with 'text', 'lang' and 'labels'.",
        ),
        (
            ["coach", "--evaluate", file("notext.jsonl", {"lang": "nl", "labels": []})],
            "notext.jsonl, line 1: 'text' is missing or is not a string.",
        ),
        (
            ["coach", "--evaluate", file("lang.jsonl", good, {**good, "lang": "de"})],
            "lang.jsonl, line 2: 'lang' must be nl or en.",
        ),
        (
            ["coach", "--evaluate", file("nolang.jsonl", {"text": "hoi", "labels": []})],
            "nolang.jsonl, line 1: 'lang' must be nl or en.",
        ),
        (
            ["coach", "--evaluate", file("label.jsonl", {**good, "labels": ["anger"]})],
            "label.jsonl, line 1: 'labels' must be a list of label ids: blame, generalization,",
        ),
        (
            ["coach", "--evaluate", file("labels.jsonl", {**good, "labels": "blame"})],
            "labels.jsonl, line 1: 'labels' must be a list of label ids",
        ),
        (
            ["coach", "--evaluate", file("safety.jsonl", {**good, "safety": "danger"})],
            "safety.jsonl, line 1: 'safety' must be one of none, harm_threat, self_harm.",
        ),
        (
            ["coach", "--evaluate", file("long.jsonl", {**good, "text": "x" * (MAX_CHARS + 1)})],
            f"long.jsonl, line 1: 'text' has {MAX_CHARS + 1} characters; at most {MAX_CHARS} can",
        ),
        # An unknown interface language is explained in the default language, Dutch.
        (["coach", "hoi", "--lang", "fr"], "Onbekende taal 'fr': kies nl of en."),
    ]


def test_every_bad_input_is_one_clear_message_and_exit_2(tmp_path: Path) -> None:
    for args, message in _bad_inputs(tmp_path):
        result = run(*args, "--lang", "en") if "--lang" not in args else run(*args)
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert message in flat(result.stderr), (args, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert result.stdout == "", (args, result.stdout)


def test_bad_input_is_explained_in_dutch_by_default() -> None:
    result = run("coach", " ")
    assert result.exit_code == 2
    assert "Er is niets om te bekijken: het bericht is leeg." in result.stderr


def test_an_unexpected_failure_is_exit_1_with_a_short_note(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(coach_module, "analyse", broken)
    result = run("coach", BLAME_NL, "--lang", "en")
    assert result.exit_code == 1
    assert "Run again with --debug" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_coach_is_listed_in_the_help() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "coach" in result.stdout
