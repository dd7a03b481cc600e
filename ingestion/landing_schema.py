"""DDL of the landing zone in ``analytics_db``: ``raw.*`` for events, ``reference.*`` for config.

``raw.events`` is append-only and written by exactly one lander at a time (an advisory lock per
consumer group), so its ``landing_id`` grows in commit order and dbt's incremental models can
select "everything after the last id I saw" without a time-based lookback.

``reference.*`` holds warehouse configuration the event catalog does not carry (grosir bundle
composition, size tolerances, reorder points, bundle cost and minimums); the purchase-order and
low-stock marts read it as a dbt source.
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
CREATE SCHEMA IF NOT EXISTS reference;
CREATE TABLE IF NOT EXISTS reference.bundle_configs (
    product_id      uuid PRIMARY KEY,
    supplier_id     uuid NOT NULL,
    bundle_cost     bigint NOT NULL CHECK (bundle_cost >= 0),
    min_bundles     integer NOT NULL DEFAULT 1 CHECK (min_bundles >= 1)
);
CREATE TABLE IF NOT EXISTS reference.bundle_variants (
    product_id        uuid NOT NULL REFERENCES reference.bundle_configs (product_id),
    variant_id        uuid PRIMARY KEY,
    units_per_bundle  integer NOT NULL CHECK (units_per_bundle >= 0),
    max_excess_units  integer NOT NULL CHECK (max_excess_units >= 0),
    reorder_point     integer NOT NULL DEFAULT 0 CHECK (reorder_point >= 0)
);
"""


def ensure_landing_schema(conn: psycopg.Connection) -> None:
    """Create the raw and reference tables if they are missing (idempotent)."""
    # Two landers starting at once would race on CREATE ... IF NOT EXISTS in the catalog;
    # a transaction-scoped advisory lock serialises them.
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('lakoo.landing.schema'))")
        conn.execute(RAW_DDL)
