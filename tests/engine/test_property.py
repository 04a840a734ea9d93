"""Any record the published schema allows is either refused with an InputError or assessed."""

from hypothesis import HealthCheck, given, settings
from hypothesis_jsonschema import from_schema

from nabij.engine import assess
from nabij.instruments.errors import InputError
from nabij.instruments.record import record_from_json, schema
from nabij.model.ids import ShareCategory


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
# schema() is a fresh copy: hypothesis-jsonschema rewrites the schema it is given.
@given(from_schema(schema()))
def test_assess_never_raises_on_a_record_of_the_published_schema(value: object) -> None:
    try:
        record = record_from_json(value)
    except InputError:
        return  # e.g. two check-ins on one date: valid JSON Schema, refused by name.
    result = assess(record)
    result.to_json()
    for partner in record.partners:
        result.for_viewer(partner.id).to_json()
        result.for_viewer(partner.id, list(ShareCategory)).to_json()
