"""``write_json_schemas`` and ``lakoo events schema`` describe every event on the wire."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.events import registry
from api.events.schema import write_json_schemas
from lakoo.commands.events import app


def test_writes_one_schema_per_event_type_plus_the_index(tmp_path: Path) -> None:
    written = write_json_schemas(tmp_path)
    names = {path.name for path in written}
    expected = {f"{et}.v{cls.event_version}.json" for et, cls in registry().items()}
    assert names == expected | {"index.json"}
    assert {path.name for path in tmp_path.iterdir()} == names


def test_each_schema_is_the_envelope_with_its_typed_payload(tmp_path: Path) -> None:
    write_json_schemas(tmp_path)
    for event_type, payload_type in registry().items():
        schema = json.loads((tmp_path / f"{event_type}.v1.json").read_text())
        assert schema["type"] == "object"
        assert "payload" in schema["properties"]
        assert schema["properties"]["event_type"]["const"] == event_type
        assert schema["properties"]["payload"] == {"$ref": f"#/$defs/{payload_type.__name__}"}
        payload_schema = schema["$defs"][payload_type.__name__]
        assert payload_schema["additionalProperties"] is False


def test_schemas_are_valid_json_schema_and_accept_an_example(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from uuid import uuid4

    from api.events import build_envelope
    from tests.unit.events.examples import example

    write_json_schemas(tmp_path)
    for event_type, payload_type in registry().items():
        schema = json.loads((tmp_path / f"{event_type}.v1.json").read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        envelope = build_envelope(example(payload_type), aggregate_id=uuid4(), producer="test")
        jsonschema.validate(envelope.model_dump(mode="json"), schema)


def test_index_lists_type_version_topic_and_aggregate(tmp_path: Path) -> None:
    write_json_schemas(tmp_path)
    index = json.loads((tmp_path / "index.json").read_text())["events"]
    assert [row["event_type"] for row in index] == sorted(registry())
    order_created = next(row for row in index if row["event_type"] == "order.created")
    assert order_created["version"] == 1
    assert order_created["topic"] == "order.events"
    assert order_created["aggregate_type"] == "order"


def test_schema_command_writes_into_the_out_directory(tmp_path: Path) -> None:
    out = tmp_path / "docs" / "events"
    result = CliRunner().invoke(app, ["schema", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "index.json").exists()
    assert len(list(out.glob("*.v1.json"))) == len(registry())
