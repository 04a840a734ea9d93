"""Telling Dutch from English, message by message and sentence by sentence."""

import pytest

from nabij.coach.language import detect
from nabij.model.ids import Lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Ik voel me alleen.", Lang.NL),
        ("laat maar", Lang.NL),
        ("kben ff moe", Lang.NL),
        ("I feel lonely.", Lang.EN),
        ("fair point", Lang.EN),
        ("whatever", Lang.EN),
        ("thx", Lang.EN),
        ("", Lang.NL),
        ("❤️", Lang.NL),
        ("ok", Lang.NL),
    ],
)
def test_it_tells_the_language_and_falls_back_to_dutch(text: str, lang: Lang) -> None:
    assert detect(text) is lang
