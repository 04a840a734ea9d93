"""The archive (``nabij.export/1``): everything of mine, what my partner shares with me marked as
theirs, and nothing of my partner's that is private.

Everything is planted through the real forms — check-ins with notes and typed rituals, kept
coach drafts, the intake and the safety questions, the sharing page — by Sanne (who downloads)
and by Mark, her partner, whose private items carry canaries that must never be in her file.
"""

import html
import json
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from httpx2 import Response

from nabij.instruments.attachment import item_ids
from nabij.instruments.intake import SAFETY_QUESTIONS
from nabij.instruments.record import intake_from_json, parse_record
from nabij.services.intake import form_values
from tests import export_schema, personas
from tests.web import worlds
from tests.web.people import PASSWORD, Person
from tests.web.routes import CHECKIN_FORM

MY_NOTE = "KANARIE-mijn-notitie-31c8"
MY_RITUAL = "KANARIE-mijn-ritueel-7d02"
MY_DRAFT = "KANARIE-mijn-concept-a4e9"
PARTNER_SHARED_NOTE = "KANARIE-gedeelde-notitie-5b17"
PARTNER_PRIVATE_NOTE = "KANARIE-prive-notitie-e603"
PARTNER_RITUAL = "KANARIE-prive-ritueel-90fa"
PARTNER_DRAFT = "KANARIE-prive-concept-2c4d"
# Only Mark's intake holds this date: his tendencies are shared, his intake is not.
PARTNER_CRISIS_BEGAN = "2019-07-23"
FIELD_ERROR = r'<p class="field-error" id="{}-error">(.*?)</p>'

MakePerson = Callable[[str], Person]


def in_english(person: Person) -> Person:
    """Return ``person`` registered, reading nabij in English (the texts these tests check)."""
    made = person.register()
    assert made.post("/lang", {"lang": "en", "next": "/export"}).status_code == 303
    return made


def check_in(person: Person, day: str, note: str, ritual: str = "", **extra: str) -> None:
    """Send the check-in form for ``day`` with a note and a typed ritual."""
    fields = {**CHECKIN_FORM, "rituals": [], "date": day, "ritual_other": ritual, "note": note}
    fields |= extra
    answer = person.post("/checkin", fields, page=f"/checkin?date={day}")
    assert answer.status_code == 303, answer.text


def keep_draft(person: Person, text: str) -> None:
    """Keep a coach draft through the coach's form."""
    answer = person.post("/coach/keep", {"text": text}, page="/coach")
    assert answer.status_code == 303, answer.text


def do_intake(person: Person, **overrides: Any) -> None:
    """Send the intake form, answered as ``personas.intake(**overrides)`` with every item."""
    items = {item: 2 + index % 4 for index, item in enumerate(item_ids())}
    intake = intake_from_json(personas.intake(**{"attachment": items, **overrides}))
    answer = person.post("/intake", dict(form_values(intake)))
    assert answer.status_code == 303, re.findall(FIELD_ERROR.format(r"(\w+)"), answer.text)


def answer_safety(person: Person, *yes: str) -> None:
    """Answer the safety questions again: "yes" to ``yes``, "no" to the others."""
    fields: dict[str, object] = {q: "yes" if q in yes else "no" for q in SAFETY_QUESTIONS}
    assert person.post("/safety/screen", fields).status_code == 303


def note_id(person: Person, text: str) -> str:
    """Return the check-in id of ``person``'s note ``text``, from their sharing page."""
    page = person.get("/sharing").text
    found = re.search(rf'name="note" value="([0-9a-f]{{32}})"[^>]*>(?:(?!</label>).)*{text}', page)
    assert found is not None, text
    return found.group(1)


def share(person: Person, *categories: str, notes: tuple[str, ...] = ()) -> None:
    """Save the sharing form with exactly these categories and notes ticked."""
    fields: dict[str, object] = {"notes_listed": "1", "share": [*categories], "note": [*notes]}
    assert person.post("/sharing", fields).status_code == 303


def download(person: Person, **fields: str | None) -> Response:
    """Send the export form as it comes (the archive, safety answers left out) with ``fields``."""
    sent = {"form": "export", "kind": "archive", "leave_out_safety": "yes", "password": PASSWORD}
    return person.post("/export", {k: v for k, v in (sent | fields).items() if v is not None})


def archive_of(answer: Response) -> dict[str, Any]:
    """Return the archive a download carried, after checking it against the schema."""
    assert answer.status_code == 200, answer.text
    value: dict[str, Any] = json.loads(answer.content.decode("utf-8"))
    assert export_schema.problems(value) == []
    return value


def field_errors(page: str, name: str) -> list[str]:
    """Return the errors shown next to field ``name``."""
    return [html.unescape(e) for e in re.findall(FIELD_ERROR.format(name), page, re.S)]


@pytest.fixture
def couple(app: FastAPI, person: MakePerson) -> tuple[Person, Person]:
    """Return Sanne and Mark, linked, each with their own items planted through the forms.

    Mark shares his scores, his tendencies and one of his two notes; Sanne shares notes and
    her note. Mark's other note, his typed ritual, his draft, his intake and his safety answers
    stay private.
    """
    sanne, mark = in_english(person("sanne")), in_english(person("mark"))
    worlds.link(app, sanne, mark)
    today = worlds.today(app)
    yesterday = (today - timedelta(days=1)).isoformat()

    do_intake(sanne)
    answer_safety(sanne, "hurt")
    check_in(sanne, today.isoformat(), MY_NOTE, MY_RITUAL)
    keep_draft(sanne, f"Jij luistert nooit. {MY_DRAFT}")
    share(sanne, "notes", notes=(note_id(sanne, MY_NOTE),))

    do_intake(mark, crisis=["addiction"], crisis_began=PARTNER_CRISIS_BEGAN)
    answer_safety(mark, "afraid_of_partner", "controlled")
    check_in(mark, yesterday, PARTNER_SHARED_NOTE)
    check_in(mark, today.isoformat(), PARTNER_PRIVATE_NOTE, PARTNER_RITUAL)
    keep_draft(mark, f"Jij bent altijd weg. {PARTNER_DRAFT}")
    share(mark, "daily_scores", "tendencies", "notes", notes=(note_id(mark, PARTNER_SHARED_NOTE),))
    # Everything shared really reaches Sanne, and nothing private does (the positive control
    # for the canaries below: they are in nabij, just not Sanne's to see).
    shown = sanne.get("/shared").text
    assert PARTNER_SHARED_NOTE in shown
    assert PARTNER_PRIVATE_NOTE not in shown
    return sanne, mark


# --- the page ----------------------------------------------------------------------------------


def test_the_page_offers_both_files_warns_first_and_asks_for_the_password(
    app: FastAPI, person: MakePerson
) -> None:
    eva = in_english(person("eva"))
    page = eva.get("/export")
    assert page.status_code == 200
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.text)).split())
    today = worlds.today(app).isoformat()
    for said in (
        "Downloads folder",
        "cloud service",
        "shared device",
        "not locked with a password",
        f"nabij-archive-{today}.json",
        f"nabij-export-{today}.json",
    ):
        assert said in text, said
    # The warning comes before the form, so it is read before anything is downloaded.
    assert page.text.index("Before you download") < page.text.index('action="/export"')
    assert 'name="kind" value="archive" checked' in page.text
    assert 'name="kind" value="record"' in page.text
    assert 'name="leave_out_safety" value="yes" checked' in page.text
    assert '<input id="password" name="password" type="password"' in page.text


def test_the_archive_is_a_named_attachment_in_the_published_format(
    app: FastAPI, couple: tuple[Person, Person]
) -> None:
    sanne, _mark = couple
    answer = download(sanne)
    name = f"nabij-archive-{worlds.today(app).isoformat()}.json"
    assert answer.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.headers["cache-control"] == "no-store"
    archive = archive_of(answer)
    assert archive["format"] == "nabij.export/1"
    assert archive["account"]["login"] == "sanne"
    assert archive["account"]["language"] == "en"
    assert archive["account"]["consent"] is not None


# --- what is in it -----------------------------------------------------------------------------


def test_the_archive_holds_my_record_my_shares_and_my_drafts(
    app: FastAPI, couple: tuple[Person, Person]
) -> None:
    sanne, _mark = couple
    archive = archive_of(download(sanne))
    # The record is the couple record the other download makes, whole: the loader takes it.
    (mine,) = parse_record(json.dumps(archive["record"])).partners
    assert mine.name == "sanne"
    assert [(c.note, c.rituals) for c in mine.checkins if c.note] == [(MY_NOTE, (MY_RITUAL,))]
    assert archive["checkins_without_intake"] == []
    today = worlds.today(app).isoformat()
    assert archive["shares"] == {"categories": ["notes"], "shared_notes": [today]}
    assert [d["text"] for d in archive["drafts"]] == [f"Jij luistert nooit. {MY_DRAFT}"]
    record_only = download(sanne, kind="record")
    assert record_only.status_code == 200
    assert json.loads(record_only.content) == archive["record"]


def test_what_my_partner_shares_is_in_it_marked_as_theirs_and_nothing_private_of_theirs(
    app: FastAPI, couple: tuple[Person, Person]
) -> None:
    sanne, _mark = couple
    answer = download(sanne, leave_out_safety=None)  # everything, safety answers included
    text = answer.content.decode("utf-8")
    archive = archive_of(answer)
    theirs = archive["shared_with_me"]
    assert theirs["owner"] == "partner"
    assert theirs["partner_login"] == "mark"
    assert theirs["categories"] == ["daily_scores", "tendencies", "notes"]
    yesterday = (worlds.today(app) - timedelta(days=1)).isoformat()
    assert theirs["notes"] == [{"date": yesterday, "text": PARTNER_SHARED_NOTE}]
    assert theirs["tendencies"] is not None
    assert [d["date"] for d in theirs["daily_scores"]][-2:] == [
        yesterday,
        worlds.today(app).isoformat(),
    ]
    for canary in (PARTNER_PRIVATE_NOTE, PARTNER_RITUAL, PARTNER_DRAFT, PARTNER_CRISIS_BEGAN):
        assert canary not in text, canary
    assert "addiction" not in text
    # Mark's safety answers (two "yes") are nowhere: the one screen in the file is Sanne's.
    assert text.count('"safety_screen"') == 1
    assert archive["record"]["partners"][0]["intake"]["safety_screen"] == dict(
        personas.NO_CONCERN, hurt=True
    )


def test_my_partners_file_has_my_shared_note_and_not_my_private_items(
    couple: tuple[Person, Person],
) -> None:
    _sanne, mark = couple
    text = download(mark, leave_out_safety=None).content.decode("utf-8")
    archive = json.loads(text)
    assert archive["shared_with_me"]["partner_login"] == "sanne"
    assert [n["text"] for n in archive["shared_with_me"]["notes"]] == [MY_NOTE]
    for canary in (MY_RITUAL, MY_DRAFT):
        assert canary not in text, canary
    assert archive["shared_with_me"]["daily_scores"] == []
    assert archive["shared_with_me"]["tendencies"] is None


def test_the_safety_answers_are_left_out_by_default(couple: tuple[Person, Person]) -> None:
    sanne, _mark = couple
    left_out = archive_of(download(sanne))
    assert left_out["safety_answers"] == "left_out"
    screen = left_out["record"]["partners"][0]["intake"]["safety_screen"]
    assert screen == personas.NO_CONCERN  # Sanne said "yes" to one: it is not in the file
    included = archive_of(download(sanne, leave_out_safety=None))
    assert included["safety_answers"] == "included"
    assert included["record"]["partners"][0]["intake"]["safety_screen"]["hurt"] is True


def test_before_the_intake_my_check_ins_are_still_in_it(app: FastAPI, person: MakePerson) -> None:
    eva = in_english(person("eva"))
    check_in(eva, worlds.today(app).isoformat(), MY_NOTE, MY_RITUAL)
    archive = archive_of(download(eva))
    assert archive["record"] is None
    (checkin,) = archive["checkins_without_intake"]
    assert (checkin["note"], checkin["rituals"]) == (MY_NOTE, [MY_RITUAL])
    assert archive["shared_with_me"] is None
    assert archive["drafts"] == []


# --- refused ----------------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["", "niet het goede wachtwoord"], ids=["empty", "wrong"])
def test_a_wrong_password_gives_the_form_again_with_the_error_and_no_file(
    couple: tuple[Person, Person], password: str
) -> None:
    sanne, _mark = couple
    answer = download(sanne, kind="record", leave_out_safety=None, password=password)
    assert answer.status_code == 400
    assert "content-disposition" not in answer.headers
    assert answer.headers["content-type"].startswith("text/html")
    assert field_errors(answer.text, "password") == ["This is not your password."]
    assert 'aria-invalid="true"' in answer.text
    # What was chosen stays chosen; the password is never sent back.
    assert 'name="kind" value="record" checked' in answer.text
    assert 'name="leave_out_safety" value="yes" checked' not in answer.text
    assert 'name="password" type="password" value=""' in answer.text
    assert MY_NOTE not in answer.text


def test_many_wrong_passwords_wait_like_the_login(couple: tuple[Person, Person]) -> None:
    sanne, _mark = couple
    answers = [download(sanne, password=f"fout {n}").status_code for n in range(6)]
    assert answers == [400] * 5 + [429]
    blocked = download(sanne)  # even the right one waits now
    assert blocked.status_code == 429
    assert "content-disposition" not in blocked.headers
    assert field_errors(blocked.text, "password") == [
        "There were many attempts with a wrong password. Please wait a few minutes."
    ]
