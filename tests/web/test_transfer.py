"""Export and import: my own slot out as a couple record file, and such a file back in.

The file holds only the user's own data, never the partner's; an import replaces the intake,
merges the check-ins (the file wins on a shared date), starts every note private, and changes
nothing at all when the file is refused.
"""

import html
import json
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from httpx2 import Response
from jsonschema import Draft202012Validator, FormatChecker

from nabij.instruments.checkin import CheckIn
from nabij.instruments.intake import Intake
from nabij.instruments.record import FORMAT, checkin_from_json, intake_from_json, parse_record
from nabij.model.ids import ShareCategory
from nabij.services import checkins as checkins_service
from nabij.services import clock, transfer
from nabij.services import insight as insight_service
from nabij.services import intake as intake_service
from nabij.store import records
from nabij.web.upload import FRAMING
from tests import personas, unlock
from tests.web import worlds
from tests.web.people import PASSWORD, Person

SCHEMA = Path(__file__).parents[2] / "docs" / "couple-record.schema.json"
# Strings that only the partner ever wrote: they must never be in the user's file.
PARTNER_NOTE = "KANARIE-partnernotitie-5821"
PARTNER_RITUAL = "KANARIE-partnerritueel-3307"
PARTNER_CRISIS_BEGAN = "2025-03-14"
MY_NOTE = "Vandaag samen gewandeld, dat deed goed."
KIND_ERROR = re.compile(r'<p class="field-error" id="kind-error">(.*?)</p>', re.DOTALL)
FILE_ERROR = re.compile(r'<p class="field-error" id="file-error">(.*?)</p>', re.DOTALL)
UNCHANGED = "Nothing was imported and nothing of yours has changed."

Row = tuple[str, CheckIn, bool, bool]  # id, check-in, filled in afterwards, note shared


# --- the people, their data, and the two forms -------------------------------------------------


def someone(make: Callable[[str], Person], login: str) -> Person:
    """Return a registered persona who reads nabij in English (the texts these tests check)."""
    made = make(login).register()
    switched = made.post("/lang", {"lang": "en", "next": "/export"}, page="/export")
    assert switched.status_code == 303
    return made


def days(app: FastAPI, count: int, *, end: int = 0, **habits: Any) -> list[dict[str, Any]]:
    """Return ``count`` persona days ending ``end`` days before the app's today."""
    last = worlds.today(app) - timedelta(days=end)
    return personas.days(count, start=last - timedelta(days=count - 1), **habits)


def seed(
    app: FastAPI,
    login: str,
    intake: dict[str, Any],
    checkins: list[dict[str, Any]],
    *,
    backfilled: frozenset[str] = frozenset(),
    shared_notes: bool = False,
) -> None:
    """Store an intake and check-ins for ``login``; dates in ``backfilled`` are marked so."""
    now = clock.utcnow()
    with worlds.database(app) as db:
        keys = unlock.viewer(db, worlds.user(db, login), PASSWORD).keys
        records.save_intake(db, keys, intake_from_json(intake), now)
        for value in checkins:
            records.save_checkin(
                db,
                keys,
                checkin_from_json(value),
                backfilled=value["date"] in backfilled,
                note_shared=shared_notes,
                now=now,
            )


def state(app: FastAPI, login: str) -> tuple[Intake | None, list[Row]]:
    """Return ``login``'s intake and check-ins as the services show them to that user."""
    with worlds.database(app) as db:
        who = unlock.viewer(db, worlds.user(db, login), PASSWORD)
        entries = checkins_service.entries(db, who, worlds.today(app))
        rows = [
            (e.stored.id, e.stored.checkin, e.stored.backfilled, e.stored.note_shared)
            for e in entries
        ]
        return intake_service.saved(db, who), rows


def answers(rows: list[Row]) -> list[CheckIn]:
    """Return the check-ins of ``rows`` alone, oldest first."""
    return sorted((row[1] for row in rows), key=lambda c: c.date)


def download(person: Person, *, leave_out_safety: bool = True) -> Response:
    """Send the export form for the couple record, with the safety box ticked (its default)
    or not, and the password given again."""
    fields: dict[str, object] = {"form": "export", "kind": "record", "password": PASSWORD}
    return person.post(
        "/export", fields | ({"leave_out_safety": "yes"} if leave_out_safety else {})
    )


def record_file(*partners: dict[str, Any], format_id: str = FORMAT) -> bytes:
    """Return a couple record file holding ``partners``."""
    return json.dumps({"format": format_id, "partners": list(partners)}).encode("utf-8")


def upload(
    person: Person, content: bytes, fields: dict[str, str] | None = None, token: str | None = None
) -> Response:
    """Send the import form with a file, as a browser does."""
    sent = {"csrf_token": token or person.token("/import"), "form": "import", **(fields or {})}
    return person.client.post(
        "/import",
        data=sent,
        files={"file": ("nabij-export.json", content, "application/json")},
        headers={"sec-fetch-site": "same-origin"},
    )


def text_of(page: str) -> str:
    """Return a page's text without tags, unescaped, on one line."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def file_errors(page: str) -> list[str]:
    """Return the errors shown next to the file field."""
    return [text_of(found) for found in FILE_ERROR.findall(page)]


# --- the pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/export", "/import"])
def test_the_export_and_import_pages_need_a_login(
    person: Callable[[str], Person], path: str
) -> None:
    answer = person("visitor").get(path)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/login?next={path}"


def test_the_download_is_a_named_attachment_that_the_schema_and_the_loader_accept(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    eva = someone(person, "eva")
    mine = days(app, 6)
    mine[2]["note"] = MY_NOTE
    seed(app, "eva", personas.intake(), mine)
    name = f"nabij-export-{worlds.today(app).isoformat()}.json"
    form = eva.get("/export").text
    assert name in text_of(form)  # where the file will land is said before downloading
    assert 'name="leave_out_safety" value="yes" checked' in form

    answer = download(eva)
    assert answer.status_code == 200, text_of(answer.text)
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert answer.headers["cache-control"] == "no-store"
    value = json.loads(answer.content.decode("utf-8"))
    validator = Draft202012Validator(
        json.loads(SCHEMA.read_text("utf-8")), format_checker=FormatChecker()
    )
    assert [error.message for error in validator.iter_errors(value)] == []
    loaded = parse_record(answer.content.decode("utf-8"))
    assert len(loaded.partners) == 1
    (partner,) = loaded.partners
    assert partner.id == "a"
    assert partner.name == "eva"
    intake, rows = state(app, "eva")
    assert partner.intake == intake
    assert list(partner.checkins) == answers(rows)
    assert partner.checkins[2].note == MY_NOTE


def test_the_file_holds_only_my_slot_even_when_the_partner_shares_everything(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    sanne, mark = someone(person, "sanne"), someone(person, "mark")
    worlds.link(app, sanne, mark)  # Sanne made the space: Mark is partner b
    theirs = days(app, 20, ratings={"closeness": 9, "stress": 1})
    for day in theirs:
        day["note"] = f"{PARTNER_NOTE} {day['date']}"
        day["rituals"] = [PARTNER_RITUAL]
    seed(
        app,
        "sanne",
        personas.intake(crisis=["addiction"], crisis_began=PARTNER_CRISIS_BEGAN),
        theirs,
        shared_notes=True,
    )
    worlds.share(app, sanne, *ShareCategory)
    mine = days(app, 5, end=2)
    seed(app, "mark", personas.intake(), mine)
    # Everything of Sanne's really is in Mark's shared picture, so the file could hold it.
    assert PARTNER_NOTE in mark.get("/shared").text

    answer = download(mark, leave_out_safety=False)
    assert answer.status_code == 200
    text = answer.content.decode("utf-8")
    for canary in (PARTNER_NOTE, PARTNER_RITUAL, PARTNER_CRISIS_BEGAN, "addiction", "sanne"):
        assert canary not in text, canary
    (partner,) = parse_record(text).partners
    assert partner.id == "b"
    assert partner.name == "mark"
    assert [c.date.isoformat() for c in partner.checkins] == [d["date"] for d in mine]
    assert {c.closeness for c in partner.checkins}.isdisjoint({8, 9, 10})


def test_the_safety_answers_are_left_out_unless_the_box_is_unticked(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    eva = someone(person, "eva")
    screen = dict(personas.NO_CONCERN, hurt=True, self_harm_thoughts=True)
    seed(app, "eva", personas.intake(safety_screen=screen), days(app, 2))

    left_out = download(eva)  # the box is ticked by default
    assert left_out.status_code == 200
    (partner,) = parse_record(left_out.content.decode("utf-8")).partners
    assert not partner.intake.safety_screen.concerns()
    assert json.loads(left_out.content)["partners"][0]["intake"]["safety_screen"] == (
        personas.NO_CONCERN
    )

    included = download(eva, leave_out_safety=False)
    assert json.loads(included.content)["partners"][0]["intake"]["safety_screen"] == screen
    # Leaving them out of the file changes nothing in nabij.
    intake, _rows = state(app, "eva")
    assert intake is not None
    assert intake.safety_screen.hurt
    assert intake.safety_screen.self_harm_thoughts


def test_without_an_intake_the_page_explains_and_no_record_comes(
    person: Callable[[str], Person],
) -> None:
    eva = someone(person, "eva")
    explained = "It starts with your intake, so it can be downloaded once you have done the intake."
    form = eva.get("/export")
    assert form.status_code == 200
    assert explained in text_of(form.text)

    answer = download(eva)
    assert answer.status_code == 400
    assert "content-disposition" not in answer.headers
    assert answer.headers["content-type"].startswith("text/html")
    assert KIND_ERROR.findall(answer.text) == [
        "This file starts with your intake. Do the intake first, or choose the other file."
    ]


# --- importing ---------------------------------------------------------------------------------


def test_a_round_trip_brings_the_same_intake_and_check_ins_into_a_fresh_account(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    sanne, eva = someone(person, "sanne"), someone(person, "eva")
    mine = days(app, 14, **personas.PURSUER)
    mine[3]["note"] = MY_NOTE
    mine[9]["note"] = 'Een zin met "aanhalingstekens", <tekens> & een émoji 🌱'
    mine[9]["rituals"] = ["samen ontbijten", "een warme zin"]
    seed(app, "sanne", personas.intake(attachment={"anxiety": 5.5, "avoidance": 2.0}), mine)
    exported = download(sanne, leave_out_safety=False)
    assert exported.status_code == 200

    answer = upload(eva, exported.content)
    assert answer.status_code == 200, text_of(answer.text)
    assert "Done. Your intake was replaced; 14 check-ins were added and 0 replaced." in text_of(
        answer.text
    )
    assert file_errors(answer.text) == []
    source_intake, source_rows = state(app, "sanne")
    intake, rows = state(app, "eva")
    assert intake == source_intake
    assert answers(rows) == answers(source_rows)
    assert [c.note for c in answers(rows)][3] == MY_NOTE
    assert html.escape(MY_NOTE, quote=False) in eva.get("/checkins").text


def test_a_round_trip_keeps_which_check_ins_were_filled_in_afterwards(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    sanne, eva = someone(person, "sanne"), someone(person, "eva")
    mine = days(app, 5)
    seed(app, "sanne", personas.intake(), mine, backfilled=frozenset({mine[1]["date"]}))
    assert upload(eva, download(sanne).content).status_code == 200
    _intake, source_rows = state(app, "sanne")
    _intake, rows = state(app, "eva")
    assert [row[2] for row in rows] == [row[2] for row in source_rows]


def test_on_a_date_both_have_the_file_wins_and_the_counts_are_right(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    eva = someone(person, "eva")
    before = days(app, 3, end=2, ratings={"closeness": 2})  # today-4 … today-2
    for day in before:
        day["note"] = f"oude notitie {day['date']}"
    seed(app, "eva", personas.intake(crisis=["loss"]), before)
    incoming = days(app, 4, ratings={"closeness": 8})  # today-3 … today
    incoming[1]["note"] = "de nieuwe versie"  # today-2; today-3 comes without a note
    new_intake = personas.intake(crisis=["illness", "financial_stress"])
    _old_intake, old_rows = state(app, "eva")

    answer = upload(eva, record_file(personas.partner("a", "eva", new_intake, incoming)))
    assert answer.status_code == 200, text_of(answer.text)
    assert "2 check-ins were added and 2 replaced." in text_of(answer.text)
    intake, rows = state(app, "eva")
    assert intake == intake_from_json(new_intake)
    got = answers(rows)
    assert [c.date.isoformat() for c in got] == [before[0]["date"]] + [d["date"] for d in incoming]
    kept = next(row for row in old_rows if row[1].date.isoformat() == before[0]["date"])
    assert got[0] == kept[1]  # a date only the user has stays as it was
    assert got[1:] == [checkin_from_json(d) for d in incoming]
    assert got[1].note is None  # the file's version replaced the old one, note included
    assert got[2].note == "de nieuwe versie"


def test_imported_notes_start_private_even_when_notes_are_shared(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    eva, mark = someone(person, "eva"), someone(person, "mark")
    worlds.link(app, eva, mark)
    mine = days(app, 2, end=1)
    mine[0]["note"] = "al gedeeld"
    seed(app, "eva", personas.intake(), mine, shared_notes=True)
    worlds.share(app, eva, *ShareCategory)
    assert "al gedeeld" in mark.get("/shared").text  # notes sharing is on and works
    incoming = days(app, 3)  # replaces both of Eva's days and adds today
    for day in incoming:
        day["note"] = f"{PARTNER_NOTE} {day['date']}"

    answer = upload(eva, record_file(personas.partner("a", "eva", personas.intake(), incoming)))
    assert answer.status_code == 200, text_of(answer.text)
    _intake, rows = state(app, "eva")
    assert len(rows) == 3
    assert all(row[1].note and not row[3] for row in rows)
    assert PARTNER_NOTE not in mark.get("/shared").text


def test_a_file_with_a_safety_concern_pauses_joint_exercises(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    eva = someone(person, "eva")
    screen = dict(personas.NO_CONCERN, afraid_of_partner=True)
    intake = personas.intake(safety_screen=screen)
    answer = upload(eva, record_file(personas.partner("a", "eva", intake, days(app, 2))))
    assert answer.status_code == 200, text_of(answer.text)
    with worlds.database(app) as db:
        who = unlock.viewer(db, worlds.user(db, "eva"), PASSWORD)
        assert who.user.joint_paused
        assert insight_service.joint_paused(db, who, worlds.today(app))


def test_my_safety_answers_stay_unless_i_untick_the_box(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    eva = someone(person, "eva")
    screen = dict(personas.NO_CONCERN, controlled=True)
    seed(app, "eva", personas.intake(safety_screen=screen), [])
    form = eva.get("/import").text
    assert 'name="keep_safety" value="yes" checked' in form
    calm = record_file(personas.partner("a", "eva", personas.intake(distrust=7), []))

    kept = upload(eva, calm, {"keep_safety": "yes"})
    assert kept.status_code == 200, text_of(kept.text)
    intake, _rows = state(app, "eva")
    assert intake is not None
    assert intake.distrust == 7
    assert intake.safety_screen.controlled

    upload(eva, calm)
    intake, _rows = state(app, "eva")
    assert intake is not None
    assert not intake.safety_screen.concerns()


def test_a_file_holding_two_partners_imports_the_one_i_say_i_am(
    app: FastAPI, person: Callable[[str], Person]
) -> None:
    eva = someone(person, "eva")  # alone, so her own place would be "a"
    form = eva.get("/import").text
    assert '<select id="slot" name="slot"' in form
    assert "If the file holds two people, which one are you?" in text_of(form)
    sanne_days = days(app, 4, **personas.PURSUER)
    mark_days = days(app, 6, **personas.WITHDRAWER)
    mark_intake = personas.intake(crisis=["addiction"], attachment={"anxiety": 2, "avoidance": 6})
    both = record_file(
        personas.partner("a", "sanne", personas.intake(), sanne_days),
        personas.partner("b", "mark", mark_intake, mark_days),
    )

    answer = upload(eva, both, {"slot": "b"})
    assert answer.status_code == 200, text_of(answer.text)
    assert "6 check-ins were added and 0 replaced." in text_of(answer.text)
    assert '<option value="b" selected>' in answer.text
    intake, rows = state(app, "eva")
    assert intake == intake_from_json(mark_intake)
    assert answers(rows) == [checkin_from_json(d) for d in mark_days]


# --- refused files -----------------------------------------------------------------------------


def _valid(app: FastAPI) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "partners": [personas.partner("a", "eva", personas.intake(crisis=["loss"]), days(app, 3))],
    }


def _not_json(app: FastAPI) -> bytes:
    return b'{"format": "nabij.couple/1", "partners": ['


def _wrong_format(app: FastAPI) -> bytes:
    return json.dumps({**_valid(app), "format": "nabij.couple/2"}).encode()


def _future_date(app: FastAPI) -> bytes:
    value = _valid(app)
    tomorrow = worlds.today(app) + timedelta(days=1)
    value["partners"][0]["checkins"].append(days(app, 1)[0] | {"date": tomorrow.isoformat()})
    return json.dumps(value).encode()


def _out_of_range(app: FastAPI) -> bytes:
    value = _valid(app)
    value["partners"][0]["checkins"][1]["closeness"] = 11
    return json.dumps(value).encode()


def _not_utf8(app: FastAPI) -> bytes:
    value = _valid(app)
    value["partners"][0]["checkins"][0]["note"] = "één zin"
    return json.dumps(value, ensure_ascii=False).encode("utf-16")


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (_not_json, "$: this is not valid JSON (line 1, column 43)"),
        (_wrong_format, "$.format: this is not a nabij couple record (format nabij.couple/1)"),
        (_future_date, "$.partners[0].checkins[3].date: this check-in is dated after today"),
        (_out_of_range, "$.partners[0].checkins[1].closeness: the value must be between 0 and 10"),
        (_not_utf8, "This is not a text file (UTF-8), so it is not a nabij file."),
    ],
    ids=["not-json", "wrong-format", "future-date", "out-of-range", "not-utf8"],
)
def test_a_bad_file_shows_one_error_at_the_file_field_and_changes_nothing(
    app: FastAPI,
    person: Callable[[str], Person],
    build: Callable[[FastAPI], bytes],
    error: str,
) -> None:
    eva = someone(person, "eva")
    seed(app, "eva", personas.intake(), days(app, 5, end=1))
    before = state(app, "eva")
    answer = upload(eva, build(app))
    assert answer.status_code == 400
    assert file_errors(answer.text) == [f"{UNCHANGED} {error}"]
    assert '<input id="file" name="file" type="file"' in answer.text
    assert 'aria-invalid="true"' in answer.text
    assert "Done." not in text_of(answer.text)
    assert state(app, "eva") == before


@pytest.mark.parametrize("extra", [1, FRAMING + 1], ids=["file", "body"])
def test_a_file_over_5_mb_is_refused_and_changes_nothing(
    app: FastAPI, person: Callable[[str], Person], extra: int
) -> None:
    eva = someone(person, "eva")
    seed(app, "eva", personas.intake(), days(app, 5, end=1))
    before = state(app, "eva")
    # A valid record behind spaces: only its size is wrong. Just over the limit the body is
    # read and the file measured; far over it, the body is refused before it is read.
    valid = json.dumps(_valid(app)).encode()
    padded = b" " * (transfer.MAX_FILE_BYTES + extra - len(valid)) + valid
    answer = upload(eva, padded)
    assert answer.status_code == 413
    (shown,) = file_errors(answer.text)
    assert "This file is larger than 5 MB, so it is not a nabij file." in shown
    assert 'name="csrf_token"' in answer.text
    assert state(app, "eva") == before


def test_an_empty_form_asks_for_a_file(app: FastAPI, person: Callable[[str], Person]) -> None:
    eva = someone(person, "eva")
    answer = upload(eva, b"")
    assert answer.status_code == 400
    assert file_errors(answer.text) == [f"{UNCHANGED} Choose a file first."]
    assert state(app, "eva") == (None, [])


def _old_token(person: Person) -> str:
    """Return a token from a session that has since been ended by logging out and in again."""
    token = person.token("/import")
    assert person.post("/logout", page="/import").status_code == 303
    assert person.log_in().status_code == 303
    return token


@pytest.mark.parametrize("kind", ["invalid", "old-session"])
def test_a_refused_token_changes_nothing_and_sends_no_file(
    app: FastAPI, person: Callable[[str], Person], kind: str
) -> None:
    eva = someone(person, "eva")
    seed(app, "eva", personas.intake(), days(app, 5, end=1))
    before = state(app, "eva")
    token = "0" * 64 if kind == "invalid" else _old_token(eva)
    incoming = record_file(personas.partner("a", "eva", personas.intake(), days(app, 3)))

    refused = upload(eva, incoming, token=token)
    assert refused.status_code == 403
    assert "Choose the file again: a file is never kept." in text_of(refused.text)
    assert '<input id="file" name="file" type="file"' in refused.text
    assert state(app, "eva") == before

    kept_back = eva.client.post(
        "/export",
        data={"csrf_token": token, "form": "export"},
        headers={"sec-fetch-site": "same-origin"},
    )
    assert kept_back.status_code == 403
    assert "content-disposition" not in kept_back.headers
    assert kept_back.headers["content-type"].startswith("text/html")
    # The form comes back as it was sent: the safety box unticked.
    assert 'name="leave_out_safety" value="yes" checked' not in kept_back.text
    assert 'name="leave_out_safety"' in kept_back.text
