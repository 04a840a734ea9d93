"""Finding a couples therapist: dated, complete for NL and BE in both languages, and honest."""

from collections.abc import Iterator
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest

from nabij.model import therapy as therapy_module
from nabij.model.ids import Lang
from nabij.model.therapy import Country, TherapyError, TherapyGuide, therapy, therapy_checked

DATA = Path(str(files("nabij.model") / "data"))
DOCS = Path(__file__).resolve().parents[2] / "docs"
# The day this content was last reviewed. A `checked` date after it is a typo or a guess; when
# the file is checked again, move this date with it, deliberately.
REVIEWED_ON = date(2026, 11, 25)
BLAMING = ("jouw schuld", "your fault", "you always", "jij altijd")
INDICATIVE = {Lang.NL: "indicatief", Lang.EN: "indicative"}


def _texts(entry: TherapyGuide) -> list[str]:
    texts = [entry.name, entry.intro, entry.caveat]
    texts += [text for place in entry.where for text in (place.name, place.what)]
    return [*texts, *entry.referral, *entry.cost, *entry.insurance, *entry.first_call]


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("country", list(Country))
def test_it_says_where_to_look_referral_cost_insurance_and_what_to_ask(
    country: Country, lang: Lang
) -> None:
    entry = therapy(country, lang)
    assert (entry.country, entry.lang) == (country, lang)
    assert len(entry.where) >= 3
    assert entry.referral
    assert entry.cost
    assert entry.insurance
    assert len(entry.first_call) >= 3
    assert all(question.endswith("?") for question in entry.first_call)
    assert all(text.strip() for text in _texts(entry))


@pytest.mark.parametrize("country", list(Country))
def test_dutch_and_english_name_the_same_places_in_the_same_order(country: Country) -> None:
    nl, en = therapy(country, Lang.NL), therapy(country, Lang.EN)
    assert [(p.id, p.site) for p in nl.where] == [(p.id, p.site) for p in en.where]
    for field in ("referral", "cost", "insurance", "first_call"):
        assert len(getattr(nl, field)) == len(getattr(en, field)), field
    # Names of organisations may be the same in both languages; every other text is translated.
    names = {p.name for p in nl.where}
    assert (set(_texts(nl)) & set(_texts(en))) - names == set()


def test_the_main_registers_the_brief_names_are_there() -> None:
    ids = {c: {p.id for p in therapy(c, Lang.NL).where} for c in Country}
    assert {"nvrg", "huisarts_poh_ggz"} <= ids[Country.NL]
    assert {"caw", "psychologencommissie"} <= ids[Country.BE]


def test_the_checked_date_is_a_real_day_not_after_the_review_and_carried_by_every_answer() -> None:
    checked = therapy_checked()
    assert type(checked) is date
    assert date(2026, 1, 1) <= checked <= REVIEWED_ON
    assert {therapy(c, lang).checked for c in Country for lang in Lang} == {checked}


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("country", list(Country))
def test_every_amount_is_marked_indicative_and_agrees_with_the_stated_range(
    country: Country, lang: Lang
) -> None:
    entry = therapy(country, lang)
    low, high = entry.cost_eur
    assert 0 < low <= high
    cost = " ".join(entry.cost)
    assert f"€{low}" in cost
    assert f"€{high}" in cost
    assert INDICATIVE[lang] in cost.lower()
    assert INDICATIVE[lang] in entry.caveat.lower()


def test_a_country_code_is_read_case_insensitively() -> None:
    assert therapy("nl", Lang.EN) == therapy("NL", Lang.EN)
    assert therapy(Country.BE, Lang.EN).country is Country.BE


def test_an_unknown_country_is_refused_without_echoing_what_was_sent() -> None:
    with pytest.raises(TherapyError) as caught:
        therapy("private words", Lang.NL)
    assert "private words" not in str(caught.value)
    assert "NL" in str(caught.value)


@pytest.mark.parametrize("lang", list(Lang))
def test_no_therapy_text_uses_a_blaming_phrase(lang: Lang) -> None:
    texts = [t for c in Country for t in _texts(therapy(c, lang))]
    assert [t for t in texts if any(p in t.lower() for p in BLAMING)] == []


def test_every_site_is_a_bare_domain_shown_as_text() -> None:
    sites = [p.site for c in Country for p in therapy(c, Lang.NL).where if p.site is not None]
    assert sites
    assert all("/" not in site and " " not in site for site in sites)


# --- a broken data file is refused with the key ----------------------------------------------


@pytest.fixture
def therapy_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the loader at a copy of therapy.toml that a test may break."""
    (tmp_path / "data").mkdir()
    target = tmp_path / "data" / "therapy.toml"
    target.write_text((DATA / "therapy.toml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(therapy_module, "files", lambda _package: tmp_path)
    therapy_module._load.cache_clear()
    yield target
    therapy_module._load.cache_clear()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("checked = 2026-11-25", "checked = 2026-11-25T09:00:00", "'checked' must be a date"),
        ("checked = 2026-11-25", 'checked = "2026-11-25"', "'checked' must be a date"),
        ("cost_eur = [90, 150]", "cost_eur = [150, 90]", r"country\.NL\]\.cost_eur"),
        ('what.en = "The professional association of relat', 'what.de = "The', r"where\[0\]\.what"),
        ('site = "caw.be"', 'site = "https://caw.be/"', "bare domain"),
        ("[country.BE]\n", "[country.DE]\n", "exactly"),
    ],
    ids=["datetime", "string date", "reversed range", "missing language", "url", "country"],
)
def test_a_broken_therapy_file_is_refused_naming_the_key(
    therapy_file: Path, old: str, new: str, message: str
) -> None:
    text = therapy_file.read_text(encoding="utf-8")
    assert old in text
    therapy_file.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(TherapyError, match=message):
        therapy("NL", Lang.NL)


def test_an_unbroken_copy_loads_so_the_refusals_above_come_from_the_edits(
    therapy_file: Path,
) -> None:
    entry = therapy("NL", Lang.NL)
    assert type(entry.checked) is date
    assert entry.where[0].id == "nvrg"


def test_the_content_page_documents_the_therapy_file_and_loader() -> None:
    doc = (DOCS / "content.md").read_text(encoding="utf-8")
    assert "`therapy.toml`" in doc
    assert "`nabij.model.therapy.therapy`" in doc
