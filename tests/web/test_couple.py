"""The couple page: alone is complete, a code links two accounts once, and leaving works at once."""

import re
from collections.abc import Callable

from tests.web.people import Person

CODE = re.compile(r'id="invite-code">([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<')


def joined(make: Callable[[str], Person], login: str) -> Person:
    """Return a registered persona who reads nabij in English (the texts these tests check)."""
    someone = make(login).register()
    switched = someone.post("/lang", {"lang": "en", "next": "/couple"}, page="/couple")
    assert switched.status_code == 303
    return someone


def invite_code(person: Person) -> str:
    """Create ``person``'s couple space if needed and return a fresh code from its page."""
    answer = person.post("/couple/invite", page="/couple")
    assert answer.status_code == 200, answer.text
    found = CODE.search(answer.text)
    assert found is not None
    return found.group(1)


def link(first: Person, second: Person) -> None:
    """Link two registered people: ``first`` invites, ``second`` joins."""
    code = invite_code(first)
    joined = second.post("/couple/join", {"code": code}, page="/couple")
    assert joined.status_code == 303, joined.text


def test_it_tells_someone_alone_that_nabij_works_fully_alone(
    person: Callable[[str], Person],
) -> None:
    eva = joined(person, "eva")
    page = eva.get("/couple")
    assert page.status_code == 200
    assert "nabij works fully on your own" in page.text
    assert 'action="/couple/create"' in page.text
    assert 'action="/couple/join"' in page.text
    assert 'name="code"' in page.text


def test_the_code_is_shown_once_and_afterwards_only_its_expiry(
    person: Callable[[str], Person],
) -> None:
    sanne = joined(person, "sanne")
    assert sanne.post("/couple/create", page="/couple").status_code == 303
    code = invite_code(sanne)
    shown = sanne.get("/couple")
    assert code not in shown.text
    assert code.replace("-", "") not in shown.text
    assert "A code is open until" in shown.text
    assert 'action="/couple/invite"' in shown.text


def test_the_code_page_says_how_long_it_works_and_how_to_pass_it_on(
    person: Callable[[str], Person],
) -> None:
    sanne = joined(person, "sanne")
    answer = sanne.post("/couple/invite", page="/couple")
    assert CODE.search(answer.text)
    assert 'data-copy="invite-code"' in answer.text
    assert "It works until" in answer.text
    assert "in person" in answer.text


def test_a_partner_joins_with_the_code_and_each_sees_who_the_other_is(
    person: Callable[[str], Person],
) -> None:
    sanne, mark = joined(person, "sanne"), joined(person, "mark")
    link(sanne, mark)
    assert "You are linked with mark." in sanne.get("/couple").text
    assert "You are linked with sanne." in mark.get("/couple").text


def test_a_wrong_code_gives_one_neutral_message_and_keeps_what_was_typed(
    person: Callable[[str], Person],
) -> None:
    sanne, mark = joined(person, "sanne"), joined(person, "mark")
    code = invite_code(sanne)
    wrong = code[:-1] + ("X" if code[-1] != "X" else "Y")
    answer = mark.post("/couple/join", {"code": wrong}, page="/couple")
    assert answer.status_code == 400
    assert f'value="{wrong}"' in answer.text
    assert 'id="code-error"' in answer.text
    unknown = mark.post("/couple/join", {"code": "AAAA-BBBB-CCCC"}, page="/couple")
    message = re.compile(r'id="code-error">([^<]+)<')
    first, second = message.search(answer.text), message.search(unknown.text)
    assert first is not None
    assert second is not None
    assert first.group(1) == second.group(1)  # a wrong and an unknown code read the same


def test_one_account_cannot_keep_guessing_codes(person: Callable[[str], Person]) -> None:
    charlie = joined(person, "charlie")
    for _ in range(10):
        answer = charlie.post("/couple/join", {"code": "AAAA-BBBB-CCCC"}, page="/couple")
        assert answer.status_code == 400
    blocked = charlie.post("/couple/join", {"code": "AAAA-BBBB-CCCC"}, page="/couple")
    assert blocked.status_code == 429
    assert "Please try again after" in blocked.text


def test_a_stranger_cannot_join_a_couple_of_two(person: Callable[[str], Person]) -> None:
    sanne, mark = joined(person, "sanne"), joined(person, "mark")
    charlie = joined(person, "charlie")
    code = invite_code(sanne)
    assert mark.post("/couple/join", {"code": code}, page="/couple").status_code == 303
    assert charlie.post("/couple/join", {"code": code}, page="/couple").status_code == 400
    # A couple of two cannot make a new code either.
    again = sanne.post("/couple/invite", page="/couple")
    assert again.status_code == 303
    assert "You are linked with mark." in sanne.get("/couple").text
    assert "linked" not in charlie.get("/couple").text


def test_both_pressing_create_can_still_link(person: Callable[[str], Person]) -> None:
    sanne, mark = joined(person, "sanne"), joined(person, "mark")
    code = invite_code(sanne)
    assert mark.post("/couple/create", page="/couple").status_code == 303
    assert mark.post("/couple/join", {"code": code}, page="/couple").status_code == 303
    assert "You are linked with sanne." in mark.get("/couple").text


def test_it_records_whether_i_am_open_to_joint_exercises(
    person: Callable[[str], Person],
) -> None:
    sanne, mark = joined(person, "sanne"), joined(person, "mark")
    link(sanne, mark)
    box = re.compile(r'name="open_to_joint" value="yes"( checked)?>')
    found = box.search(sanne.get("/couple").text)
    assert found is not None
    assert found.group(1) is None
    sanne.post("/couple/joint", {"open_to_joint": "yes"}, page="/couple")
    found = box.search(sanne.get("/couple").text)
    assert found is not None
    assert found.group(1) == " checked"
    # Mark's page shows only his own choice, never Sanne's.
    found = box.search(mark.get("/couple").text)
    assert found is not None
    assert found.group(1) is None
    sanne.post("/couple/joint", {}, page="/couple")
    found = box.search(sanne.get("/couple").text)
    assert found is not None
    assert found.group(1) is None


def test_leaving_asks_first_and_says_what_it_does(person: Callable[[str], Person]) -> None:
    sanne, mark = joined(person, "sanne"), joined(person, "mark")
    link(sanne, mark)
    confirm = sanne.get("/couple/leave")
    assert confirm.status_code == 200
    assert "immediately loses access" in confirm.text
    assert "You keep all of your own data" in confirm.text
    assert "You are linked with mark." in sanne.get("/couple").text  # nothing happened yet
    assert sanne.post("/couple/leave", page="/couple/leave").status_code == 303
    assert "linked" not in sanne.get("/couple").text
    assert "linked" not in mark.get("/couple").text


def test_the_couple_page_never_shows_when_the_partner_was_last_active(
    person: Callable[[str], Person],
) -> None:
    sanne, mark = joined(person, "sanne"), joined(person, "mark")
    link(sanne, mark)
    mark.log_in()
    page = sanne.get("/couple").text.lower()
    for word in ("last seen", "online", "active", "last logged", "ago"):
        assert word not in page


def test_someone_logged_out_is_sent_to_the_login(person: Callable[[str], Person]) -> None:
    stranger = person("stranger")
    answer = stranger.get("/couple")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login")
