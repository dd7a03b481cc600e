"""DDL of the landing zone in ``analytics_db``: ``raw.*`` for events.

``raw.events`` is append-only and written by exactly one lander at a time (an advisory lock per
consumer group), so its ``landing_id`` grows in commit order and dbt's incremental models can
select "everything after the last id I saw" without a time-based lookback.

Everything analytics computes comes from these events (DESIGN §4, §7): even the grosir bundle
terms the supply marts need arrive as ``inventory.bundle_configured``.
"""

from __future__ import annotations

import psycopg

RAW_DDL = """
CREATE SCHEMA IF NOT EXISTS raw;
CREATE TABLE IF NOT EXISTS raw.events (
    landing_id      bigserial PRIMARY KEY,
    event_id        uuid NOT NULL UNIQUE,
    event_type      text NOT NULL,
    event_version   integer NOT NULL,
    aggregate_type  text NOT NULL,
    aggregate_id    text NOT NULL,
    occurred_at     timestamptz NOT NULL,
    producer        text NOT NULL,
    correlation_id  uuid,
    payload         jsonb NOT NULL,
    topic           text NOT NULL,
    "partition"     integer NOT NULL,
    "offset"        bigint NOT NULL,
    ingested_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS events_event_type_idx ON raw.events (event_type, landing_id);
CREATE TABLE IF NOT EXISTS raw.kafka_offsets (
    consumer_group  text NOT NULL,
    topic           text NOT NULL,
    "partition"     integer NOT NULL,
    next_offset     bigint NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, "partition")
);
CREATE TABLE IF NOT EXISTS raw.rejected_events (
    id              bigserial PRIMARY KEY,
    topic           text NOT NULL,
    "partition"     integer NOT NULL,
    "offset"        bigint NOT NULL,
    message_key     bytea,
    message_value   bytea,
    error           text NOT NULL,
    rejected_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (topic, "partition", "offset")
);
"""


def ensure_landing_schema(conn: psycopg.Connection) -> None:
    """Create the raw tables if they are missing (idempotent)."""
    # Two landers starting at once would race on CREATE ... IF NOT EXISTS in the catalog;
    # a transaction-scoped advisory lock serialises them.
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('lakoo.landing.schema'))")
        conn.execute(RAW_DDL)
