"""JSON Schema for every event in the catalog: the envelope with its typed payload (DESIGN §4).

``lakoo events schema`` writes one file per event type, ``<event_type>.v<version>.json``, plus an
``index.json`` naming each event's version, topic and aggregate type. Output is deterministic
(sorted keys, stable order) so a change to the catalog shows up as a readable diff.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import create_model

# Importing any api.events module runs the package __init__ first, which imports every domain
# module: the registry read below is always the complete catalog.
from api.events.base import EventPayload, registry
from api.events.envelope import Envelope

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
INDEX_FILE = "index.json"


def schema_file_name(payload_type: type[EventPayload]) -> str:
    """``order.created`` version 1 → ``order.created.v1.json``."""
    return f"{payload_type.event_type}.v{payload_type.event_version}.json"


def envelope_json_schema(payload_type: type[EventPayload]) -> dict[str, Any]:
    """The JSON Schema of an envelope carrying ``payload_type``, with identity fields pinned."""
    # A throwaway subclass of Envelope whose payload is the catalog model, so the schema says
    # exactly what one event type looks like on the wire; routing fields are pinned as constants.
    typed = create_model(
        f"{payload_type.__name__}Envelope",
        __base__=Envelope,
        __doc__=payload_type.__doc__,
        payload=(payload_type, ...),
    )
    schema: dict[str, Any] = typed.model_json_schema()
    pinned = {
        "event_type": payload_type.event_type,
        "event_version": payload_type.event_version,
        "aggregate_type": payload_type.aggregate_type,
    }
    for field, value in pinned.items():
        schema["properties"][field]["const"] = value
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": schema_file_name(payload_type),
        "x-topic": payload_type.topic,
        **schema,
    }


def catalog_index() -> list[dict[str, Any]]:
    """One row per event type: version, topic, aggregate type, payload class and schema file."""
    return [
        {
            "event_type": payload_type.event_type,
            "version": payload_type.event_version,
            "topic": payload_type.topic,
            "aggregate_type": payload_type.aggregate_type,
            "payload_class": payload_type.__name__,
            "schema": schema_file_name(payload_type),
        }
        for payload_type in sorted(registry().values(), key=lambda cls: cls.event_type)
    ]


def write_json_schemas(directory: Path) -> list[Path]:
    """Write every event's schema and ``index.json`` into ``directory``; return paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for payload_type in sorted(registry().values(), key=lambda cls: cls.event_type):
        path = directory / schema_file_name(payload_type)
        _write_json(path, envelope_json_schema(payload_type))
        written.append(path)
    index_path = directory / INDEX_FILE
    _write_json(index_path, {"events": catalog_index()})
    written.append(index_path)
    return written


def _write_json(path: Path, document: Any) -> None:
    path.write_text(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
