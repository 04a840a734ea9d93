"""The coach page: the analysis as you type, the page without JavaScript, and kept drafts."""

import html
import logging
import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine

from nabij.coach.analysis import MAX_CHARS
from tests.databases import row_counts, stored_text
from tests.web.people import Person

BLAMING = "Jij laat me altijd alleen met de kinderen!"
WARM = "Ik voel me alleen. Dank je dat je luistert, ik heb je nodig."
ENGLISH = "You never listen to me, you are so selfish."
THREAT = "Ik sla je als je dat nog eens doet"
SELF_HARM = "Ik wil er niet meer zijn"

_MESSAGE = re.compile(r'<p class="coach-message" lang="(\w+)">(.*?)</p>', re.DOTALL)
_MARK = re.compile(r'<mark class="(wall|door)" title="[^"]*">(.*?)</mark>', re.DOTALL)
_HIDDEN = re.compile(r'<span class="visually-hidden">.*?</span>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _message(page: str) -> tuple[str, str]:
    """Return the language and the marked-up text of the highlighted message on a page."""
    found = _MESSAGE.search(page)
    assert found is not None, "no highlighted message"
    return found.group(1), found.group(2)


def _marks(page: str) -> list[tuple[str, str]]:
    """Return (kind, words) of each mark in the highlighted message."""
    return [(kind, html.unescape(words)) for kind, words in _MARK.findall(_message(page)[1])]


def _shown_text(page: str) -> str:
    """Return the highlighted message as a sighted reader sees it (hidden names left out)."""
    return html.unescape(_TAG.sub("", _HIDDEN.sub("", _message(page)[1])))


def _textarea(page: str) -> str:
    found = re.search(r'<textarea id="text"[^>]*>(.*?)</textarea>', page, re.DOTALL)
    assert found is not None, "no message field"
    return html.unescape(found.group(1))


def _analyse(person: Person, message: str, text_lang: str = "auto") -> str:
    answer = person.post("/coach/analyse", {"text": message, "text_lang": text_lang}, page="/coach")
    assert answer.status_code == 200, answer.status_code
    return answer.text


@pytest.fixture
def sanne(person: Callable[[str], Person]) -> Person:
    return person("sanne").register()


def test_it_marks_the_blame_in_a_dutch_message_and_offers_a_rewrite(sanne: Person) -> None:
    page = _analyse(sanne, BLAMING)
    lang, _ = _message(page)
    assert lang == "nl"
    assert _marks(page) == [("wall", "Jij laat me altijd alleen")]
    assert _shown_text(page) == BLAMING
    assert 'data-label="blame"' in page
    assert 'data-label="generalization"' in page
    rewrite = re.search(r'<blockquote class="coach-rewrite" id="coach-rewrite"[^>]*>(.+?)<', page)
    assert rewrite is not None
    assert "altijd" not in rewrite.group(1)
    assert 'data-copy="coach-rewrite"' in page


def test_it_names_each_mark_in_words_so_colour_is_not_the_only_cue(sanne: Person) -> None:
    page = _analyse(sanne, BLAMING)
    marked = _message(page)[1]
    assert 'title="Verwijt, Altijd en nooit"' in marked
    assert re.search(r'<span class="visually-hidden"> \([^)]*Verwijt, Altijd en nooit\)', marked)


def test_it_shows_the_doors_of_a_warm_message_and_no_wall(sanne: Person) -> None:
    page = _analyse(sanne, WARM)
    kinds = {kind for kind, _ in _marks(page)}
    assert kinds == {"door"}
    assert ("door", "Ik voel me") in _marks(page)
    assert _shown_text(page) == WARM
    assert 'id="coach-rewrite"' not in page
    assert 'data-label="feeling"' in page
    assert 'data-label="appreciation"' in page


def test_it_reads_an_english_message_as_english(sanne: Person) -> None:
    page = _analyse(sanne, ENGLISH)
    lang, _ = _message(page)
    assert lang == "en"
    assert _marks(page) == [("wall", "You never listen"), ("wall", "you are so selfish")]
    assert re.search(r'<blockquote class="coach-rewrite" id="coach-rewrite" lang="en">I ', page)


def test_a_chosen_language_overrides_the_detected_one(sanne: Person) -> None:
    assert _message(_analyse(sanne, "ok", "en"))[0] == "en"
    assert _message(_analyse(sanne, "ok", "nl"))[0] == "nl"


@pytest.mark.parametrize(("message", "number"), [(THREAT, "0800-2000"), (SELF_HARM, "0800-0113")])
def test_a_message_about_harm_shows_crisis_lines_and_no_rewrite(
    sanne: Person, message: str, number: str
) -> None:
    page = _analyse(sanne, message)
    assert 'class="coach-safety"' in page
    assert number in page
    assert 'href="tel:112"' in page
    assert "Eerst je veiligheid" in page
    assert 'id="coach-rewrite"' not in page
    assert 'class="coach-answers"' not in page


def test_a_message_without_harm_shows_no_crisis_lines(sanne: Person) -> None:
    page = _analyse(sanne, BLAMING)
    assert 'class="coach-safety"' not in page
    assert "0800-2000" not in page


def test_a_too_long_message_stays_in_the_field_with_the_problem_next_to_it(sanne: Person) -> None:
    message = "Ik mis je. " * (MAX_CHARS // 10)
    assert len(message) > MAX_CHARS
    answer = sanne.post("/coach", {"text": message})
    assert answer.status_code == 400
    assert _textarea(answer.text) == message
    field = re.search(
        r'<div class="field has-error">(.*?)</div>\s*<div class="field', answer.text, re.DOTALL
    )
    assert field is not None
    assert 'id="text-error"' in field.group(1)
    assert 'aria-invalid="true"' in field.group(1)
    assert "coach-message" not in answer.text


def test_while_typing_a_too_long_message_gets_its_problem_by_the_field(sanne: Person) -> None:
    page = _analyse(sanne, "a" * (MAX_CHARS + 1))
    problem = re.search(r'<div id="text-problem" hx-swap-oob="innerHTML">(.*?)</div>', page)
    assert problem is not None
    assert 'id="text-error"' in problem.group(1)
    assert "coach-message" not in page
    fine = _analyse(sanne, BLAMING)
    assert '<div id="text-problem" hx-swap-oob="innerHTML"></div>' in fine


def test_an_empty_field_while_typing_is_not_an_error(sanne: Person) -> None:
    page = _analyse(sanne, "   ")
    assert 'id="text-error"' not in page
    assert "coach-message" not in page


def test_without_javascript_the_form_shows_the_same_analysis_in_the_whole_page(
    sanne: Person,
) -> None:
    form = sanne.get("/coach").text
    assert 'action="/coach"' in form
    assert 'hx-post="/coach/analyse"' in form
    answer = sanne.post("/coach", {"text": BLAMING, "text_lang": "auto"})
    assert answer.status_code == 200
    assert "<nav" in answer.text
    assert _textarea(answer.text) == BLAMING
    assert _marks(answer.text) == [("wall", "Jij laat me altijd alleen")]
    assert 'id="coach-rewrite"' in answer.text
    empty = sanne.post("/coach", {"text": ""})
    assert empty.status_code == 400
    assert 'id="text-error"' in empty.text


def test_analysing_writes_nothing_to_the_database_or_the_log(
    app: FastAPI, sanne: Person, caplog: pytest.LogCaptureFixture
) -> None:
    engine: Engine = app.state.engine
    message = "Jij vergeet zeldzaamheidsproef altijd, je bent zo egoistisch."
    sanne.get("/coach")
    before = row_counts(engine)
    assert before["users"] == 1
    caplog.set_level(logging.DEBUG)
    for logger in ("nabij", "uvicorn", "uvicorn.access", "uvicorn.error"):
        caplog.set_level(logging.DEBUG, logger=logger)
    page = _analyse(sanne, message)
    assert "zeldzaamheidsproef" in page
    assert row_counts(engine) == before
    assert "zeldzaamheidsproef" not in stored_text(engine)
    assert "POST /coach/analyse 200" in caplog.text
    assert "zeldzaamheidsproef" not in caplog.text
    assert not any("zeldzaamheidsproef" in str(r.args) for r in caplog.records)


def _keep(person: Person, message: str) -> str:
    answer = person.post("/coach/keep", {"text": message, "text_lang": "auto"}, page="/coach")
    assert answer.status_code == 303, answer.status_code
    location = answer.headers["location"]
    assert "altijd" not in location
    assert "mis" not in location
    query = parse_qs(urlsplit(location).query)
    assert urlsplit(location).path == "/coach"
    return query["draft"][0]


def test_a_kept_draft_is_listed_newest_first_opens_in_the_coach_and_can_be_deleted(
    sanne: Person,
) -> None:
    first = _keep(sanne, BLAMING)
    second = _keep(sanne, "Ik mis je vanavond.")
    listed = sanne.get("/coach/drafts").text
    assert listed.index("Ik mis je vanavond.") < listed.index("Jij laat me altijd alleen")
    opened = sanne.get(f"/coach?draft={first}")
    assert opened.status_code == 200
    assert _textarea(opened.text) == BLAMING
    assert _marks(opened.text) == [("wall", "Jij laat me altijd alleen")]
    deleted = sanne.post(f"/coach/drafts/{first}/delete", page="/coach/drafts")
    assert deleted.status_code == 303
    assert deleted.headers["location"] == "/coach/drafts"
    listed = sanne.get("/coach/drafts").text
    assert "Jij laat me altijd alleen" not in listed
    assert "Ik mis je vanavond." in listed
    assert sanne.get(f"/coach?draft={first}").status_code == 404
    assert sanne.get(f"/coach?draft={second}").status_code == 200


def test_a_draft_is_kept_only_when_asked_and_never_empty(app: FastAPI, sanne: Person) -> None:
    engine: Engine = app.state.engine
    sanne.post("/coach", {"text": BLAMING})
    assert row_counts(engine)["drafts"] == 0
    empty = sanne.post("/coach/keep", {"text": "  "}, page="/coach")
    assert empty.status_code == 400
    assert 'id="text-error"' in empty.text
    too_long = "a" * (MAX_CHARS + 1)
    refused = sanne.post("/coach/keep", {"text": too_long}, page="/coach")
    assert refused.status_code == 400
    assert _textarea(refused.text) == too_long
    assert row_counts(engine)["drafts"] == 0
    _keep(sanne, BLAMING)
    assert row_counts(engine)["drafts"] == 1


def test_charlie_can_neither_see_nor_delete_sannes_draft(
    sanne: Person, person: Callable[[str], Person]
) -> None:
    draft = _keep(sanne, BLAMING)
    charlie = person("charlie").register()
    assert charlie.get(f"/coach?draft={draft}").status_code == 404
    assert "Jij laat me" not in charlie.get("/coach/drafts").text
    refused = charlie.post(f"/coach/drafts/{draft}/delete", page="/coach/drafts")
    assert refused.status_code == 404
    assert "Jij laat me" not in refused.text
    assert sanne.get(f"/coach?draft={draft}").status_code == 200


def test_the_analyse_endpoint_takes_only_a_post_with_csrf_proof(sanne: Person) -> None:
    assert sanne.get("/coach/analyse").status_code == 405
    refused = sanne.client.post(
        "/coach/analyse", data={"text": BLAMING}, headers={"sec-fetch-site": "same-origin"}
    )
    assert refused.status_code == 403
    assert "Jij laat me" not in refused.text
    cross_site = sanne.post(
        "/coach/analyse", {"text": BLAMING}, page="/coach", headers={"sec-fetch-site": "cross-site"}
    )
    assert cross_site.status_code == 403


def test_the_coach_needs_a_login(person: Callable[[str], Person]) -> None:
    visitor = person("visitor")
    answer = visitor.get("/coach")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login")
    assert visitor.get("/coach/drafts").status_code == 303


@pytest.mark.parametrize("path", ["/coach", "/coach/keep"])
def test_a_submit_refused_for_an_old_token_shows_the_message_again(
    app: FastAPI, sanne: Person, path: str
) -> None:
    refused = sanne.client.post(
        path,
        data={"csrf_token": "0" * 64, "text": BLAMING, "text_lang": "nl"},
        headers={"sec-fetch-site": "same-origin"},
    )
    assert refused.status_code == 403
    assert _textarea(refused.text) == BLAMING
    assert '<option value="nl" lang="nl" selected>' in refused.text
    assert row_counts(app.state.engine)["drafts"] == 0


def test_the_page_speaks_english_when_the_interface_is_english(sanne: Person) -> None:
    sanne.post("/lang", {"lang": "en", "next": "/coach"})
    page = _analyse(sanne, BLAMING)
    assert 'title="Blame, Always and never"' in page
    assert "Walls: these push the other away" in page
    assert _message(page)[0] == "nl"
