"""The marker phrases of ``data/markers.toml``: complete per language, validated, matched whole."""

import tomllib
from importlib.resources import files
from typing import Any

import pytest

from nabij.conversation.markers import (
    MAX_MARKER_CHARS,
    WILDCARD,
    MarkerDataError,
    MarkerKind,
    markers,
    markers_from,
)
from nabij.model.ids import Lang

FILLING = "Sanne van Dijk"  # stands in for "…" (a name, a file name)


def data() -> dict[str, Any]:
    with (files("nabij.conversation") / "data" / "markers.toml").open("rb") as handle:
        return tomllib.load(handle)


def phrases(kind: MarkerKind) -> list[tuple[Lang, str]]:
    raw = data()
    return [(lang, phrase) for lang in Lang for phrase in raw[lang.value][kind.value]]


def test_it_has_the_same_kinds_in_dutch_and_english_none_empty() -> None:
    raw = data()
    assert set(raw) == {"nl", "en"}
    assert set(raw["nl"]) == set(raw["en"]) == {kind.value for kind in MarkerKind}
    assert all(raw[lang][kind] for lang in raw for kind in raw[lang])


@pytest.mark.parametrize("kind", [MarkerKind.MEDIA, MarkerKind.DELETED, MarkerKind.SYSTEM])
def test_it_recognises_every_phrase_of_a_kind_that_applies_everywhere(kind: MarkerKind) -> None:
    for lang, phrase in phrases(kind):
        text = phrase.replace(WILDCARD, FILLING)
        hit = markers().classify(text)
        assert hit is not None, phrase
        assert (hit.kind, hit.lang) == (kind, lang), phrase


def test_it_recognises_a_notice_a_person_could_type_only_when_whatsapp_marked_it() -> None:
    for lang, phrase in phrases(MarkerKind.SYSTEM_MARKED):
        text = phrase.replace(WILDCARD, FILLING)
        hit = markers().classify(text, marked=True)
        assert hit is not None, phrase
        assert (hit.kind, hit.lang) == (MarkerKind.SYSTEM_MARKED, lang), phrase
        assert markers().classify(text) is None, phrase


@pytest.mark.parametrize(
    "text",
    [
        "IMAGE OMITTED",
        "<media weggelaten>",
        "This message was deleted.",
        "dit bericht is verwijderd",
    ],
)
def test_it_ignores_case_and_a_final_full_stop(text: str) -> None:
    assert markers().classify(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "I saw image omitted in the export",
        "ok <Media omitted>",
        "Dit bericht is verwijderd, zei hij",
        "",
        "image omitted" + " " * MAX_MARKER_CHARS,
    ],
)
def test_it_matches_a_whole_line_only(text: str) -> None:
    assert markers().classify(text) is None


def test_it_strips_an_edit_marker_in_either_language() -> None:
    assert markers().strip_edited("Tot zo <Dit bericht is bewerkt>") == ("Tot zo", Lang.NL)
    assert markers().strip_edited("See you <this message was edited>") == ("See you", Lang.EN)
    assert markers().strip_edited("<This message was edited> is a phrase") == (
        "<This message was edited> is a phrase",
        None,
    )


class TestValidation:
    def test_it_refuses_a_missing_language(self) -> None:
        raw = data()
        del raw["en"]
        with pytest.raises(MarkerDataError, match="languages"):
            markers_from(raw)

    def test_it_refuses_a_missing_kind(self) -> None:
        raw = data()
        del raw["nl"]["deleted"]
        with pytest.raises(MarkerDataError, match="nl: expected exactly the kinds"):
            markers_from(raw)

    def test_it_refuses_an_empty_list(self) -> None:
        raw = data()
        raw["en"]["media"] = []
        with pytest.raises(MarkerDataError, match=r"en\.media"):
            markers_from(raw)

    def test_it_refuses_a_wildcard_in_an_edit_ending(self) -> None:
        raw = data()
        raw["nl"]["edited"] = ["<bewerkt …>"]
        with pytest.raises(MarkerDataError, match=r"nl\.edited"):
            markers_from(raw)

    def test_it_refuses_a_phrase_without_fixed_text_at_either_end(self) -> None:
        raw = data()
        raw["en"]["system"] = [*raw["en"]["system"], "… joined …"]
        with pytest.raises(MarkerDataError, match=r"en\.system\[\d+\]"):
            markers_from(raw)

    def test_it_refuses_a_phrase_that_is_only_a_wildcard(self) -> None:
        raw = data()
        raw["en"]["media"] = ["…"]
        with pytest.raises(MarkerDataError, match=r"en\.media\[0\]"):
            markers_from(raw)
