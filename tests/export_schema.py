"""The published archive schema (``docs/export.schema.json``) as a validator.

It refers to the couple record's schema by that schema's ``$id``; the registry here serves
the published file under that address, so nothing is fetched from anywhere.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

DOCS = Path(__file__).resolve().parent.parent / "docs"


def schema() -> dict[str, Any]:
    """Return the published archive schema."""
    loaded: dict[str, Any] = json.loads((DOCS / "export.schema.json").read_text("utf-8"))
    return loaded


@cache
def _validator() -> Draft202012Validator:
    record = json.loads((DOCS / "couple-record.schema.json").read_text("utf-8"))
    registry: Registry[Any] = Registry().with_resource(
        record["$id"], Resource.from_contents(record)
    )
    return Draft202012Validator(schema(), registry=registry, format_checker=FormatChecker())


def problems(value: object) -> list[str]:
    """Return every way ``value`` breaks the archive schema, with where (none when valid)."""
    return [f"{error.json_path}: {error.message}" for error in _validator().iter_errors(value)]
