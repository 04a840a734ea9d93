"""Sharing: off by default, exactly what was chosen reaches the partner, taking back works at
once."""

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from sqlalchemy import select

from nabij.instruments.intake import SafetyScreen
from nabij.store import records
from nabij.store.tables import User
from tests import personas, unlock
from tests.web.people import PASSWORD, Person
from tests.web.routes import every_route
from tests.web.test_couple import joined, link

NOW = datetime(2026, 11, 20, 12, 0)
FIRST_DAY = date(2026, 10, 20)
SHARED_NOTE = "Ik mis onze wandelingen op zondag."
CANARY = "KANARIE-7731-onzichtbaar"
CANARY_RITUAL = "KANARIE-ritueel-0412"
PICTURE = re.compile(r'<div class="shared-picture">.*?</div><!-- /shared-picture -->', re.S)
NOTE_BOX = re.compile(
    r'name="note" value="([0-9a-f]{32})"[^>]*> <span><span class="muted">[^<]*</span> '
    r'<span class="note-text">([^<]*)</span>'
)


def seed(
    app: FastAPI,
    login: str,
    checkins: list[dict[str, Any]],
    intake: dict[str, Any] | None = None,
    shared_notes: Iterable[str] = (),
) -> None:
    """Store an intake and check-ins for ``login``, as if typed in; ``shared_notes`` ticked."""
    partner = personas.record(
        personas.partner("a", login, intake or personas.intake(), checkins)
    ).partners[0]
    ticked = set(shared_notes)
    with app.state.sessions() as db:
        user = db.scalars(select(User).where(User.login == login)).one()
        who = unlock.viewer(db, user, PASSWORD)
        records.save_intake(db, who.keys, partner.intake, NOW)
        for checkin in partner.checkins:
            shared = checkin.note in ticked
            records.save_checkin(
                db, who.keys, checkin, backfilled=False, note_shared=shared, now=NOW
            )
        records.sync_couple_copies(db, who.keys, who.own_shares)
        db.commit()


def sanne_days() -> list[dict[str, Any]]:
    """Return Sanne's ten days: one note meant for Mark, two private ones with canaries."""
    days = personas.days(10, start=FIRST_DAY)
    days[2]["note"] = SHARED_NOTE
    days[5]["note"] = f"Vandaag was zwaar. {CANARY}"
    days[8]["note"] = CANARY
    days[8]["rituals"] = [CANARY_RITUAL]
    return days


def couple(person: Callable[[str], Person], app: FastAPI) -> tuple[Person, Person]:
    """Return Sanne and Mark, linked, with Sanne's days in nabij and nothing shared yet."""
    sanne, mark = joined(person, "sanne"), joined(person, "mark")
    link(sanne, mark)
    seed(app, "sanne", sanne_days(), personas.intake(attachment={"anxiety": 6.0, "avoidance": 2.0}))
    return sanne, mark


def note_ids(sanne: Person) -> dict[str, str]:
    """Return Sanne's notes (text → check-in id) from her sharing page."""
    page = sanne.get("/sharing").text.replace("&#39;", "'")
    return {text: checkin_id for checkin_id, text in NOTE_BOX.findall(page)}


def share(person: Person, *categories: str, notes: Iterable[str] = ()) -> None:
    """Save the sharing form with exactly these categories and notes ticked."""
    data: dict[str, object] = {"notes_listed": "1", "share": list(categories), "note": list(notes)}
    answer = person.post("/sharing", data)
    assert answer.status_code == 303, answer.text


def partner_pages(app: FastAPI) -> list[str]:
    """Return every page without a parameter that a logged-in person can open."""
    paths = {
        route.path
        for route in every_route(app)
        if route.method == "GET" and "{" not in route.path and route.path != "/static"
    }
    return sorted(paths - {"/healthz"})


def test_nothing_is_shared_by_default(person: Callable[[str], Person], app: FastAPI) -> None:
    sanne, mark = couple(person, app)
    form = sanne.get("/sharing").text
    assert 'name="share"' in form
    assert not re.search(r'name="(share|note)" value="[^"]+" checked', form)
    shown = mark.get("/shared").text
    assert "Nothing is shared with you right now." in shown
    assert SHARED_NOTE not in shown
    assert "<table" not in shown
    preview = sanne.get("/sharing/preview").text
    assert "your partner sees nothing of yours" in preview


def test_a_shared_note_reaches_the_partner_and_taking_it_back_works_at_once(
    person: Callable[[str], Person], app: FastAPI
) -> None:
    sanne, mark = couple(person, app)
    ids = note_ids(sanne)
    share(sanne, "notes", notes=[ids[SHARED_NOTE]])
    shown = mark.get("/shared").text
    assert SHARED_NOTE in shown
    assert 'datetime="2026-10-22"' in shown  # the note's own date, nothing else
    assert CANARY not in shown
    share(sanne, "notes")
    assert SHARED_NOTE not in mark.get("/shared").text


def test_turning_off_notes_takes_back_every_ticked_note(
    person: Callable[[str], Person], app: FastAPI
) -> None:
    sanne, mark = couple(person, app)
    share(sanne, "notes", notes=[note_ids(sanne)[SHARED_NOTE]])
    assert SHARED_NOTE in mark.get("/shared").text
    share(sanne, "daily_scores", notes=[note_ids(sanne)[SHARED_NOTE]])
    assert SHARED_NOTE not in mark.get("/shared").text
    share(sanne, "notes")  # on again: the earlier tick does not come back by itself
    assert SHARED_NOTE not in mark.get("/shared").text


def test_shared_daily_scores_reach_the_partner_and_unsharing_hides_them(
    person: Callable[[str], Person], app: FastAPI
) -> None:
    sanne, mark = couple(person, app)
    share(sanne, "daily_scores")
    shown = mark.get("/shared").text
    assert shown.count('<th scope="row"><time datetime="2026-10-') == 10
    assert SHARED_NOTE not in shown  # scores do not bring notes along
    share(sanne)
    assert 'datetime="2026-10-' not in mark.get("/shared").text


def test_shared_tendencies_show_the_tendency_and_scores(
    person: Callable[[str], Person], app: FastAPI
) -> None:
    sanne, mark = couple(person, app)
    assert "Anxious" not in mark.get("/shared").text
    share(sanne, "tendencies")
    shown = mark.get("/shared").text
    assert "Anxious" in shown
    assert "6.0 on a scale of 1 to 7" in shown
    assert "<table" not in shown


def test_the_preview_is_exactly_what_the_partner_sees(
    person: Callable[[str], Person], app: FastAPI
) -> None:
    sanne, mark = couple(person, app)
    share(sanne, "notes", "daily_scores", "tendencies", notes=[note_ids(sanne)[SHARED_NOTE]])
    preview = PICTURE.search(sanne.get("/sharing/preview").text)
    seen = PICTURE.search(mark.get("/shared").text)
    assert preview is not None
    assert seen is not None
    assert preview.group(0) == seen.group(0)
    assert SHARED_NOTE in preview.group(0)
    assert CANARY not in preview.group(0)


def test_no_page_the_partner_can_open_shows_an_unshared_value(
    person: Callable[[str], Person], app: FastAPI
) -> None:
    sanne, mark = couple(person, app)
    charlie = joined(person, "charlie")
    seed(app, "mark", personas.days(5, start=FIRST_DAY))
    share(sanne, "notes", "tendencies", notes=[note_ids(sanne)[SHARED_NOTE]])
    share(mark, "notes", "tendencies")
    for path in partner_pages(app):
        for someone in (mark, charlie):
            page = someone.get(path).text
            assert CANARY not in page, path
            assert CANARY_RITUAL not in page, path
        assert SHARED_NOTE not in charlie.get(path).text, path
    fields: dict[str, object] = {"form": "export", "kind": "record", "password": PASSWORD}
    download = mark.post("/export", fields, page="/export")
    assert download.status_code == 200
    assert CANARY not in download.text
    assert SHARED_NOTE not in download.text


def test_someone_elses_note_cannot_be_shared(person: Callable[[str], Person], app: FastAPI) -> None:
    sanne, mark = couple(person, app)
    share(sanne, "notes")
    canary_id = note_ids(sanne)[CANARY]
    share(mark, "notes", notes=[canary_id])
    assert CANARY not in mark.get("/shared").text
    assert CANARY not in sanne.get("/shared").text


def test_the_partners_view_is_the_same_whatever_the_safety_answers(
    person: Callable[[str], Person], app: FastAPI
) -> None:
    sanne, mark = couple(person, app)
    share(sanne, "notes", "daily_scores", "tendencies", notes=[note_ids(sanne)[SHARED_NOTE]])
    before = mark.get("/shared").text
    with app.state.sessions() as db:
        user = db.scalars(select(User).where(User.login == "sanne")).one()
        screen = SafetyScreen(True, True, True, True, True)
        assert records.save_safety_screen(db, unlock.own_keys(user, PASSWORD), screen, NOW)
        db.commit()
    assert mark.get("/shared").text == before


def test_after_leaving_the_partner_loses_everything_shared_and_the_leaver_keeps_it(
    person: Callable[[str], Person], app: FastAPI
) -> None:
    sanne, mark = couple(person, app)
    share(sanne, "notes", "daily_scores", notes=[note_ids(sanne)[SHARED_NOTE]])
    assert SHARED_NOTE in mark.get("/shared").text
    assert sanne.post("/couple/leave", page="/couple/leave").status_code == 303
    shown = mark.get("/shared").text
    assert SHARED_NOTE not in shown
    assert 'datetime="2026-10-' not in shown
    assert "You are not linked with a partner." in shown
    kept = sanne.get("/sharing").text
    assert SHARED_NOTE in kept
    assert CANARY in kept
    assert not re.search(r'name="(share|note)" value="[^"]+" checked', kept)  # sharing reset


def test_the_partner_who_leaves_takes_their_shares_along_too(
    person: Callable[[str], Person], app: FastAPI
) -> None:
    sanne, mark = couple(person, app)
    share(sanne, "notes", notes=[note_ids(sanne)[SHARED_NOTE]])
    assert mark.post("/couple/leave", page="/couple/leave").status_code == 303
    assert SHARED_NOTE not in mark.get("/shared").text
    # Sanne stays in the space; a newcomer who joins later sees nothing of her old choices.
    eva = joined(person, "eva")
    link(sanne, eva)
    assert SHARED_NOTE not in eva.get("/shared").text


def test_dates_on_the_partner_view_are_only_those_of_shared_items(
    person: Callable[[str], Person], app: FastAPI
) -> None:
    sanne, mark = couple(person, app)
    share(sanne, "notes", notes=[note_ids(sanne)[SHARED_NOTE]])
    shown = mark.get("/shared").text
    dates = set(re.findall(r'datetime="(\d{4}-\d{2}-\d{2})"', shown))
    assert dates == {(FIRST_DAY + timedelta(days=2)).isoformat()}
