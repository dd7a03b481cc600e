"""Turning Kafka messages into ``COPY`` text rows for ``raw.events``.

Parsing is deliberately shallow: the envelope fields are checked (a row that PostgreSQL would
reject must not poison a whole batch), the payload is kept as it is. Landing never validates the
payload against the catalog, so a newer event version or an unknown type is still kept for dbt
and the Great Expectations checks to judge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import orjson

# COPY text format: these four bytes have to be escaped in every text column.
_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = b"\\N"

EVENT_COLUMNS = (
    "event_id",
    "event_type",
    "event_version",
    "aggregate_type",
    "aggregate_id",
    "occurred_at",
    "producer",
    "correlation_id",
    "payload",
    "topic",
    "partition",
    "offset",
)


class RejectedMessage(ValueError):
    """A message that is not a well-formed envelope; it goes to ``raw.rejected_events``."""


@dataclass(frozen=True, slots=True)
class Rejection:
    """A rejected message with where it came from and why."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    error: str


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value:
        raise RejectedMessage(f"{field} must be a non-empty string")
    return value.translate(_TEXT_ESCAPES)


def _uuid(value: Any, field: str) -> str:
    try:
        # normalised, because Python accepts spellings (urn:uuid:, braces) PostgreSQL rejects
        return str(UUID(value))
    except (TypeError, ValueError, AttributeError) as exc:
        raise RejectedMessage(f"{field} is not a UUID") from exc


def _timestamp(value: Any) -> str:
    if not isinstance(value, str):
        raise RejectedMessage("occurred_at must be an RFC 3339 string")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise RejectedMessage("occurred_at is not an RFC 3339 timestamp") from exc
    if parsed.tzinfo is None:
        raise RejectedMessage("occurred_at has no UTC offset")
    return parsed.isoformat()  # Python also accepts ISO basic format, PostgreSQL does not


def encode_event(value: bytes | None, topic: str, partition: int, offset: int) -> bytes:
    """One ``COPY`` line (with its newline) for a message, or ``RejectedMessage``."""
    if not value:
        raise RejectedMessage("empty message")
    try:
        doc = orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        raise RejectedMessage(f"not JSON: {exc}") from exc
    if not isinstance(doc, dict):
        raise RejectedMessage("envelope is not a JSON object")
    try:
        version = doc["event_version"]
        payload = doc["payload"]
        correlation = doc.get("correlation_id")
        fields = [
            _uuid(doc["event_id"], "event_id"),
            _text(doc["event_type"], "event_type"),
            "",
            _text(doc["aggregate_type"], "aggregate_type"),
            _text(doc["aggregate_id"], "aggregate_id"),
            _timestamp(doc["occurred_at"]),
            _text(doc["producer"], "producer"),
            "\\N" if correlation is None else _uuid(correlation, "correlation_id"),
        ]
    except KeyError as exc:
        raise RejectedMessage(f"envelope field {exc.args[0]} is missing") from exc
    if type(version) is not int:
        raise RejectedMessage("event_version must be an integer")
    if not isinstance(payload, dict):
        raise RejectedMessage("payload must be a JSON object")
    fields[2] = str(version)
    # orjson escapes control characters inside strings, so only backslashes need doubling.
    payload_text = orjson.dumps(payload).replace(b"\\", b"\\\\")
    head = "\t".join(fields).encode()
    tail = f"\t{topic.translate(_TEXT_ESCAPES)}\t{partition}\t{offset}\n".encode()
    return head + b"\t" + payload_text + tail
