"""The couple record (``nabij.couple/1``): strict loading, lossless saving, merging.

Validation runs the published JSON Schema (``docs/couple-record.schema.json``, shipped in
the package) so that the schema and the loader can never disagree, and then turns the first
schema error into an ``InputError`` that names the JSON path of the value at fault.
"""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from jsonschema.exceptions import best_match

from nabij.instruments.attachment import AttachmentScores, given_scores, score_answers
from nabij.instruments.checkin import CheckIn
from nabij.instruments.errors import InputError, Problem
from nabij.instruments.intake import Intake, SafetyScreen
from nabij.model.ids import ConflictTopic, CrisisKind, PartnerId, Reaction, Wants

FORMAT = "nabij.couple/1"


@dataclass(frozen=True)
class PartnerRecord:
    """One partner's part of a couple record."""

    id: PartnerId
    intake: Intake
    checkins: tuple[CheckIn, ...] = ()
    name: str | None = None
    # The dates of check-ins filled in afterwards (the optional ``backfilled`` of a check-in):
    # how the record came about, not an answer, so it is kept beside the check-ins.
    backfilled: frozenset[date] = frozenset()

    def checkin_on(self, day: date) -> CheckIn | None:
        """Return this partner's check-in for ``day``, if there is one."""
        return next((c for c in self.checkins if c.date == day), None)


@dataclass(frozen=True)
class CoupleRecord:
    """One or two partners, each with an intake and check-ins (CONTRACTS §2)."""

    partners: tuple[PartnerRecord, ...]

    def partner(self, partner_id: PartnerId) -> PartnerRecord | None:
        """Return the partner with ``partner_id``, if the record holds them."""
        return next((p for p in self.partners if p.id == partner_id), None)


# --- validation ------------------------------------------------------------------------------


@cache
def _schema_text() -> str:
    return (files("nabij.instruments") / "data" / "couple-record.schema.json").read_text("utf-8")


def schema() -> dict[str, Any]:
    """Return the published JSON Schema of the couple record, as a fresh copy."""
    loaded: dict[str, Any] = json.loads(_schema_text())
    return loaded


@cache
def _validator(definition: str | None) -> Draft202012Validator:
    root = schema()
    part = root if definition is None else {"$defs": root["$defs"], "$ref": f"#/$defs/{definition}"}
    return Draft202012Validator(part, format_checker=FormatChecker())


def _json_path(base: str, path: Iterable[str | int]) -> str:
    out = base
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else f".{step}"
    return out


def _input_error(error: ValidationError, base: str) -> InputError:
    """Translate one schema error into an ``InputError`` naming the JSON path."""
    where = _json_path(base, error.absolute_path)
    # jsonschema types these loosely; their shapes follow from the keyword in ``kind``.
    kind: Any = error.validator
    expected: Any = error.validator_value
    instance: Any = error.instance
    part: Any = error.schema
    if kind == "oneOf" and isinstance(instance, dict):
        # The attachment is given either as two scores or as answers to every item: judge it
        # by the form it looks like, so the message is about that form.
        looks_like_scores = "anxiety" in instance or "avoidance" in instance
        branch = "attachment_scores" if looks_like_scores else "attachment_items"
        inner = best_match(_validator(branch).iter_errors(instance))
        if inner is not None:
            return _input_error(inner, where)
    if kind == "required":
        missing = next(k for k in expected if k not in instance)
        return InputError(Problem.MISSING, where, key=missing)
    if kind == "additionalProperties":
        known = part.get("properties", {})
        unknown = next(k for k in instance if k not in known)
        return InputError(Problem.UNKNOWN_KEY, _json_path(where, [unknown]), key=unknown)
    if kind == "type":
        return InputError(Problem.WRONG_TYPE, where, expected=str(expected))
    if kind == "const":  # only the format marker is a constant
        return InputError(Problem.WRONG_FORMAT, where)
    if kind == "enum":
        allowed = ", ".join(json.dumps(v) for v in expected)
        return InputError(Problem.NOT_ALLOWED, where, allowed=allowed)
    if kind in ("minimum", "maximum"):
        return InputError(Problem.OUT_OF_RANGE, where, low=part["minimum"], high=part["maximum"])
    if kind in ("pattern", "format"):
        return InputError(Problem.BAD_DATE, where)
    if kind in ("maxLength", "maxItems"):
        return InputError(Problem.TOO_LONG, where, limit=expected)
    if kind in ("minLength", "minItems"):
        return InputError(Problem.TOO_SHORT, where)
    if kind == "uniqueItems":
        return InputError(Problem.DUPLICATE, where, detail="a value in the list")
    raise AssertionError(f"unhandled schema keyword {kind!r}")  # pragma: no cover


def _check(value: object, definition: str | None, base: str) -> None:
    error = best_match(_validator(definition).iter_errors(value))
    if error is not None:
        raise _input_error(error, base)


# --- from and to JSON ------------------------------------------------------------------------


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InputError(Problem.DUPLICATE, "$", detail=f"key '{key}'")
        result[key] = value
    return result


def _reject_constant(name: str) -> None:
    raise InputError(Problem.NOT_JSON, "$", detail=f"{name} is not a JSON number")


def loads(text: str) -> object:
    """Parse JSON strictly: no duplicate keys, no NaN or Infinity."""
    try:
        return json.loads(
            text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as error:
        raise InputError(
            Problem.NOT_JSON, "$", detail=f"line {error.lineno}, column {error.colno}"
        ) from None


def _intake(value: Mapping[str, Any]) -> Intake:
    attachment = value["attachment"]
    scores: AttachmentScores
    if "anxiety" in attachment:
        scores = given_scores(attachment["anxiety"], attachment["avoidance"])
    else:
        scores = score_answers({k: int(v) for k, v in attachment.items()})
    screen = value["safety_screen"]
    return Intake(
        crisis=tuple(CrisisKind(kind) for kind in value["crisis"]),
        crisis_began=date.fromisoformat(value["crisis_began"]),
        reactions={Reaction(k): int(v) for k, v in value["reactions"].items()},
        attachment=scores,
        distrust=int(value["distrust"]),
        fear_for_future=int(value["fear_for_future"]),
        fear_when_apart=int(value["fear_when_apart"]),
        old_pain=value["old_pain"],
        safety_screen=SafetyScreen(**screen),
    )


def intake_from_json(value: object, where: str = "$") -> Intake:
    """Validate and read an intake object; errors name paths below ``where``."""
    _check(value, "intake", where)
    assert isinstance(value, dict)
    return _intake(value)


def intake_from_saved_json(value: Mapping[str, Any]) -> Intake:
    """Read an intake object that ``intake_to_json`` wrote, without checking it again.

    For the store reading back its own writing: every intake is checked on its way in, and
    checking it again on each page that shows it cost more than the assessment itself.
    """
    return _intake(value)


def _checkin(value: Mapping[str, Any]) -> CheckIn:
    topic = value.get("conflict_topic")
    return CheckIn(
        date=date.fromisoformat(value["date"]),
        closeness=int(value["closeness"]),
        safety=int(value["safety"]),
        stress=int(value["stress"]),
        teamwork=int(value["teamwork"]),
        own_space=int(value["own_space"]),
        wants=Wants(value["wants"]),
        reached_out=value["reached_out"],
        pulled_back=value["pulled_back"],
        conflict=value["conflict"],
        connection=value["connection"],
        talked_about_it=value["talked_about_it"],
        conflict_topic=None if topic is None else ConflictTopic(topic),
        rituals=tuple(value.get("rituals", ())),
        note=value.get("note"),
    )


def checkin_from_json(value: object, where: str = "$") -> CheckIn:
    """Validate and read one check-in object; errors name paths below ``where``."""
    _check(value, "checkin", where)
    assert isinstance(value, dict)
    return _checkin(value)


def _unique_dates(checkins: Iterable[CheckIn], where: str) -> None:
    seen: set[date] = set()
    for index, checkin in enumerate(checkins):
        if checkin.date in seen:
            raise InputError(
                Problem.DUPLICATE,
                f"{where}[{index}].date",
                detail=f"a second check-in for {checkin.date.isoformat()}",
            )
        seen.add(checkin.date)


def record_from_json(value: object) -> CoupleRecord:
    """Validate and read a parsed couple record; every error names a JSON path."""
    _check(value, None, "$")
    assert isinstance(value, dict)
    partners: list[PartnerRecord] = []
    for index, raw in enumerate(value["partners"]):
        partner_id = PartnerId(raw["id"])
        if any(p.id == partner_id for p in partners):
            raise InputError(
                Problem.DUPLICATE, f"$.partners[{index}].id", detail=f"partner '{partner_id}'"
            )
        raw_checkins = raw.get("checkins", ())
        checkins = tuple(_checkin(c) for c in raw_checkins)
        later = frozenset(
            c.date for c, r in zip(checkins, raw_checkins, strict=True) if r.get("backfilled")
        )
        _unique_dates(checkins, f"$.partners[{index}].checkins")
        partners.append(
            PartnerRecord(
                id=partner_id,
                intake=_intake(raw["intake"]),
                checkins=checkins,
                name=raw.get("name"),
                backfilled=later,
            )
        )
    return CoupleRecord(partners=tuple(partners))


def parse_record(text: str) -> CoupleRecord:
    """Read a couple record from JSON text."""
    return record_from_json(loads(text))


def intake_to_json(intake: Intake) -> dict[str, Any]:
    """Return the JSON object of an intake, in the order of CONTRACTS §2."""
    scores = intake.attachment
    attachment: dict[str, Any] = (
        dict(scores.answers)
        if scores.answers is not None
        else {"anxiety": scores.anxiety, "avoidance": scores.avoidance}
    )
    return {
        "crisis": [kind.value for kind in intake.crisis],
        "crisis_began": intake.crisis_began.isoformat(),
        "reactions": {reaction.value: score for reaction, score in intake.reactions.items()},
        "attachment": attachment,
        "distrust": intake.distrust,
        "fear_for_future": intake.fear_for_future,
        "fear_when_apart": intake.fear_when_apart,
        "old_pain": intake.old_pain,
        "safety_screen": {
            "hurt": intake.safety_screen.hurt,
            "threatened": intake.safety_screen.threatened,
            "afraid_of_partner": intake.safety_screen.afraid_of_partner,
            "controlled": intake.safety_screen.controlled,
            "self_harm_thoughts": intake.safety_screen.self_harm_thoughts,
        },
    }


def checkin_to_json(checkin: CheckIn) -> dict[str, Any]:
    """Return the JSON object of one check-in."""
    out: dict[str, Any] = {
        "date": checkin.date.isoformat(),
        "closeness": checkin.closeness,
        "safety": checkin.safety,
        "stress": checkin.stress,
        "teamwork": checkin.teamwork,
        "own_space": checkin.own_space,
        "wants": checkin.wants.value,
        "reached_out": checkin.reached_out,
        "pulled_back": checkin.pulled_back,
        "conflict": checkin.conflict,
        "connection": checkin.connection,
        "talked_about_it": checkin.talked_about_it,
        "conflict_topic": None if checkin.conflict_topic is None else checkin.conflict_topic.value,
        "rituals": list(checkin.rituals),
    }
    if checkin.note is not None:
        out["note"] = checkin.note
    return out


def record_to_json(record: CoupleRecord) -> dict[str, Any]:
    """Return the JSON value of a record; ``record_from_json`` of it gives the record back."""
    partners: list[dict[str, Any]] = []
    for partner in record.partners:
        out: dict[str, Any] = {"id": partner.id.value}
        if partner.name is not None:
            out["name"] = partner.name
        out["intake"] = intake_to_json(partner.intake)
        out["checkins"] = [checkin_to_json(c) for c in partner.checkins]
        for checkin, written in zip(partner.checkins, out["checkins"], strict=True):
            if checkin.date in partner.backfilled:
                written["backfilled"] = True
        partners.append(out)
    return {"format": FORMAT, "partners": partners}


def dump_record(record: CoupleRecord) -> str:
    """Return a record as UTF-8 JSON text, readable by people and by ``parse_record``."""
    return json.dumps(record_to_json(record), ensure_ascii=False, indent=2) + "\n"


def merge(records: Iterable[CoupleRecord]) -> CoupleRecord:
    """Merge records that hold different partners into one couple record."""
    partners: dict[PartnerId, PartnerRecord] = {}
    for record in records:
        for partner in record.partners:
            if partner.id in partners:
                raise InputError(Problem.SAME_PARTNER, "$.partners", detail=partner.id.value)
            partners[partner.id] = partner
    return CoupleRecord(partners=tuple(partners[p] for p in sorted(partners)))


def replace_checkin(partner: PartnerRecord, checkin: CheckIn) -> PartnerRecord:
    """Return ``partner`` with ``checkin`` added, replacing one on the same date."""
    kept = tuple(c for c in partner.checkins if c.date != checkin.date)
    return replace(partner, checkins=tuple(sorted((*kept, checkin), key=lambda c: c.date)))
