"""The command line: its commands in nl and en, private files, and every bad-input path."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from nabij.cli import app as app_module
from nabij.cli.app import app
from nabij.instruments.record import parse_record
from tests.personas import NO_CONCERN, days, intake

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=stdin, env={"COLUMNS": "200"})


def write(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def intake_file(tmp_path: Path, **overrides: Any) -> Path:
    return write(tmp_path / "intake-answers.json", intake(**overrides))


def checkin_answers(tmp_path: Path, **overrides: Any) -> Path:
    answer = days(count=1)[0]
    del answer["date"]
    answer.update(overrides)
    return write(tmp_path / "checkin-answers.json", answer)


def made_record(tmp_path: Path, partner: str = "a") -> Path:
    record = tmp_path / f"{partner}.json"
    result = run(
        "intake", str(record), "--partner", partner, "--answers", str(intake_file(tmp_path))
    )
    assert result.exit_code == 0, result.stderr
    return record


# --- intake ----------------------------------------------------------------------------------


def test_intake_from_an_answers_file_writes_a_private_record(tmp_path: Path) -> None:
    record = made_record(tmp_path)
    assert stat.S_IMODE(record.stat().st_mode) == 0o600
    loaded = parse_record(record.read_text("utf-8"))
    assert [p.id.value for p in loaded.partners] == ["a"]


def test_every_write_warns_that_others_on_this_account_can_read_the_file(tmp_path: Path) -> None:
    result = run(
        "intake",
        str(tmp_path / "r.json"),
        "--partner",
        "a",
        "--answers",
        str(intake_file(tmp_path)),
        "--lang",
        "en",
    )
    assert "readable by anyone who uses this computer account" in result.stderr


INTAKE_LINES = [
    "1,5",  # crisis: infidelity, loss
    "2026-06-01",
    "7",
    "8",
    "5",
    "6",  # reactions
    *["4"] * 14,  # attachment items
    "6",
    "7",
    "3",  # distrust, fear for the future, fear when apart
    "n",  # old pain
    *["n"] * 5,  # safety screen
]


@pytest.mark.parametrize(("lang", "yes_no"), [("nl", ("j", "nee")), ("en", ("yes", "no"))])
def test_intake_asks_every_question_in_either_language(
    tmp_path: Path, lang: str, yes_no: tuple[str, str]
) -> None:
    lines = [yes_no[1] if line == "n" else line for line in INTAKE_LINES]
    record = tmp_path / "r.json"
    result = run(
        "intake", str(record), "--partner", "b", "--lang", lang, stdin="\n".join(lines) + "\n"
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    taken = parse_record(record.read_text("utf-8")).partners[0].intake
    assert [c.value for c in taken.crisis] == ["infidelity", "loss"]
    assert (taken.attachment.anxiety, taken.attachment.avoidance) == (4.0, 4.0)
    assert (taken.distrust, taken.fear_for_future, taken.fear_when_apart) == (6, 7, 3)


def test_intake_asks_again_after_an_answer_it_cannot_use(tmp_path: Path) -> None:
    lines = ["9", "1", "not a date", *INTAKE_LINES[1:]]
    result = run(
        "intake",
        str(tmp_path / "r.json"),
        "--partner",
        "a",
        "--lang",
        "en",
        stdin="\n".join(lines) + "\n",
    )
    assert result.exit_code == 0, result.stdout
    assert "Please choose one or more numbers from the list" in result.stdout
    assert "Please give a date that has passed" in result.stdout


def test_end_of_input_at_a_question_is_exit_2_and_saves_nothing(tmp_path: Path) -> None:
    record = tmp_path / "r.json"
    result = run(
        "intake", str(record), "--partner", "a", "--lang", "en", stdin="1\n2026-06-01\n7\n"
    )
    assert result.exit_code == 2
    assert "nothing was saved" in result.stderr
    assert not record.exists()


def test_a_positive_safety_screen_shows_the_crisis_lines_at_once(tmp_path: Path) -> None:
    answers = intake_file(tmp_path, safety_screen={**NO_CONCERN, "self_harm_thoughts": True})
    result = run(
        "intake",
        str(tmp_path / "r.json"),
        "--partner",
        "a",
        "--answers",
        str(answers),
        "--lang",
        "en",
    )
    assert result.exit_code == 0
    assert "113" in result.stdout
    assert "0800-0113" in result.stdout


def test_the_safety_questions_can_be_answered_again_on_their_own(tmp_path: Path) -> None:
    record = made_record(tmp_path)
    assert (
        run(
            "checkin",
            str(record),
            "--partner",
            "a",
            "--date",
            "2026-09-01",
            "--answers",
            str(checkin_answers(tmp_path)),
        ).exit_code
        == 0
    )
    result = run(
        "intake",
        str(record),
        "--partner",
        "a",
        "--safety-only",
        "--lang",
        "en",
        stdin="n\nn\ny\nn\nn\n",
    )
    assert result.exit_code == 0, result.stdout
    partner = parse_record(record.read_text("utf-8")).partners[0]
    assert partner.intake.safety_screen.afraid_of_partner
    assert len(partner.checkins) == 1
    assert "0800-2000" in result.stdout


def test_the_safety_questions_alone_need_an_intake_first(tmp_path: Path) -> None:
    result = run(
        "intake", str(tmp_path / "none.json"), "--partner", "a", "--safety-only", "--lang", "en"
    )
    assert result.exit_code == 2
    assert "answer the whole intake first" in result.stderr


# --- check-in --------------------------------------------------------------------------------


def test_a_checkin_from_answers_is_added_to_the_record(tmp_path: Path) -> None:
    record = made_record(tmp_path)
    result = run(
        "checkin",
        str(record),
        "--partner",
        "a",
        "--date",
        "2026-09-01",
        "--answers",
        str(checkin_answers(tmp_path)),
    )
    assert result.exit_code == 0, result.stderr
    checkins = parse_record(record.read_text("utf-8")).partners[0].checkins
    assert [c.date.isoformat() for c in checkins] == ["2026-09-01"]
    assert stat.S_IMODE(record.stat().st_mode) == 0o600


CHECKIN_LINES = [
    "6",
    "7",
    "5",
    "6",
    "4",
    "1",
    "y",
    "n",
    "y",
    "y",
    "n",
    "2",
    "samen ontbijten, wandeling",
    "Een goede dag.",
]


def test_a_checkin_asks_its_questions(tmp_path: Path) -> None:
    record = made_record(tmp_path)
    result = run(
        "checkin",
        str(record),
        "--partner",
        "a",
        "--date",
        "2026-09-02",
        "--lang",
        "en",
        stdin="\n".join(CHECKIN_LINES) + "\n",
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    checkin = parse_record(record.read_text("utf-8")).partners[0].checkins[0]
    assert (
        checkin.closeness,
        checkin.safety,
        checkin.stress,
        checkin.teamwork,
        checkin.own_space,
    ) == (6, 7, 5, 6, 4)
    assert checkin.wants.value == "closer"
    assert (checkin.reached_out, checkin.pulled_back, checkin.conflict) == (True, False, True)
    assert checkin.conflict_topic is not None
    assert checkin.conflict_topic.value == "household"
    assert checkin.rituals == ("samen ontbijten", "wandeling")
    assert checkin.note == "Een goede dag."


def test_a_second_checkin_on_one_day_needs_replace(tmp_path: Path) -> None:
    record = made_record(tmp_path)
    args = ["checkin", str(record), "--partner", "a", "--date", "2026-09-01", "--lang", "en"]
    assert run(*args, "--answers", str(checkin_answers(tmp_path, stress=2))).exit_code == 0
    again = run(*args, "--answers", str(checkin_answers(tmp_path, stress=9)))
    assert again.exit_code == 2
    assert "already a check-in for 2026-09-01" in again.stderr
    assert (
        run(*args, "--replace", "--answers", str(checkin_answers(tmp_path, stress=9))).exit_code
        == 0
    )
    checkins = parse_record(record.read_text("utf-8")).partners[0].checkins
    assert [c.stress for c in checkins] == [9]


def test_an_existing_checkin_is_refused_before_any_question_is_asked(tmp_path: Path) -> None:
    record = made_record(tmp_path)
    args = ["checkin", str(record), "--partner", "a", "--date", "2026-09-01", "--lang", "en"]
    assert run(*args, "--answers", str(checkin_answers(tmp_path))).exit_code == 0
    result = run(*args, stdin="\n".join(CHECKIN_LINES) + "\n")
    assert result.exit_code == 2
    assert "How close" not in result.stdout


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2999-01-01", "has not come yet"),
        ("yesterday", "is not a date"),
        ("2026-13-01", "is not a date"),
    ],
)
def test_a_checkin_date_must_be_a_real_past_day(tmp_path: Path, date: str, message: str) -> None:
    record = made_record(tmp_path)
    result = run(
        "checkin",
        str(record),
        "--partner",
        "a",
        "--date",
        date,
        "--lang",
        "en",
        "--answers",
        str(checkin_answers(tmp_path)),
    )
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_checkin_needs_the_intake_first(tmp_path: Path) -> None:
    result = run(
        "checkin",
        str(tmp_path / "new.json"),
        "--partner",
        "a",
        "--lang",
        "en",
        "--answers",
        str(checkin_answers(tmp_path)),
    )
    assert result.exit_code == 2
    assert "run 'nabij intake' first" in result.stderr


def test_a_file_of_the_other_partner_is_not_written_over(tmp_path: Path) -> None:
    record = made_record(tmp_path, "b")
    before = record.read_text("utf-8")
    result = run(
        "checkin",
        str(record),
        "--partner",
        "a",
        "--lang",
        "en",
        "--answers",
        str(checkin_answers(tmp_path)),
    )
    assert result.exit_code == 2
    assert "holds partner b" in result.stderr
    assert record.read_text("utf-8") == before


def test_a_wrong_answer_in_the_answers_file_names_the_field_and_file(tmp_path: Path) -> None:
    record = made_record(tmp_path)
    answers = checkin_answers(tmp_path, stress=12)
    result = run(
        "checkin",
        str(record),
        "--partner",
        "a",
        "--date",
        "2026-09-01",
        "--lang",
        "en",
        "--answers",
        str(answers),
    )
    assert result.exit_code == 2
    assert f"{answers}: $.stress: the value must be between 0 and 10" in result.stderr


# --- assess and model ------------------------------------------------------------------------


def test_assess_prints_a_report_in_dutch_by_default() -> None:
    result = run("assess", str(EXAMPLES / "pursue_withdraw.json"))
    assert result.exit_code == 0, result.stderr
    assert "Je volgende stap" in result.stdout
    assert "zichtbaar (zekerheid" in result.stdout


def test_assess_prints_a_report_in_english() -> None:
    result = run("assess", str(EXAMPLES / "pursue_withdraw.json"), "--lang", "en")
    assert result.exit_code == 0
    assert "Your next step" in result.stdout
    assert "visible (confidence" in result.stdout


def test_assess_json_is_the_contract_format() -> None:
    result = run("assess", str(EXAMPLES / "pursue_withdraw.json"), "--json")
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert out["format"] == "nabij.assessment/1"
    assert len(out["patterns"]) == 4


def test_assess_merges_one_file_per_partner(tmp_path: Path) -> None:
    couple = json.loads((EXAMPLES / "pursue_withdraw.json").read_text("utf-8"))
    a = write(tmp_path / "a.json", {**couple, "partners": [couple["partners"][0]]})
    b = write(tmp_path / "b.json", {**couple, "partners": [couple["partners"][1]]})
    split = run("assess", str(a), str(b), "--json")
    whole = run("assess", str(EXAMPLES / "pursue_withdraw.json"), "--json")
    assert split.exit_code == 0
    assert json.loads(split.stdout) == json.loads(whole.stdout)


def test_assess_shows_the_safety_part_only_with_its_crisis_lines() -> None:
    result = run("assess", str(EXAMPLES / "safety_concern.json"), "--lang", "en")
    assert result.exit_code == 0
    assert "never shown to the other partner" in result.stdout
    assert "0800-2000" in result.stdout


def test_model_explains_the_model_in_both_languages() -> None:
    nl, en = run("model"), run("model", "--lang", "en")
    assert nl.exit_code == en.exit_code == 0
    assert "Veilig Thuis" in nl.stdout
    assert "Six steps back to each other" in en.stdout


def test_model_json_lists_every_id_with_its_words() -> None:
    out = json.loads(run("model", "--json", "--lang", "en").stdout)
    assert [s["id"] for s in out["step"]] == [
        "restore_safety",
        "slow_down",
        "name_the_pain",
        "attune",
        "rituals",
        "process",
    ]
    assert all(p["name"] and p["explanation"] for p in out["pattern"])


# --- bad input -------------------------------------------------------------------------------


def _bad_inputs(tmp_path: Path) -> list[tuple[list[str], str]]:
    not_json = tmp_path / "broken.json"
    not_json.write_text('{"format": "nabij.couple/1",', "utf-8")
    wrong = json.loads((EXAMPLES / "single_partner.json").read_text("utf-8"))
    wrong["partners"][0]["checkins"][2]["stress"] = "high"
    wrong_file = write(tmp_path / "wrong.json", wrong)
    one = EXAMPLES / "single_partner.json"
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00")
    return [
        (["assess", str(tmp_path / "missing.json")], "missing.json: this file does not exist"),
        (["assess", str(not_json)], "broken.json: $: this is not valid JSON (line 1, column 29)"),
        (
            ["assess", str(wrong_file)],
            "wrong.json: $.partners[0].checkins[2].stress: "
            "the value has the wrong type (expected: a whole number)",
        ),
        (["assess", str(binary)], "binary.json: this file is not UTF-8 text"),
        (["assess", str(tmp_path)], "this is a folder, not a file"),
        (["assess", str(one), str(one)], "both files hold partner 'a'"),
        (["assess", str(one), str(one), str(one)], "Give one or two record files, not 3"),
        # An unknown language is explained in the default language, Dutch.
        (["assess", str(one), "--lang", "fr"], "Onbekende taal 'fr': kies nl of en."),
        (["model", "--lang", "de"], "Onbekende taal 'de': kies nl of en."),
        (
            ["intake", str(tmp_path / "r.json"), "--partner", "a", "--answers", str(one)],
            "'format' is not a field nabij knows",
        ),
    ]


def test_every_bad_input_is_one_clear_message_and_exit_2(tmp_path: Path) -> None:
    for args, message in _bad_inputs(tmp_path):
        result = run(*args, "--lang", "en") if "--lang" not in args else run(*args)
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_bad_input_is_explained_in_dutch_by_default(tmp_path: Path) -> None:
    result = run("assess", str(tmp_path / "missing.json"))
    assert result.exit_code == 2
    assert "missing.json: dit bestand bestaat niet." in result.stderr


def test_a_usage_mistake_is_exit_2() -> None:
    result = run("checkin", "r.json", "--partner", "c")
    assert result.exit_code == 2


def test_writing_into_a_folder_that_does_not_exist_is_exit_2(tmp_path: Path) -> None:
    result = run(
        "intake",
        str(tmp_path / "no" / "r.json"),
        "--partner",
        "a",
        "--answers",
        str(intake_file(tmp_path)),
        "--lang",
        "en",
    )
    assert result.exit_code == 2
    assert "the folder for this file does not exist" in result.stderr


def test_a_record_path_that_is_a_folder_is_refused_before_any_question_is_asked(
    tmp_path: Path,
) -> None:
    result = run("intake", str(tmp_path), "--partner", "a", "--lang", "en", stdin="1\n")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{tmp_path}: this is a folder, not a file."
    assert "What is the crisis about" not in result.stdout


def test_an_unwritable_place_is_refused_before_any_question_is_asked(tmp_path: Path) -> None:
    result = run(
        "intake", str(tmp_path / "no" / "r.json"), "--partner", "a", "--lang", "en", stdin="1\n"
    )
    assert result.exit_code == 2
    assert "the folder for this file does not exist" in result.stderr
    assert "What is the crisis about" not in result.stdout


def test_a_broken_record_is_named_by_its_own_path_not_the_answers_file(tmp_path: Path) -> None:
    record = write(tmp_path / "r.json", {"format": "nabij.couple/1", "partners": []})
    answers = intake_file(tmp_path)
    result = run("intake", str(record), "--partner", "a", "--answers", str(answers), "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{record}: $.partners: this must not be empty"


def test_an_unexpected_failure_is_exit_1_with_a_short_note(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(app_module, "assess_record", broken)
    result = run("assess", str(EXAMPLES / "mixed.json"), "--lang", "en")
    assert result.exit_code == 1
    assert "Run again with --debug" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_installed_command_gives_exit_2_without_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "nabij", "assess", str(tmp_path / "missing.json"), "--lang", "en"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == f"{tmp_path / 'missing.json'}: this file does not exist."


def test_debug_shows_the_traceback_and_does_not_stick_to_the_next_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(app_module, "assess_record", broken)
    args = ["assess", str(EXAMPLES / "mixed.json"), "--lang", "en"]
    with_debug = CliRunner().invoke(app, ["--debug", *args])
    assert with_debug.exit_code == 1
    assert "RuntimeError: a bug" in with_debug.stderr
    after = CliRunner().invoke(app, args)
    assert after.exit_code == 1
    assert "Traceback" not in after.stderr
