"""Back into an account: a password change, the recovery key, and an operator's reset link
made with ``nabij user reset``; each keeps exactly what it promises."""

import os
import re
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from typer.testing import CliRunner

from nabij.cli.app import app as cli
from tests.web.people import PASSWORD, Person
from tests.web.test_auth import field_error

NEW_PASSWORD = "een nieuw wachtwoord voor de winter"
NOTE = "KANARIE-herstelnotitie-55e0"
DAY = {"closeness": "6", "safety": "7", "stress": "4", "teamwork": "5", "own_space": "6"}
MakePerson = Callable[[str], Person]


def _recovery_key(page: str) -> str:
    found = re.search(r'id="recovery-key">([^<]+)<', page)
    assert found is not None, "no recovery key on the page"
    return found.group(1)


def _sanne_with_a_note(person: MakePerson) -> tuple[Person, str]:
    """Register Sanne through the forms, keep her recovery key, and save a note."""
    sanne = person("sanne")
    answer = sanne.post(
        "/register", {"login": "sanne", "password": PASSWORD, "password_again": PASSWORD}
    )
    key = _recovery_key(answer.text)
    assert sanne.post("/consent", {"special_category": "yes", "age": "yes"}).status_code == 303
    assert sanne.post("/checkin", {**DAY, "wants": "closer", "note": NOTE}).status_code == 303
    return sanne, key


def _logs_in(person: MakePerson, password: str) -> Person:
    other = person("sanne")
    answer = other.post("/login", {"login": "sanne", "password": password})
    assert answer.status_code == 303, answer.text
    return other


def test_a_password_change_keeps_every_note_and_logs_out_other_devices(
    person: MakePerson,
) -> None:
    sanne, _key = _sanne_with_a_note(person)
    phone = _logs_in(person, PASSWORD)
    wrong = sanne.post(
        "/account/password",
        {"current_password": "niet het goede", "password": NEW_PASSWORD,
         "password_again": NEW_PASSWORD, "end_others": "yes"},
    )  # fmt: skip
    assert wrong.status_code == 400
    assert field_error(wrong.text, "current_password")
    assert NEW_PASSWORD not in wrong.text
    short = sanne.post(
        "/account/password",
        {"current_password": PASSWORD, "password": "kort", "password_again": "kort"},
    )
    assert short.status_code == 400
    assert field_error(short.text, "password")
    changed = sanne.post(
        "/account/password",
        {"current_password": PASSWORD, "password": NEW_PASSWORD,
         "password_again": NEW_PASSWORD, "end_others": "yes"},
    )  # fmt: skip
    assert changed.status_code == 200
    assert NOTE in sanne.get("/checkins").text  # this session keeps going, its key unchanged
    assert phone.get("/checkins").status_code == 303  # the other device is logged out
    refused = person("sanne").post("/login", {"login": "sanne", "password": PASSWORD})
    assert refused.status_code == 400
    assert NOTE in _logs_in(person, NEW_PASSWORD).get("/checkins").text


def test_other_devices_stay_logged_in_when_the_box_is_cleared(person: MakePerson) -> None:
    sanne, _key = _sanne_with_a_note(person)
    phone = _logs_in(person, PASSWORD)
    changed = sanne.post(
        "/account/password",
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    assert changed.status_code == 200
    assert NOTE in phone.get("/checkins").text


def test_the_recovery_key_opens_everything_again_with_a_new_password(person: MakePerson) -> None:
    _sanne, key = _sanne_with_a_note(person)
    stranger = person("sanne")
    wrong = stranger.post(
        "/recover",
        {"login": "sanne", "recovery_key": key[:-1] + ("A" if key[-1] != "A" else "B"),
         "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )  # fmt: skip
    unknown = stranger.post(
        "/recover",
        {"login": "niemand", "recovery_key": key,
         "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )  # fmt: skip
    assert wrong.status_code == unknown.status_code == 400
    assert field_error(wrong.text, "recovery_key") == field_error(unknown.text, "recovery_key")
    assert 'value="sanne"' in wrong.text  # the login name is kept; keys and passwords are not
    assert key not in wrong.text
    opened = stranger.post(
        "/recover",
        {"login": "sanne", "recovery_key": key.lower().replace("-", " "),
         "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )  # fmt: skip
    assert opened.status_code == 200
    new_key = _recovery_key(opened.text)
    assert new_key != key
    assert NOTE in stranger.get("/checkins").text
    assert NOTE in _logs_in(person, NEW_PASSWORD).get("/checkins").text


def _operator(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the command line at the app's database, as an operator's environment does."""
    for name in list(os.environ):
        if name.startswith("NABIJ_") and name != "NABIJ_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)
    data_dir = app.state.settings.data_dir
    monkeypatch.setenv("NABIJ_DATA_DIR", str(data_dir))
    monkeypatch.setenv("NABIJ_SECRET_KEY_FILE", str(data_dir / "secret.key"))
    url = app.state.engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("NABIJ_DATABASE_URL", url)


def _reset_link(app: FastAPI, monkeypatch: pytest.MonkeyPatch, login: str) -> str:
    """Run ``nabij user reset`` on the app's database and return the link's path."""
    _operator(app, monkeypatch)
    result = CliRunner().invoke(cli, ["user", "reset", login, "--url", "https://testserver"])
    assert result.exit_code == 0, result.output
    found = re.search(r"https://testserver(/reset/\S+)", result.stdout)
    assert found is not None, result.output
    return found.group(1)


def test_a_reset_link_works_once_and_says_first_what_cannot_come_back(
    person: MakePerson, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    _sanne_with_a_note(person)
    link = _reset_link(app, monkeypatch, "Sanne")
    visitor = person("sanne")
    form = visitor.get(link)
    assert form.status_code == 200
    assert "/recover" in form.text  # the recovery key is offered as the way to lose nothing
    unconfirmed = visitor.post(
        link, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}, page=link
    )
    assert unconfirmed.status_code == 400
    assert field_error(unconfirmed.text, "understood")
    done = visitor.post(
        link,
        {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD, "understood": "yes"},
        page=link,
    )
    assert done.status_code == 200
    assert _recovery_key(done.text)
    checkins = visitor.get("/checkins").text
    assert NOTE not in checkins  # the old note cannot be opened and is gone
    assert "06" in checkins or "6" in checkins  # the day itself, with its scores, stays
    assert visitor.get(link).status_code == 404  # spent
    assert (
        person("sanne").post("/login", {"login": "sanne", "password": PASSWORD}).status_code == 400
    )


def test_an_unknown_login_gets_exit_code_2(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    _operator(app, monkeypatch)
    result = CliRunner().invoke(cli, ["user", "reset", "niemand"])
    assert result.exit_code == 2
    assert "niemand" in result.output
    assert "Traceback" not in result.output
