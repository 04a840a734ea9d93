"""How to find a couples therapist in the Netherlands and Belgium, from one dated data file.

``data/therapy.toml`` holds, per country, where to look, whether a referral is needed, what it
usually costs and what insurance covers, each text in nl and en, with the date it was checked.
Keeping it in one dated file lets the help page say "last checked on …" and lets a maintainer
update it without touching code.
"""

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from importlib.resources import files
from typing import Any

from nabij.model.ids import Lang

_FILE = "therapy.toml"


class Country(StrEnum):
    """A country the help page has therapist-finding information for."""

    NL = "NL"
    BE = "BE"


class TherapyError(ValueError):
    """A therapy data file that cannot be used, or a country it does not cover."""


@dataclass(frozen=True)
class HelpPlace:
    """Somewhere to look for a therapist or for free help: a register, association or route."""

    id: str
    name: str
    what: str
    # A web address shown as plain text; the app itself never contacts it.
    site: str | None


@dataclass(frozen=True)
class TherapyGuide:
    """Everything the help page says about finding a couples therapist in one country."""

    country: Country
    lang: Lang
    checked: date
    name: str
    intro: str
    caveat: str
    where: tuple[HelpPlace, ...]
    referral: tuple[str, ...]
    cost: tuple[str, ...]
    # Indicative range per self-paid session in whole euros, as of ``checked``.
    cost_eur: tuple[int, int]
    insurance: tuple[str, ...]
    first_call: tuple[str, ...]


_LANGS = frozenset(lang.value for lang in Lang)
_COUNTRY_KEYS = frozenset(
    {"name", "cost_eur", "where", "referral", "cost", "insurance", "first_call"}
)
_PLACE_KEYS = frozenset({"id", "name", "what", "site"})
_SITE = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}")
_ID = re.compile(r"[a-z][a-z0-9_]*")


def _bilingual(node: Any, where: str) -> dict[Lang, str]:
    """Return the nl and en text of one field, refusing a missing or empty language."""
    if not isinstance(node, Mapping) or set(node) != _LANGS:
        raise TherapyError(f"{_FILE} {where}: must have exactly the keys {sorted(_LANGS)}")
    if not all(isinstance(text, str) and text.strip() for text in node.values()):
        raise TherapyError(f"{_FILE} {where}: every language needs a non-empty text")
    return {lang: node[lang.value] for lang in Lang}


def _bilingual_list(node: Any, where: str) -> dict[Lang, tuple[str, ...]]:
    """Return the nl and en items of a list field; both must hold the same number of items."""
    if not isinstance(node, Mapping) or set(node) != _LANGS:
        raise TherapyError(f"{_FILE} {where}: must have exactly the keys {sorted(_LANGS)}")
    out: dict[Lang, tuple[str, ...]] = {}
    for lang in Lang:
        items = node[lang.value]
        if not isinstance(items, list) or not items:
            raise TherapyError(f"{_FILE} {where}.{lang.value}: must be a non-empty list")
        if not all(isinstance(item, str) and item.strip() for item in items):
            raise TherapyError(f"{_FILE} {where}.{lang.value}: every item must be a text")
        out[lang] = tuple(items)
    if len(out[Lang.NL]) != len(out[Lang.EN]):
        raise TherapyError(f"{_FILE} {where}: nl and en must hold the same number of items")
    return out


def _places(node: Any, where: str) -> dict[Lang, tuple[HelpPlace, ...]]:
    if not isinstance(node, list) or not node:
        raise TherapyError(f"{_FILE} {where}: must be a non-empty list of places")
    out: dict[Lang, list[HelpPlace]] = {lang: [] for lang in Lang}
    for index, place in enumerate(node):
        at = f"{where}[{index}]"
        if not isinstance(place, Mapping) or not set(place) <= _PLACE_KEYS:
            raise TherapyError(f"{_FILE} {at}: keys must be among {sorted(_PLACE_KEYS)}")
        place_id, site = place.get("id"), place.get("site")
        if not isinstance(place_id, str) or not _ID.fullmatch(place_id):
            raise TherapyError(f"{_FILE} {at}: 'id' must be a snake_case id")
        if site is not None and not (isinstance(site, str) and _SITE.fullmatch(site)):
            raise TherapyError(f"{_FILE} {at}: 'site' must be a bare domain such as caw.be")
        names = _bilingual(place.get("name"), f"{at}.name")
        whats = _bilingual(place.get("what"), f"{at}.what")
        for lang in Lang:
            out[lang].append(HelpPlace(place_id, names[lang], whats[lang], site))
    return {lang: tuple(places) for lang, places in out.items()}


def _cost_range(node: Any, where: str) -> tuple[int, int]:
    if not (isinstance(node, list) and len(node) == 2 and all(type(v) is int for v in node)):
        raise TherapyError(f"{_FILE} {where}: must be [lowest, highest] in whole euros")
    low, high = node
    if not 0 < low <= high:
        raise TherapyError(f"{_FILE} {where}: must satisfy 0 < lowest <= highest")
    return (low, high)


@cache
def _load() -> Mapping[tuple[Country, Lang], TherapyGuide]:
    """Read and check ``therapy.toml`` once per process."""
    with (files("nabij.model") / "data" / _FILE).open("rb") as handle:
        data = tomllib.load(handle)
    unknown = sorted(set(data) - {"checked", "intro", "caveat", "country"})
    if unknown:
        raise TherapyError(f"{_FILE}: unknown keys {unknown}")
    checked = data.get("checked")
    # tomllib reads a bare date as ``date`` and a date with a time as ``datetime``; only the
    # first says "checked on a day" without pretending to know the hour.
    if not isinstance(checked, date) or isinstance(checked, datetime):
        raise TherapyError(f"{_FILE}: 'checked' must be a date such as 2026-11-25")
    intro = _bilingual(data.get("intro"), "intro")
    caveat = _bilingual(data.get("caveat"), "caveat")
    countries = data.get("country")
    if not isinstance(countries, Mapping) or set(countries) != {c.value for c in Country}:
        raise TherapyError(f"{_FILE}: [country.<code>] must cover exactly {list(Country)}")
    guides: dict[tuple[Country, Lang], TherapyGuide] = {}
    for country in Country:
        node = countries[country.value]
        at = f"[country.{country.value}]"
        if not isinstance(node, Mapping) or set(node) != _COUNTRY_KEYS:
            raise TherapyError(f"{_FILE} {at}: keys must be exactly {sorted(_COUNTRY_KEYS)}")
        name = _bilingual(node["name"], f"{at}.name")
        places = _places(node["where"], f"{at}.where")
        lists = {
            key: _bilingual_list(node[key], f"{at}.{key}")
            for key in ("referral", "cost", "insurance", "first_call")
        }
        cost_eur = _cost_range(node["cost_eur"], f"{at}.cost_eur")
        for lang in Lang:
            guides[country, lang] = TherapyGuide(
                country=country,
                lang=lang,
                checked=checked,
                name=name[lang],
                intro=intro[lang],
                caveat=caveat[lang],
                where=places[lang],
                referral=lists["referral"][lang],
                cost=lists["cost"][lang],
                cost_eur=cost_eur,
                insurance=lists["insurance"][lang],
                first_call=lists["first_call"][lang],
            )
    return guides


def therapy(country: str, lang: Lang) -> TherapyGuide:
    """Return how to find a couples therapist in ``country`` (``"NL"`` or ``"BE"``)."""
    try:
        code = Country(country.upper())
    except ValueError:
        # The code may come from a request; name the choices, not what was sent.
        raise TherapyError(
            f"unknown country; expected one of {[c.value for c in Country]}"
        ) from None
    return _load()[code, lang]


def therapy_checked() -> date:
    """Return the day the therapist-finding information was last checked."""
    return _load()[Country.NL, Lang.NL].checked
