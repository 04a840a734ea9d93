"""The coach use case: one message bundled for the page, and the drafts a user keeps."""

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from nabij.coach.analysis import MAX_CHARS, analyse
from nabij.coach.labels import Label
from nabij.model.ids import Lang, SafetyConcern
from nabij.services import coach
from nabij.services.coach import Coaching, Mark, Problem, Refused
from nabij.services.people import Viewer, viewer
from nabij.store import accounts

NOW = datetime(2026, 11, 25, 12, 0)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PASSWORD = "zeven zonnige zondagen aan zee"


def _coached(text: str, ui: Lang = Lang.NL, lang: Lang | None = None) -> Coaching:
    result = coach.coach(text, ui, lang)
    assert isinstance(result, Coaching)
    return result


def test_it_finds_the_walls_of_a_reproach_and_offers_a_rewrite() -> None:
    result = _coached("Jij laat me altijd alleen met de kinderen!")
    assert [f.label for f in result.walls] == [Label.BLAME, Label.GENERALIZATION]
    assert result.walls[0].name == "Verwijt"
    assert result.walls[0].words == ("Jij laat me altijd alleen",)
    assert result.doors == ()
    assert result.rewrite is not None
    assert "altijd" not in result.rewrite
    assert result.answers
    assert result.safety is None


def test_it_marks_exactly_the_words_of_a_wall() -> None:
    pieces = _coached("Jij laat me altijd alleen met de kinderen!").pieces
    assert [(p.text, p.mark) for p in pieces] == [
        ("Jij laat me altijd alleen", Mark.WALL),
        (" met de kinderen!", None),
    ]
    assert pieces[0].names == ("Verwijt", "Altijd en nooit")


def test_a_warm_message_has_doors_and_no_rewrite() -> None:
    result = _coached("Ik voel me alleen. Dank je dat je luistert, ik heb je nodig.")
    assert result.walls == ()
    assert {f.label for f in result.doors} == {Label.FEELING, Label.NEED, Label.APPRECIATION}
    assert {p.mark for p in result.pieces} == {Mark.DOOR, None}
    assert result.rewrite is None


def test_the_words_are_in_the_interface_language_and_the_rewrite_in_the_messages() -> None:
    result = _coached("You never listen to me, you are so selfish.", ui=Lang.NL)
    assert result.text_lang is Lang.EN
    assert result.detected
    assert result.walls[0].name == "Verwijt"
    assert result.rewrite is not None
    assert result.rewrite.startswith("I ")
    assert _coached("ok", ui=Lang.EN).pieces[0].text == "ok"


def test_a_chosen_language_is_used_and_not_called_detected() -> None:
    result = _coached("ok", lang=Lang.EN)
    assert result.text_lang is Lang.EN
    assert not result.detected


@pytest.mark.parametrize(
    ("text", "concern", "number"),
    [
        ("Ik sla je als je dat nog eens doet", SafetyConcern.VIOLENCE, "0800-2000"),
        ("Ik wil er niet meer zijn", SafetyConcern.SELF_HARM, "0800-0113"),
    ],
)
def test_a_message_about_harm_gets_crisis_lines_instead_of_nicer_words(
    text: str, concern: SafetyConcern, number: str
) -> None:
    result = _coached(text)
    assert result.rewrite is None
    assert result.answers == ()
    assert result.safety is not None
    assert result.safety.title == "Eerst je veiligheid"
    numbers = [line.number for line in result.safety.lines]
    assert number in numbers
    assert "112" in numbers
    assert result.safety.lines == coach.crisis_lines(frozenset({concern}), Lang.NL)


def test_crisis_lines_follow_the_concern_and_the_language() -> None:
    violence = coach.crisis_lines(frozenset({SafetyConcern.VIOLENCE}), Lang.EN)
    self_harm = coach.crisis_lines(frozenset({SafetyConcern.SELF_HARM}), Lang.EN)
    assert "0800-2000" in [line.number for line in violence]
    assert "0800-2000" not in [line.number for line in self_harm]
    assert "1813" in [line.number for line in self_harm]
    assert any(line.name == "Emergency number 112" for line in violence)
    helpline = next(line for line in violence if line.number == "1712")
    assert not helpline.always_open
    assert coach.crisis_lines(frozenset(), Lang.NL) == ()


def test_a_crisis_line_dials_digits_only() -> None:
    line = coach.CrisisLine("0800-0113", "113", "NL", True, "")
    assert line.dial == "08000113"


@pytest.mark.parametrize(
    ("text", "problem"),
    [("", Problem.EMPTY), (" \n\t", Problem.EMPTY), ("a" * (MAX_CHARS + 1), Problem.TOO_LONG)],
)
def test_an_empty_or_too_long_message_is_refused_with_its_length(
    text: str, problem: Problem
) -> None:
    assert coach.coach(text, Lang.NL) == Refused(problem, len(text))
    assert coach.problem(text) == Refused(problem, len(text))


def test_a_message_of_exactly_the_limit_is_looked_at() -> None:
    assert isinstance(coach.coach("a" * MAX_CHARS, Lang.NL), Coaching)


@pytest.mark.parametrize(
    ("value", "lang"), [("nl", Lang.NL), ("en", Lang.EN), ("auto", None), ("", None), ("de", None)]
)
def test_a_forms_language_choice_is_nl_en_or_find_it(value: str, lang: Lang | None) -> None:
    assert coach.text_lang(value) is lang


WORDS = [
    "jij",
    "laat",
    "me",
    "altijd",
    "alleen",
    "nooit",
    "ik",
    "voel",
    "verdrietig",
    "dank",
    "je",
    "sorry",
    "idioot",
    "you",
    "never",
    "listen",
    "I",
    "feel",
    "thank",
    "!",
    ".",
    ",",
    "\n",
]


@given(st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join))
def test_the_pieces_are_exactly_the_message_and_cover_every_span(text: str) -> None:
    analysis = analyse(text)
    pieces = coach.highlight(analysis, Lang.NL)
    assert "".join(p.text for p in pieces) == text
    marks: list[Mark | None] = []
    for piece in pieces:
        marks += [piece.mark] * len(piece.text)
    for span in analysis.spans:
        covered = set(marks[span.start : span.end])
        if span.label.is_wall:
            assert covered == {Mark.WALL}
        else:
            # A door shows unless a wall lies over it.
            assert None not in covered
    in_spans = {i for s in analysis.spans for i in range(s.start, s.end)}
    assert all((mark is None) == (i not in in_spans) for i, mark in enumerate(marks))
    assert all(p.text and (p.mark is None) == (p.names == ()) for p in pieces)


@pytest.fixture
def db(clean_engine: Engine) -> Iterator[Session]:
    with Session(clean_engine) as session:
        yield session


def _person(db: Session, login: str) -> Viewer:
    account = accounts.register(db, login, PASSWORD, "nl", NOW)
    db.commit()
    return viewer(db, account.user, account.data_key)


def test_kept_drafts_are_the_users_own_newest_first_in_local_time(db: Session) -> None:
    sanne = _person(db, "sanne")
    first = coach.keep(db, sanne, "Ik mis je.", NOW)
    second = coach.keep(db, sanne, "You never listen.", NOW + timedelta(minutes=5))
    db.commit()
    assert isinstance(first, str)
    assert isinstance(second, str)
    kept = coach.kept(db, sanne, AMSTERDAM)
    assert [(d.id, d.text, d.lang) for d in kept] == [
        (second, "You never listen.", Lang.EN),
        (first, "Ik mis je.", Lang.NL),
    ]
    # 12:00 UTC is 13:00 in Amsterdam in November.
    assert kept[1].kept_at.hour == 13
    assert coach.kept_draft(db, sanne, first, AMSTERDAM) == kept[1]


def test_an_empty_or_too_long_draft_is_not_kept(db: Session) -> None:
    sanne = _person(db, "sanne")
    assert coach.keep(db, sanne, " ", NOW) == Refused(Problem.EMPTY, 1)
    too_long = "a" * (MAX_CHARS + 1)
    assert coach.keep(db, sanne, too_long, NOW) == Refused(Problem.TOO_LONG, len(too_long))
    db.commit()
    assert coach.kept(db, sanne, AMSTERDAM) == []


def test_nobody_else_can_open_or_delete_a_draft(db: Session) -> None:
    sanne = _person(db, "sanne")
    charlie = _person(db, "charlie")
    draft = coach.keep(db, sanne, "Ik mis je.", NOW)
    db.commit()
    assert isinstance(draft, str)
    assert coach.kept(db, charlie, AMSTERDAM) == []
    assert coach.kept_draft(db, charlie, draft, AMSTERDAM) is None
    assert not coach.forget(db, charlie, draft)
    db.commit()
    assert coach.kept_draft(db, sanne, draft, AMSTERDAM) is not None
    assert coach.forget(db, sanne, draft)
    db.commit()
    assert coach.kept(db, sanne, AMSTERDAM) == []
    assert not coach.forget(db, sanne, draft)
