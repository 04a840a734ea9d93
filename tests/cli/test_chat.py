"""``nabij chat analyse``: every layout, the JSON contract, partners, dates, the plot, safety first,
and every bad-input path (CONTRACTS §5).

The expected counts of the fixtures are the hand-read ones of ``tests/conversation``; the larger
chats are written here, with a canary word in every message so that the JSON can be searched
for any message text.
"""

import io
import json
import os
import random
import re
import stat
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from rich.console import Console
from typer.testing import CliRunner, Result

from nabij.cli import chat as chat_module
from nabij.cli.app import app
from nabij.cli.chat import Bars
from nabij.conversation.importers import read_chat
from nabij.conversation.messages import Message
from nabij.conversation.texts import chat_text
from nabij.model.ids import Lang
from nabij.model.texts import model_text
from tests.conversation.script import MARK, SANNE, Script, days, pursuit_day

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "conversation" / "fixtures"
SCHEMA = json.loads((ROOT / "docs" / "chat-analysis.schema.json").read_text("utf-8"))
SVG = "{http://www.w3.org/2000/svg}"
# In every message of the chats written here; it must never reach the JSON.
CANARY = "zilvervisje"
EVA = "Sanne van Dijk"  # the third sender of the transcript fixture
NO_TIMES = "This chat has no times, so reply times and pace are not read."


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, ["chat", "analyse", *args], input=stdin, env={"COLUMNS": "200"})


def flat(text: str) -> str:
    """Return ``text`` with its line wrapping (and a panel's side borders) undone."""
    return " ".join(text.replace("│", " ").split())


def loaded(result: Result) -> dict[str, Any]:
    assert result.exit_code == 0, result.stderr
    value: dict[str, Any] = json.loads(result.stdout)
    return value


def schema_errors(value: object) -> list[str]:
    validator = Draft202012Validator(SCHEMA, format_checker=FormatChecker())
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(value)
    ]


def android(lines: Iterable[tuple[datetime, str, str]]) -> str:
    """Return an Android export (Dutch phone: day first, 24 hours) of (time, sender, text)."""
    return "".join(f"{time:%d-%m-%Y %H:%M} - {sender}: {text}\n" for time, sender, text in lines)


def exported(messages: Iterable[Message]) -> str:
    """Return the messages of a ``Script`` as an Android export, the canary in every message."""
    return android((m.time, m.sender, f"{m.text} {CANARY}") for m in messages)


def model_name(lang: Lang, pattern: str) -> str:
    """Return a pattern's name as the report shows it."""
    return flat(model_text(lang, "pattern", pattern, "name"))


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the chats -------------------------------------------------------------------------------

WALLS = [
    "Jij luistert nooit naar me",
    "Het is altijd jouw schuld",
    "Laat maar, ik ben er klaar mee",
]
DOORS = ["Ik voel me alleen", "Dank je, fijn dat je het zegt", "Sorry, dat was niet eerlijk van me"]
NEUTRAL = ["Ok", "Ik ben thuis om zes uur"]


def dance_and_quarrels() -> Script:
    """Write a month of pursue–withdraw, then twelve quarrels of twelve turns each.

    The quarrels give each partner well over the model's 20 steps, with warm and sharp turns
    on both sides, so that the model is fitted and the phase plot has its lines.
    """
    script = days(Script(), 30, lambda s: pursuit_day(s, SANNE, MARK))
    pick = random.Random(6)
    script.wait(timedelta(days=2))
    for _ in range(12):
        script.wait(timedelta(hours=10))  # longer than the model's gap: a new conversation
        for turn in range(12):
            sender = (SANNE, MARK)[turn % 2]
            for _ in range(pick.randint(1, 2)):
                text = pick.choice(pick.choice([WALLS, DOORS, NEUTRAL]))
                script.say(sender, text, after=timedelta(minutes=pick.randint(1, 9)))
    return script


@pytest.fixture(scope="module")
def big_chat(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    return write(folder, "WhatsApp-chat met Mark.txt", exported(dance_and_quarrels().messages))


@pytest.fixture(scope="module")
def big_json(big_chat: Path) -> dict[str, Any]:
    return loaded(run(str(big_chat), "--json"))


@pytest.fixture(scope="module")
def big_report(big_chat: Path) -> str:
    result = run(str(big_chat), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    return result.stdout


# --- every layout ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Fixture:
    """A fixture export and what its import gives, read off the file by hand."""

    file: str
    layout: str
    dayfirst: bool | None
    messages: dict[str, int]
    media: dict[str, int]
    skipped: list[tuple[int, str]]
    period: tuple[str, str] | None  # None: a chat without times has no days
    partners: tuple[str, ...] = ()  # --partners, for a chat with more than two senders

    @property
    def args(self) -> list[str]:
        return [
            str(FIXTURES / self.file),
            *(["--partners", *self.partners] if self.partners else []),
        ]


NONE = {SANNE: 0, MARK: 0}
LAYOUTS = [
    Fixture(
        "android_nl.txt",
        "whatsapp-android",
        True,
        {SANNE: 5, MARK: 6},
        {SANNE: 1, MARK: 1},
        [
            (1, "system"),
            (2, "system"),
            (7, "deleted"),
            (16, "deleted"),
            (17, "system"),
            (18, "system"),
            (19, "system"),
            (21, "empty"),
        ],
        ("2024-01-03", "2024-01-13"),
    ),
    Fixture(
        "android_en.txt",
        "whatsapp-android",
        False,
        {SANNE: 4, MARK: 4},
        {SANNE: 1, MARK: 1},
        [
            (1, "system"),
            (2, "system"),
            (3, "system"),
            (4, "system"),
            (9, "deleted"),
            (13, "deleted"),
            (17, "system"),
        ],
        ("2024-01-05", "2024-01-13"),
    ),
    Fixture(
        "android_dots_ampm.txt",
        "whatsapp-android",
        True,
        {SANNE: 3, MARK: 2},
        NONE,
        [],
        ("2024-01-05", "2024-01-13"),
    ),
    Fixture(
        "android_iso.txt",
        "whatsapp-android",
        False,
        {SANNE: 2, MARK: 1},
        NONE,
        [],
        ("2024-01-05", "2024-01-20"),
    ),
    Fixture(
        "ios_nl.txt",
        "whatsapp-ios",
        True,
        {SANNE: 7, MARK: 7},
        {SANNE: 4, MARK: 4},
        [(1, "system"), (12, "deleted"), (13, "deleted"), (18, "system")],
        ("2024-01-03", "2024-01-21"),
    ),
    Fixture(
        "ios_en.txt",
        "whatsapp-ios",
        False,
        {SANNE: 6, MARK: 7},
        {SANNE: 3, MARK: 5},
        [(1, "system"), (12, "deleted"), (13, "deleted"), (18, "system"), (19, "system")],
        ("2024-01-05", "2024-01-14"),
    ),
    Fixture(
        "ios_slashes_24h.txt",
        "whatsapp-ios",
        True,
        {SANNE: 1, MARK: 1},
        NONE,
        [],
        ("2024-01-13", "2024-01-13"),
    ),
    Fixture(
        "transcript_nl.txt",
        "transcript",
        None,
        {SANNE: 2, MARK: 2, EVA: 1},
        {SANNE: 1, MARK: 0, EVA: 0},
        [(5, "deleted")],
        None,
        partners=(MARK, SANNE),
    ),
]
IDS = [fixture.file for fixture in LAYOUTS]


@pytest.mark.parametrize("fixture", LAYOUTS, ids=IDS)
def test_the_report_of_each_layout_names_the_partners_and_counts_every_message(
    fixture: Fixture,
) -> None:
    result = run(*fixture.args, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    shown = flat(result.stdout)
    if fixture.period is None:
        assert f"· {SANNE} and {MARK}" not in shown
        assert "2000" not in shown
        assert NO_TIMES in shown
    else:
        first, last = fixture.period
        assert f"{first} to {last} · {SANNE} and {MARK}" in shown
        assert NO_TIMES not in shown
    skipped = len(fixture.skipped)
    assert (
        f"{sum(fixture.messages.values())} messages, {sum(fixture.media.values())} of them with "
        f"a photo, video or other file. {skipped} {'line was' if skipped == 1 else 'lines were'} "
        "skipped"
    ) in shown
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("fixture", LAYOUTS, ids=IDS)
def test_the_json_of_each_layout_keeps_to_the_schema_with_exact_counts(fixture: Fixture) -> None:
    value = loaded(run(*fixture.args, "--json"))
    assert schema_errors(value) == []
    assert value["format"] == "nabij.chat-analysis/1"
    assert value["layout"] == fixture.layout
    assert value["dayfirst"] is fixture.dayfirst
    assert value["partners"] == [SANNE, MARK]
    assert value["messages"] == fixture.messages
    assert value["media"] == fixture.media
    assert value["skipped"] == [{"line": line, "reason": why} for line, why in fixture.skipped]
    if fixture.period is None:
        assert value["period"] is None
        assert value["times_reason"] == "no_times"
    else:
        assert value["period"] == {"from": fixture.period[0], "to": fixture.period[1]}
        assert value["times_reason"] is None
    for partner in (SANNE, MARK):
        assert value["totals"][partner]["messages"] == fixture.messages[partner]
    assert value["examples_included"] is False


@pytest.mark.parametrize("name", ["android_nl.txt", "ios_en.txt", "transcript_nl.txt"])
def test_no_message_text_of_a_fixture_reaches_the_json(name: str) -> None:
    args = [str(FIXTURES / name), "--json", "--partners", SANNE, MARK]
    plain = run(*args).stdout
    texts = [m.text for m in read_chat(FIXTURES / name).messages if len(m.text) > 3]
    assert texts
    for text in texts:
        for line in text.splitlines():
            assert len(line) <= 3 or json.dumps(line)[1:-1] not in plain


def test_the_json_never_holds_message_text_while_the_report_shows_its_evidence(
    big_json: dict[str, Any], big_report: str
) -> None:
    assert schema_errors(big_json) == []
    dance = big_json["dance"]["pursue_withdraw"]
    # The dance is visible and has evidence, so there were messages the JSON could have quoted.
    assert dance["visible"] is True
    assert dance["evidence"]
    assert all("examples" not in item for item in dance["evidence"])
    assert big_json["examples_included"] is False
    assert CANARY not in json.dumps(big_json)
    # The text report is for the uploader on their own terminal: it quotes the evidence.
    assert CANARY in big_report
    assert "What this rests on (for you only" in big_report


def test_a_chat_with_enough_quarrels_gets_a_fitted_model_in_the_json(
    big_json: dict[str, Any],
) -> None:
    model = big_json["model"]
    for role, sender in (("w", SANNE), ("h", MARK)):
        partner = model["partners"][role]
        assert partner["sender"] == sender
        assert partner["reason"] is None
        assert partner["steps"] >= model["settings"]["min_steps"]
        assert set(partner["parameters"]) == {
            "intercept",
            "inertia",
            "influence_positive",
            "influence_negative",
        }
    assert model["influenced_steady_states"]
    written = [m.sender for m in dance_and_quarrels().messages]
    assert big_json["messages"] == {SANNE: written.count(SANNE), MARK: written.count(MARK)}


def test_a_small_negative_estimate_is_never_shown_as_minus_zero(
    big_json: dict[str, Any], big_report: str
) -> None:
    values = [
        estimate["value"]
        for role in ("w", "h")
        for estimate in big_json["model"]["partners"][role]["parameters"].values()
    ]
    assert any(-0.05 < value < 0 for value in values)  # the case is there to be shown
    assert re.findall(r"(?<![\d.,])-0[.,]0(?!\d)", big_report) == []


# --- partners --------------------------------------------------------------------------------


def test_me_chooses_partner_w() -> None:
    value = loaded(run(str(FIXTURES / "android_nl.txt"), "--json", "--me", MARK))
    assert value["partners"] == [MARK, SANNE]
    assert value["model"]["partners"]["w"]["sender"] == MARK
    shown = flat(run(str(FIXTURES / "android_nl.txt"), "--me", MARK, "--lang", "en").stdout)
    assert f"{MARK} and {SANNE}" in shown


@pytest.mark.parametrize("as_json", [False, True])
def test_more_than_two_senders_off_a_terminal_is_exit_2_listing_the_senders(
    as_json: bool,
) -> None:
    result = run(
        str(FIXTURES / "transcript_nl.txt"), "--lang", "en", *(["--json"] if as_json else [])
    )
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    assert result.stderr.strip() == (
        f"3 people write in this chat: '{SANNE}', '{MARK}', '{EVA}'. "
        "Name the two of you with --partners A B."
    )


def test_partners_choose_two_of_three_senders_in_the_order_they_write() -> None:
    value = loaded(run(str(FIXTURES / "transcript_nl.txt"), "--json", "--partners", EVA, MARK))
    assert value["partners"] == [MARK, EVA]
    assert value["messages"] == {SANNE: 2, MARK: 2, EVA: 1}
    assert set(value["measures"]) == {MARK, EVA}


def test_on_a_terminal_the_command_asks_which_two_are_the_couple(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(chat_module, "interactive", lambda: True)
    result = run(str(FIXTURES / "transcript_nl.txt"), "--json", "--lang", "en", stdin="3\n1\n")
    assert "Which two are you?" in result.stderr
    assert loaded(result)["partners"] == [SANNE, EVA]


def test_input_ending_at_the_question_is_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chat_module, "interactive", lambda: True)
    result = run(str(FIXTURES / "transcript_nl.txt"), "--lang", "en", stdin="")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--me", "Eva"], f"'Eva' does not write in this chat. Those who do: '{SANNE}', '{MARK}'."),
        (
            ["--partners", SANNE, "Eva"],
            f"'Eva' does not write in this chat. Those who do: '{SANNE}', '{MARK}'.",
        ),
        (
            ["--partners", SANNE, SANNE],
            "--partners names the same person twice; name two different people.",
        ),
    ],
)
def test_partners_that_do_not_fit_the_chat_are_exit_2_in_one_sentence(
    args: list[str], message: str
) -> None:
    result = run(str(FIXTURES / "android_nl.txt"), *args, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.strip() == message


def test_a_chat_of_one_sender_is_exit_2(tmp_path: Path) -> None:
    one = write(tmp_path, "alleen.txt", android([(datetime(2024, 1, 5, 21, 5), SANNE, "Hoi")]))
    result = run(str(one), "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Only one person (or no one) writes in this chat; nabij needs the messages of two people."
    )


# --- dates -----------------------------------------------------------------------------------


def ambiguous(tmp_path: Path) -> Path:
    """Return an export whose dates read as well day first as month first."""
    return write(
        tmp_path,
        "chat.txt",
        android(
            [
                (datetime(2024, 4, 3, 20, 0), SANNE, f"Hoi {CANARY}"),
                (datetime(2024, 4, 3, 20, 5), MARK, f"Hoi {CANARY}"),
                (datetime(2024, 6, 5, 9, 0), SANNE, f"Goedemorgen {CANARY}"),
            ]
        ),
    )


def test_dayfirst_and_monthfirst_read_an_ambiguous_file_two_ways(tmp_path: Path) -> None:
    path = str(ambiguous(tmp_path))
    inferred = loaded(run(path, "--json"))
    day = loaded(run(path, "--json", "--dayfirst"))
    month = loaded(run(path, "--json", "--monthfirst"))
    # Nothing in the file decides, so a Dutch phone's order is taken: day first.
    assert inferred == day
    assert (day["dayfirst"], day["period"]) == (True, {"from": "2024-04-03", "to": "2024-06-05"})
    assert (month["dayfirst"], month["period"]) == (
        False,
        {"from": "2024-03-04", "to": "2024-05-06"},
    )
    assert set(day["measures"][SANNE]) != set(month["measures"][SANNE])


def test_monthfirst_overrides_what_the_file_shows(tmp_path: Path) -> None:
    # 13-01 can only be day first; told otherwise, those dates are impossible and skipped.
    path = write(
        tmp_path,
        "chat.txt",
        android(
            [
                (datetime(2024, 1, 5, 20, 0), SANNE, "Hoi"),
                (datetime(2024, 1, 5, 20, 5), MARK, "Hoi"),
                (datetime(2024, 1, 6, 9, 0), SANNE, "Hoi"),
                (datetime(2024, 1, 13, 9, 0), MARK, "Hoi"),
            ]
        ),
    )
    assert loaded(run(str(path), "--json"))["skipped"] == []
    value = loaded(run(str(path), "--json", "--monthfirst"))
    assert value["skipped"] == [{"line": 4, "reason": "bad_date"}]
    assert value["period"] == {"from": "2024-05-01", "to": "2024-06-01"}


def test_dayfirst_and_monthfirst_together_are_exit_2(tmp_path: Path) -> None:
    result = run(str(ambiguous(tmp_path)), "--dayfirst", "--monthfirst", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.strip() == "Choose --dayfirst or --monthfirst, not both."


# --- the plot --------------------------------------------------------------------------------


def parsed_svg(path: Path) -> ElementTree.Element:
    root = ElementTree.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    assert not list(root.iter(f"{SVG}script"))
    return root


def test_plot_writes_a_private_well_formed_svg_with_the_model(
    big_chat: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dans.svg"
    result = run(str(big_chat), "--plot", str(out), "--json", "--lang", "en")
    value = loaded(result)  # the JSON on stdout stays pure JSON
    assert value["model"]["influenced_steady_states"]
    assert f"The chart is in {out}." in flat(result.stderr)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    root = parsed_svg(out)
    assert root.findtext(f"{SVG}title") == "How your quarrels unfold"
    texts = " ".join(root.itertext())
    # Both null clines and a stable resting point are drawn, each named in the legend.
    for legend in (f"here {SANNE}'s tone stays", f"here {MARK}'s tone stays", "point, stable"):
        assert legend in texts
    assert f"{SANNE}'s tone" in texts
    assert CANARY not in out.read_text("utf-8")


def test_plot_of_a_chat_without_a_model_and_with_odd_names_is_well_formed(tmp_path: Path) -> None:
    odd = "Sanne & co <3"
    chat = write(
        tmp_path,
        "chat.txt",
        android(
            [
                (datetime(2024, 1, 5, 21, 5), odd, "Jij luistert nooit"),
                (datetime(2024, 1, 5, 21, 6), MARK, "Sorry"),
            ]
        ),
    )
    out = tmp_path / "plot.svg"
    result = run(str(chat), "--plot", str(out), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    texts = " ".join(parsed_svg(out).itertext())
    assert f"{odd}'s tone" in texts
    assert "stays the same" not in texts  # no model, so no null clines


def test_plot_into_a_folder_is_exit_2_before_anything_is_read(tmp_path: Path) -> None:
    result = run(str(FIXTURES / "android_nl.txt"), "--plot", str(tmp_path), "--lang", "en")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == f"{tmp_path}: this is a folder, not a file."


def test_plot_into_a_missing_folder_is_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "nergens" / "plot.svg"
    result = run(str(FIXTURES / "android_nl.txt"), "--plot", str(out), "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{out}: the folder for this file does not exist."
    assert not out.parent.exists()


# --- zip -------------------------------------------------------------------------------------


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_an_iphone_export_zip_with_chat_txt_reads_like_the_text_file(tmp_path: Path) -> None:
    text = (FIXTURES / "ios_nl.txt").read_bytes()
    path = tmp_path / "WhatsApp Chat - Mark.zip"
    path.write_bytes(zipped({"_chat.txt": text, "00000007-FOTO-2024-01-03-20-33-17.jpg": b"\xff"}))
    from_zip = loaded(run(str(path), "--json"))
    assert from_zip == loaded(run(str(FIXTURES / "ios_nl.txt"), "--json"))
    assert (from_zip["layout"], from_zip["messages"]) == ("whatsapp-ios", {SANNE: 7, MARK: 7})
    report = run(str(path), "--lang", "en")
    assert report.exit_code == 0, report.stderr
    assert "14 messages, 8 of them with a photo" in flat(report.stdout)


# --- bad input -------------------------------------------------------------------------------


def bad_files(folder: Path) -> list[tuple[Path, str]]:
    """Return files that are no chat, with the sentence (after the path) each must give."""
    diary = write(
        folder,
        "dagboek.txt",
        f"\n\nLief dagboek, {CANARY}.\nVandaag: regen. Morgen: zon.\nDat was het, zei Mark.\n",
    )
    damaged = write(
        folder,
        "kapot.txt",
        f"05-01-2024 21:05 - Sanne: Hoi {CANARY}\n"
        f"31-02-2024 21:06 - Mark: Hoi {CANARY}\n"
        f"32-01-2024 21:07 - Mark: Hoi {CANARY}\n",
    )
    noise = folder / "ruis.txt"
    noise.write_bytes(random.Random(6).randbytes(4000))
    empty = write(folder, "leeg.txt", "")
    no_chat_zip = folder / "export.zip"
    no_chat_zip.write_bytes(zipped({"foto.jpg": b"\xff\xd8", "notes.md": CANARY.encode()}))
    not_a_zip = folder / "stuk.zip"
    not_a_zip.write_bytes(zipped({"_chat.txt": b"x" * 1000})[:40])
    cannot = " cannot be read as a chat: "
    no_line = "no line looks like a WhatsApp export or like a transcript of 'Name: text'"
    return [
        (folder / "bestaat-niet.txt", ": this file does not exist."),
        (folder, ": this is a folder, not a file."),
        (noise, f"{cannot}{no_line} (line 1)"),
        (empty, f"{cannot}the file is empty"),
        (diary, f"{cannot}{no_line} (line 3)"),
        (damaged, f"{cannot}it holds more damaged lines than messages (line 2)"),
        (no_chat_zip, f"{cannot}the zip file is damaged or holds no chat"),
        (not_a_zip, f"{cannot}the zip file is damaged or holds no chat"),
    ]


BAD = ["missing", "folder", "random bytes", "empty", "no chat", "damaged", "zip", "broken zip"]


@pytest.mark.parametrize("which", range(len(BAD)), ids=BAD)
@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_a_file_that_is_no_chat_is_exit_2_with_one_sentence_and_none_of_its_text(
    tmp_path: Path, which: int, as_json: bool
) -> None:
    path, sentence = bad_files(tmp_path)[which]
    result = run(str(path), "--lang", "en", *(["--json"] if as_json else []))
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    assert result.stderr == f"{path}{sentence}\n"
    assert CANARY not in result.stderr


def test_the_installed_command_refuses_random_bytes_without_a_traceback(tmp_path: Path) -> None:
    noise = tmp_path / "ruis.txt"
    noise.write_bytes(random.Random(6).randbytes(4000))
    done = subprocess.run(
        [sys.executable, "-m", "nabij", "chat", "analyse", str(noise), "--lang", "en"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"{noise} cannot be read as a chat: ")
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


# --- safety first ----------------------------------------------------------------------------

HARM = "ik sla je op je bek"
SELF_HARM = "I want to kill myself"
CONTROL = "Geef me je wachtwoord"


@pytest.mark.parametrize(
    ("texts", "reasons", "numbers"),
    [
        ([HARM], [{"reason": "harm_threat", "count": 1}], ["112", "0800-2000"]),
        ([SELF_HARM], [{"reason": "self_harm", "count": 1}], ["113", "0800-0113"]),
        ([CONTROL, f"{CONTROL} nu"], [{"reason": "control", "count": 2}], ["0800-2000"]),
    ],
    ids=["harm", "self-harm", "control"],
)
def test_a_chat_with_a_safety_concern_opens_with_the_notice_and_crisis_lines(
    tmp_path: Path, texts: list[str], reasons: list[dict[str, Any]], numbers: list[str]
) -> None:
    start = datetime(2024, 1, 5, 21, 5)
    lines = [(start, SANNE, f"Hoi {CANARY}"), (start + timedelta(minutes=1), MARK, "Hoi")]
    lines += [
        (start + timedelta(minutes=2 + k), SANNE, f"{text} {CANARY}")
        for k, text in enumerate(texts)
    ]
    lines.append((start + timedelta(minutes=9), MARK, "Waarom?"))
    path = write(tmp_path, "chat.txt", android(lines))

    value = loaded(run(str(path), "--json"))
    assert list(value)[:2] == ["format", "safety"]
    assert value["safety"] == {"status": "concern", "reasons": reasons}
    assert schema_errors(value) == []
    assert CANARY not in json.dumps(value)

    result = run(str(path), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    shown = flat(result.stdout)
    notice = shown.index("First: safety")
    assert shown.index("For you only.") > notice
    trend = shown.index("Doors and walls, week by week")
    model = shown.index("How your quarrels unfold")
    for number in numbers:
        assert notice < shown.index(f" {number} ") < trend < model
    note = "A model of how a quarrel unfolds assumes two people who both feel safe"
    assert notice < shown.index(note) < trend
    assert shown.index(note, model) > model  # and again where the model's reading starts


def test_a_calm_chat_has_no_safety_notice() -> None:
    value = loaded(run(str(FIXTURES / "ios_nl.txt"), "--json"))
    assert value["safety"] == {"status": "none", "reasons": []}
    shown = flat(run(str(FIXTURES / "ios_nl.txt"), "--lang", "en").stdout)
    assert "First: safety" not in shown
    assert "0800-2000" not in shown


# --- language --------------------------------------------------------------------------------


def test_the_report_is_dutch_by_default_and_english_with_lang_en() -> None:
    path = str(FIXTURES / "android_nl.txt")
    dutch = flat(run(path).stdout)
    english = flat(run(path, "--lang", "en").stdout)
    for keys in (("report", "title"), ("trend", "title"), ("dance", "title"), ("model", "title")):
        assert flat(chat_text(Lang.NL, *keys)) in dutch
        assert flat(chat_text(Lang.EN, *keys)) in english
        assert flat(chat_text(Lang.EN, *keys)) not in dutch
    assert "nabij — what your chat shows" in english
    # The JSON holds ids, not words: it is the same in every language.
    assert run(path, "--json", "--lang", "en").stdout == run(path, "--json").stdout


def test_an_unknown_language_is_exit_2() -> None:
    result = run(str(FIXTURES / "android_nl.txt"), "--lang", "fr")
    assert result.exit_code == 2
    assert "fr" in result.stderr


# --- a transcript: no times, so nothing read from them --------------------------------------


def transcript(rounds: int) -> str:
    """Return a transcript in which both write a lot: on made-up minutes, dense and fast."""
    turns = [f"{SANNE}: Hoi schat\n{SANNE}: Wat doe je?\n{MARK}: Aan je denken\n{MARK}: En jij?\n"]
    return "".join(turns * rounds)


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("en", NO_TIMES),
        ("nl", "Deze chat heeft geen tijden, dus antwoordtijden en tempo worden niet gelezen."),
    ],
)
def test_a_busy_transcript_says_it_has_no_times_and_shows_no_pace(
    tmp_path: Path, lang: str, note: str
) -> None:
    path = write(tmp_path, "gesprek.txt", transcript(30))
    result = run(str(path), "--lang", lang)
    assert result.exit_code == 0, result.stderr
    shown = flat(result.stdout)
    assert note in shown
    over = model_name(Lang(lang), "over_connection")
    assert f"{over}: " not in shown  # not visible: its pace cannot be read
    assert flat(chat_text(Lang(lang), "dance", "not_read").format(patterns="")) in shown
    assert flat(chat_text(Lang(lang), "trend", "whole_chat")) in shown
    # No made-up date, week, reply time or unanswered bid is shown.
    assert "2000" not in shown
    assert "1999" not in shown
    for key in ("unanswered", "replies"):
        opening = chat_text(Lang(lang), "sequences", key).split("{")[0].strip()
        assert flat(opening) not in shown
    value = loaded(run(str(path), "--json"))
    assert value["dance"]["over_connection"]["visible"] is False
    assert value["totals"][SANNE]["reply_minutes"] is None
    assert schema_errors(value) == []


def test_a_chat_of_one_week_says_so_in_the_singular(tmp_path: Path) -> None:
    start = datetime(2024, 1, 8, 9, 0)
    lines = [(start, SANNE, "Ik voel me alleen"), (start + timedelta(hours=1), MARK, "Sorry")]
    path = write(tmp_path, "chat.txt", android(lines))
    english = flat(run(str(path), "--lang", "en").stdout)
    assert "The only week with messages." in english
    assert "1 weeks" not in english
    dutch = flat(run(str(path)).stdout)
    assert "De enige week met berichten." in dutch
    assert "1 weken" not in dutch


def test_a_partner_without_replies_is_named_without_after_no_replies(tmp_path: Path) -> None:
    # Mark answers within minutes; Sanne answers only after days, which is no reply.
    start = datetime(2024, 1, 8, 9, 0)
    lines = [
        (start, SANNE, "Hoi"),
        (start + timedelta(minutes=5), MARK, "Hoi!"),
        (start + timedelta(days=3), SANNE, "Sorry, druk"),
        (start + timedelta(days=3, minutes=11), MARK, "Geeft niet"),
    ]
    path = write(tmp_path, "chat.txt", android(lines))
    english = flat(run(str(path), "--lang", "en").stdout)
    assert "after no replies" not in english
    assert f"{SANNE}: no replies; {MARK}: 8 min" in english
    dutch = flat(run(str(path)).stdout)
    assert "na geen antwoorden" not in dutch
    assert f"{SANNE}: geen antwoorden; {MARK}: 8 min" in dutch


def test_one_skipped_line_and_one_long_message_are_counted_in_the_singular(
    tmp_path: Path,
) -> None:
    start = datetime(2024, 1, 8, 9, 0)
    lines = [
        (start, SANNE, "x" * 6000),
        (start + timedelta(minutes=3), MARK, "Dit bericht is verwijderd"),
    ]
    lines.append((start + timedelta(minutes=4), MARK, "Hoi"))
    path = write(tmp_path, "chat.txt", android(lines))
    english = flat(run(str(path), "--lang", "en").stdout)
    assert "1 line was skipped" in english
    assert "1 very long message was read only for its first" in english
    dutch = flat(run(str(path)).stdout)
    assert "1 regel is overgeslagen" in dutch
    assert "1 heel lang bericht is alleen" in dutch


# --- progress --------------------------------------------------------------------------------


def test_progress_bars_are_drawn_on_a_terminal_only() -> None:
    terminal = Console(file=io.StringIO(), force_terminal=True)
    with Bars(terminal).task("Reading") as progress:
        assert progress is not None
        progress(50, 100)
        progress(100, 100)
    with Bars(Console(file=io.StringIO(), force_terminal=False)).task("Reading") as progress:
        assert progress is None
