"""The chat page: upload an export, see what it shows, and nothing of it is kept or logged."""

import html
import io
import logging
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from httpx2 import Response
from sqlalchemy import Engine

from nabij.services import chat as chat_service
from nabij.web.routes import chat as chat_route
from nabij.web.upload import FRAMING
from tests.databases import row_counts, stored_text
from tests.web.people import Person

FIXTURES = Path(__file__).parents[1] / "conversation" / "fixtures"
SVG_ROOT = re.compile(r"<svg\b[^>]*>")


def _lines(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


# Sanne and Mark, with Eva (Sanne's sister) in the same group chat.
THREE_SENDERS = _lines(
    "03-01-2024 20:15 - Sanne: Ben je al onderweg?",
    "03-01-2024 20:31 - Mark: Bijna. File bij Utrecht",
    "03-01-2024 20:40 - Eva: Ik kom morgen langs",
    "03-01-2024 20:41 - Sanne: Ik voel me alleen de laatste tijd.",
    "03-01-2024 20:52 - Mark: Dank je dat je het zegt",
)
# A chat in which one message threatens harm: the page must open with the crisis lines.
THREATENING = _lines(
    "03-01-2024 20:15 - Sanne: Ik voel me alleen de laatste tijd.",
    "03-01-2024 20:31 - Mark: Ik sla je als je dat nog eens doet",
    "03-01-2024 20:32 - Sanne: Ik ben bang",
)


def _upload(
    person: Person,
    content: bytes,
    *,
    name: str = "chat.txt",
    fields: dict[str, str] | None = None,
) -> Response:
    """Send the chat form with a file, as a browser does."""
    token = person.token("/chat")
    return person.client.post(
        "/chat",
        data={"csrf_token": token, **(fields or {})},
        files={"file": (name, content, "text/plain")},
        headers={"sec-fetch-site": "same-origin"},
    )


def _text(page: str) -> str:
    """Return a page's text without tags, unescaped, on one line."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _senders(page: str) -> str:
    """Return the text of the table of messages per person."""
    found = re.search(r'<table id="chat-senders">.*?</table>', page, re.DOTALL)
    assert found is not None, "no table of senders"
    return _text(found.group(0))


@pytest.fixture
def sanne(person: Callable[[str], Person]) -> Person:
    """Sanne, logged in, with the interface in English."""
    sanne = person("sanne").register()
    sanne.post("/lang", {"lang": "en", "next": "/chat"})
    return sanne


def test_an_uploaded_export_shows_its_counts_trend_dance_and_model(sanne: Person) -> None:
    answer = _upload(sanne, (FIXTURES / "android_en.txt").read_bytes(), fields={"me": "Mark"})
    assert answer.status_code == 200, _text(answer.text)
    page = answer.text
    shown = _text(page)
    # Counts per partner: each wrote 4 messages, one of them a file; skipped lines by reason.
    rows = _senders(page)
    assert "Mark 4 1" in rows
    assert "Sanne 4 1" in rows
    assert rows.index("Mark") < rows.index("Sanne")  # "me" comes first
    assert 'id="chat-skipped"' in page
    assert "Deleted messages (2)" in shown
    # The trend as a chart with its table, the sequences, the dance and the model.
    assert 'id="chart-doors-figure"' in page
    assert '<table id="chat-weeks">' in page
    assert "week 1, 2024" in shown
    assert "A wall answered with a wall" in shown
    assert "Your dance" in shown
    assert "How your quarrels unfold" in shown
    # The page says that the partner's words are in it too and that nothing is kept.
    assert "This chat holds the words of you both" in shown
    assert "Nothing of this chat is kept" in shown
    # No safety notice for an ordinary chat.
    assert 'id="chat-safety"' not in page
    assert 'href="tel:' not in page


def test_every_inline_svg_on_the_result_obeys_the_content_security_policy(sanne: Person) -> None:
    answer = _upload(sanne, (FIXTURES / "android_nl.txt").read_bytes())
    assert answer.status_code == 200
    assert "style-src 'self'" in answer.headers["content-security-policy"]
    page = answer.text
    assert 'id="chat-plot"' in page
    assert len(SVG_ROOT.findall(page)) >= 2  # the doors chart and the phase plot
    assert " style=" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert not re.search(r"\son[a-z]+=", page)


def test_a_chat_with_more_than_two_senders_asks_which_two_are_the_couple(sanne: Person) -> None:
    asked = _upload(sanne, THREE_SENDERS)
    assert asked.status_code == 200
    assert 'id="partners"' in asked.text
    assert '<option value="Eva"' in asked.text
    assert "Choose the file again" in _text(asked.text)
    assert "Ik voel me alleen" not in asked.text  # nothing of the chat but the names
    chosen = _upload(
        sanne, THREE_SENDERS, fields={"partner_a": "Sanne", "partner_b": "Mark", "me": "Sanne"}
    )
    assert chosen.status_code == 200, _text(chosen.text)
    assert "Eva (not one of the two of you) 1 0" in _senders(chosen.text)


def test_a_name_that_does_not_write_in_the_chat_is_shown_next_to_its_field(sanne: Person) -> None:
    answer = _upload(sanne, (FIXTURES / "android_en.txt").read_bytes(), fields={"me": "Piet"})
    assert answer.status_code == 400
    assert 'id="me-error"' in answer.text
    assert "‘Piet’ does not write in this chat" in _text(answer.text)


def test_a_file_that_is_no_chat_names_the_line_and_shows_the_form_again(sanne: Person) -> None:
    garbage = b"\x00\x01\x02 geheimzinnigwoord\n\x9f\xff nothing here\n"
    answer = _upload(sanne, garbage, name="photo.txt")
    assert answer.status_code == 400
    page = answer.text
    error = re.search(r'<p class="field-error" id="file-error">(.*?)</p>', page, re.DOTALL)
    assert error is not None
    assert re.search(r"at line \d+ of the file", html.unescape(error.group(1)))
    assert "geheimzinnigwoord" not in page
    assert '<input id="file" name="file" type="file"' in page
    assert 'aria-invalid="true"' in page


def test_an_empty_form_asks_for_a_file(sanne: Person) -> None:
    answer = _upload(sanne, b"")
    assert answer.status_code == 400
    assert "Choose a file first." in answer.text


@pytest.mark.parametrize("extra", [1, FRAMING + 1], ids=["file", "body"])
def test_a_file_over_50_mb_is_refused_next_to_the_field(sanne: Person, extra: int) -> None:
    # Just over the limit the body is read and the file measured; far over it, the body is
    # refused by its declared length before it is read.
    too_large = b"x" * (chat_service.MAX_FILE_BYTES + extra)
    answer = _upload(sanne, too_large)
    assert answer.status_code == 413
    error = re.search(r'<p class="field-error" id="file-error">(.*?)</p>', answer.text, re.DOTALL)
    assert error is not None
    assert "larger than 50 MB" in error.group(1)
    # The form comes back whole, with a working token, and the file is asked for again.
    assert 'name="csrf_token"' in answer.text
    assert '<input id="file"' in answer.text


def test_the_chat_pages_need_a_login(person: Callable[[str], Person]) -> None:
    visitor = person("visitor")
    answer = visitor.get("/chat")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/chat"


def test_a_chat_that_speaks_of_harm_opens_with_the_private_notice_and_crisis_lines(
    sanne: Person,
) -> None:
    answer = _upload(sanne, THREATENING)
    assert answer.status_code == 200, _text(answer.text)
    page = answer.text
    notice = page.index('id="chat-safety"')
    assert notice < page.index('id="chat-counts"') < page.index('id="chat-trend"')
    assert 'href="tel:112"' in page
    assert "0800-2000" in page  # Veilig Thuis: the line for violence
    assert "For you only" in _text(page)
    # The model's reading says that a model of conflict does not fit when someone is afraid.
    model = page[page.index('id="chat-model"') :]
    assert "When someone is afraid, such a model does not fit" in _text(model)


def test_example_messages_are_shown_to_the_uploader_escaped(sanne: Person) -> None:
    chat = ["03-01-2024 20:00 - Mark: Hoi"]
    # A pursue–withdraw month: Sanne asks in bursts, Mark answers late and briefly.
    for day in range(1, 29):
        stamp = f"{day:02d}-02-2024"
        chat += [
            f"{stamp} 08:00 - Sanne: Waarom reageer je niet? <b>echt</b>",
            f"{stamp} 08:01 - Sanne: Ben je er?",
            f"{stamp} 08:02 - Sanne: Kunnen we vanavond praten?",
            f"{stamp} 08:03 - Sanne: Ik mis je",
            f"{stamp} 14:00 - Mark: laat maar",
        ]
    answer = _upload(sanne, _lines(*chat))
    assert answer.status_code == 200, _text(answer.text)
    page = answer.text
    assert 'id="dance-pursue_withdraw"' in page
    assert 'class="note-text chat-example"' in page
    assert "&lt;b&gt;echt&lt;/b&gt;" in page
    assert "<b>echt</b>" not in page


def _transcript(rounds: int) -> bytes:
    """A transcript in which both write a lot: on made-up minutes it would look dense and fast."""
    turn = ["Sanne: Hoi schat", "Sanne: Wat doe je?", "Mark: Aan je denken", "Mark: En jij?"]
    return _lines(*(turn * rounds))


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "en",
            [
                "This chat has no times, so reply times and pace are not read.",
                "Doors and walls in the whole chat",
                "Whole chat",
                "Not read without times: Clinging together, Parallel lives",
                "This chat has no times, so it is read as one conversation.",
            ],
        ),
        (
            "nl",
            [
                "Deze chat heeft geen tijden, dus antwoordtijden en tempo worden niet gelezen.",
                "Deuren en muren in de hele chat",
                "Hele chat",
            ],
        ),
    ],
)
def test_a_transcript_says_it_has_no_times_and_shows_nothing_read_from_them(
    sanne: Person, lang: str, words: list[str]
) -> None:
    sanne.post("/lang", {"lang": lang, "next": "/chat"})
    answer = _upload(sanne, _transcript(30))
    assert answer.status_code == 200, _text(answer.text)
    page = answer.text
    shown = _text(page)
    for expected in words:
        assert expected in shown
    # No made-up day, week or month, no reply time, no pace.
    for made_up in ("2000", "1999", "week 52", "week 1,"):
        assert made_up not in shown
    assert 'id="chart-doors-figure"' not in page
    assert 'id="chat-whole"' in page
    assert 'id="chat-months"' not in page
    assert 'id="dance-over_connection"' not in page
    if lang == "en":
        assert "How long a reply usually takes" not in shown
        assert "waited more than" not in shown


def test_one_long_message_is_counted_in_the_singular(sanne: Person) -> None:
    long = "x" * 6000
    answer = _upload(
        sanne, _lines(f"03-01-2024 20:15 - Sanne: {long}", "03-01-2024 20:31 - Mark: Hoi")
    )
    assert answer.status_code == 200, _text(answer.text)
    assert "1 very long message was read only for its first 5,000 characters." in _text(answer.text)


def test_nothing_of_the_chat_reaches_the_database_or_the_log(
    app: FastAPI, sanne: Person, caplog: pytest.LogCaptureFixture
) -> None:
    engine: Engine = app.state.engine
    secret = "zeldzaamheidsproef"
    chat = _lines(
        f"03-01-2024 20:15 - Sanne: Jij vergeet {secret} altijd, je bent zo egoistisch.",
        "03-01-2024 20:31 - Mark: Sorry, je hebt gelijk. Ik voel me moe.",
        f"03-01-2024 20:32 - Sanne: Dank je. {secret} morgen?",
    )
    sanne.get("/chat")
    before = row_counts(engine)
    assert before["users"] == 1
    caplog.set_level(logging.DEBUG)
    for logger in ("nabij", "uvicorn", "uvicorn.access", "uvicorn.error", "python_multipart"):
        caplog.set_level(logging.DEBUG, logger=logger)
    answer = _upload(sanne, chat)
    assert answer.status_code == 200
    assert row_counts(engine) == before
    assert secret not in stored_text(engine)
    assert "POST /chat 200" in caplog.text
    assert secret not in caplog.text
    assert not any(secret in str(r.args) for r in caplog.records)


def test_an_analysis_runs_in_a_worker_under_a_limit_of_two(
    sanne: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert chat_route.ANALYSES.total_tokens == 2
    seen: list[float] = []
    real = chat_service.analyse_upload

    def watched(*args: object, **kwargs: object) -> object:
        seen.append(chat_route.ANALYSES.borrowed_tokens)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(chat_service, "analyse_upload", watched)
    answer = _upload(sanne, (FIXTURES / "android_en.txt").read_bytes())
    assert answer.status_code == 200
    assert seen == [1]


def _zipped(chat: bytes) -> bytes:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_chat.txt", chat)
    return packed.getvalue()


def test_a_zipped_export_is_read_from_memory(sanne: Person) -> None:
    zipped = _zipped((FIXTURES / "ios_en.txt").read_bytes())
    answer = _upload(sanne, zipped, name="WhatsApp Chat.zip")
    assert answer.status_code == 200, _text(answer.text)
    assert '<table id="chat-senders">' in answer.text


def test_a_zip_that_unpacks_to_too_much_text_is_refused(
    sanne: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A zip bomb in miniature: the limit is lowered rather than the zip made huge.
    monkeypatch.setattr(chat_service, "MAX_TEXT_BYTES", 1000)
    zipped = _zipped((FIXTURES / "android_en.txt").read_bytes() * 10)
    assert len(zipped) < 1000
    answer = _upload(sanne, zipped, name="chat.zip")
    assert answer.status_code == 413
    assert "This chat holds more than 0 MB of text" in _text(answer.text)


def test_a_plain_export_with_too_much_text_is_refused(
    sanne: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chat_service, "MAX_TEXT_BYTES", 2 * 1024 * 1024)
    text = (FIXTURES / "android_en.txt").read_bytes()
    answer = _upload(sanne, text * (3 * 1024 * 1024 // len(text)), name="chat.txt")
    assert answer.status_code == 413
    assert "This chat holds more than 2 MB of text" in _text(answer.text)


def test_the_coach_and_insight_pages_link_to_the_chat_page(sanne: Person) -> None:
    for path in ("/coach", "/insight"):
        assert 'href="/chat"' in sanne.get(path).text


def test_a_form_sent_with_an_old_token_comes_back_with_its_choices(
    app: FastAPI, sanne: Person
) -> None:
    refused = sanne.client.post(
        "/chat",
        data={"csrf_token": "0" * 64, "me": "Mark", "order": "monthfirst"},
        files={"file": ("chat.txt", (FIXTURES / "android_en.txt").read_bytes(), "text/plain")},
        headers={"sec-fetch-site": "same-origin"},
    )
    assert refused.status_code == 403
    assert 'value="Mark"' in refused.text
    assert '<option value="monthfirst" selected>' in refused.text
    assert "Choose the file again" in _text(refused.text)
    assert "Running late" not in refused.text
