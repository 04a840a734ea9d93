"""The consent notice: versioned alike in both languages, short, complete and with both boxes."""

from collections.abc import Iterator
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest

from nabij.model import notice as notice_module
from nabij.model.ids import Lang
from nabij.model.notice import (
    NOTICE_MAX_WORDS,
    ConsentBox,
    ConsentItem,
    Notice,
    NoticeError,
    NoticeSection,
    current_version,
    notice,
)

DATA = Path(str(files("nabij.model") / "data"))
DOCS = Path(__file__).resolve().parents[2] / "docs"
# The day this notice was last reviewed; a notice date after it is a typo. Move it deliberately.
REVIEWED_ON = date(2026, 11, 25)
BLAMING = ("jouw schuld", "your fault", "you always", "jij altijd")
# What the notice must tell, per language: stored where, who sees what, nothing leaves, special
# categories and consent, the age limit, taking data out or deleting it, and not a therapist.
MUST_MENTION = {
    Lang.NL: (
        "intake", "check-ins", "notities", "deze server", "je partner", "standaard uit",
        "veiligheidsvragen", "nooit", "trackers", "gezondheid", "seksleven", "geweld",
        "uitdrukkelijk", "toestemming", "16", "downloaden", "wissen", "geen therapeut",
    ),
    Lang.EN: (
        "intake", "check-ins", "notes", "this server", "your partner", "off by default",
        "safety questions", "never", "trackers", "health", "sex life", "violence",
        "explicit", "consent", "16", "download", "delete", "not a therapist",
    ),
}  # fmt: skip


def _texts(entry: Notice) -> list[str]:
    texts = [entry.title, *(s.heading for s in entry.sections)]
    texts += [item for s in entry.sections for item in s.items]
    return texts + [text for box in entry.checkboxes for text in (box.label, box.error)]


def test_both_languages_carry_the_same_version_and_date() -> None:
    nl, en = notice(Lang.NL), notice(Lang.EN)
    assert (nl.version, nl.date) == (en.version, en.date)
    assert current_version() == (nl.version, nl.date)
    assert nl.version.strip()


def test_the_notice_date_is_a_real_day_not_after_the_review() -> None:
    day = notice(Lang.NL).date
    assert type(day) is date
    assert date(2026, 1, 1) <= day <= REVIEWED_ON


@pytest.mark.parametrize("lang", list(Lang))
def test_the_notice_stays_short_enough_to_read_before_the_first_question(lang: Lang) -> None:
    assert 0 < notice(lang).word_count() <= NOTICE_MAX_WORDS


def test_the_word_count_covers_title_headings_and_items_but_not_the_boxes() -> None:
    sample = Notice(
        lang=Lang.EN,
        version="x",
        date=date(2026, 1, 1),
        title="Before you start",
        sections=(NoticeSection("Two words", ("one two three", "four")),),
        checkboxes=(ConsentBox(ConsentItem.AGE, "not counted here", "nor here"),),
    )
    assert sample.word_count() == 3 + 2 + 4


@pytest.mark.parametrize("lang", list(Lang))
def test_the_notice_tells_everything_someone_consents_to(lang: Lang) -> None:
    body = " ".join(_texts(notice(lang))).lower()
    missing = [phrase for phrase in MUST_MENTION[lang] if phrase.lower() not in body]
    assert missing == []


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("item", list(ConsentItem))
def test_both_checkboxes_have_a_label_and_an_error(item: ConsentItem, lang: Lang) -> None:
    box = notice(lang).box(item)
    assert box.item is item
    assert box.label.strip()
    assert box.error.strip()
    assert box.label != box.error


def test_the_age_box_names_the_age_limit_in_both_languages() -> None:
    for lang in Lang:
        box = notice(lang).box(ConsentItem.AGE)
        assert "16" in box.label
        assert "16" in box.error


def test_dutch_and_english_have_the_same_sections_and_items() -> None:
    nl, en = notice(Lang.NL), notice(Lang.EN)
    assert [len(s.items) for s in nl.sections] == [len(s.items) for s in en.sections]
    assert [b.item for b in nl.checkboxes] == [b.item for b in en.checkboxes]
    assert set(_texts(nl)).isdisjoint(_texts(en))


@pytest.mark.parametrize("lang", list(Lang))
def test_no_notice_text_uses_a_blaming_phrase(lang: Lang) -> None:
    assert [t for t in _texts(notice(lang)) if any(p in t.lower() for p in BLAMING)] == []


# --- a broken data file is refused ----------------------------------------------------------


@pytest.fixture
def dutch_notice_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the loader at copies of both notice files; a test may break the Dutch one."""
    (tmp_path / "data").mkdir()
    for lang in Lang:
        name = f"notice.{lang.value}.toml"
        (tmp_path / "data" / name).write_bytes((DATA / name).read_bytes())
    monkeypatch.setattr(notice_module, "files", lambda _package: tmp_path)
    notice.cache_clear()
    yield tmp_path / "data" / "notice.nl.toml"
    notice.cache_clear()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("date = 2026-11-25", "date = 2026-11-25T12:00:00", "'date' must be a date"),
        ("[checkbox.age]", "[checkbox.adult]", "checkbox"),
        ('label = "Ik ben 16 jaar of ouder."', 'label = " "', r"checkbox\.age.*'label'"),
        ('heading = "Wie wat ziet"\n', "", r"section.*heading"),
    ],
    ids=["datetime", "unknown box", "empty label", "missing heading"],
)
def test_a_broken_notice_file_is_refused_naming_the_key(
    dutch_notice_file: Path, old: str, new: str, message: str
) -> None:
    text = dutch_notice_file.read_text(encoding="utf-8")
    assert old in text
    dutch_notice_file.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(NoticeError, match=message):
        notice(Lang.NL)


def test_languages_that_disagree_on_the_version_cannot_be_recorded(
    dutch_notice_file: Path,
) -> None:
    assert current_version()[0] == "1"  # the unbroken copies agree
    notice.cache_clear()
    text = dutch_notice_file.read_text(encoding="utf-8")
    dutch_notice_file.write_text(text.replace('version = "1"', 'version = "2"'), encoding="utf-8")
    with pytest.raises(NoticeError, match="same version"):
        current_version()


def test_the_content_page_documents_the_notice_files_and_loader() -> None:
    doc = (DOCS / "content.md").read_text(encoding="utf-8")
    for name in ("notice.nl.toml", "notice.en.toml", "nabij.model.notice.notice"):
        assert f"`{name}`" in doc, name
