"""The relay wakes on NOTIFY (not on its polling interval) and prunes old published rows."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from uuid import uuid4

import psycopg

from api.kit.db import libpq_url
from ingestion.relay import _PRUNE_CHUNK_ROWS, OutboxRelay, RelayConfig
from tests.support.kafka import TopicTail, unique_topic

_INSERT = (
    "INSERT INTO outbox (event_id, aggregate_type, aggregate_id, event_type, topic, payload,"
    " headers, published_at) VALUES (%s, 'order', %s, 'order.created', %s, '{}',"
    ' \'{"event_version": 1, "producer": "test"}\', %s)'
)


def test_a_committed_event_wakes_the_relay_long_before_its_polling_interval(
    kit_database: str, kafka_bootstrap: str
) -> None:
    topic = unique_topic(kafka_bootstrap)
    relay = OutboxRelay(
        name="test",
        dsn=libpq_url(kit_database),
        bootstrap=kafka_bootstrap,
        config=RelayConfig(poll_interval=60),
    )
    stop = threading.Event()
    thread = threading.Thread(target=relay.run, args=(stop,))
    thread.start()
    try:
        deadline = time.monotonic() + 15
        while not relay.is_leader and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # it has drained the (empty) outbox and sleeps on LISTEN
        with (
            TopicTail(kafka_bootstrap, topic) as tail,
            psycopg.connect(libpq_url(kit_database)) as conn,
        ):
            conn.execute(_INSERT, (uuid4(), str(uuid4()), topic, None))
            conn.commit()
            committed = time.monotonic()
            messages = tail.collect(at_least=1, timeout=10, settle=0)
            waited = time.monotonic() - committed
    finally:
        stop.set()
        thread.join()
    assert len(messages) == 1
    assert waited < 5, f"took {waited:.1f} s: the relay waited for its poll instead of NOTIFY"


def _prune(database_url: str) -> None:
    """One pruning pass with a 7-day retention (no broker needed)."""
    relay = OutboxRelay(
        name="test",
        dsn=libpq_url(database_url),
        bootstrap="127.0.0.1:1",
        config=RelayConfig(retention=timedelta(days=7)),
    )
    with psycopg.connect(libpq_url(database_url), autocommit=True) as conn:
        relay._prune_if_due(conn)


def test_published_rows_older_than_the_retention_are_pruned(kit_database: str) -> None:
    with psycopg.connect(libpq_url(kit_database)) as conn:
        for published_at in ("now() - interval '8 days'", "now() - interval '1 day'"):
            conn.execute(_INSERT.replace("%s)", f"{published_at})"), (uuid4(), str(uuid4()), "t"))
        conn.execute(_INSERT, (uuid4(), str(uuid4()), "t", None))  # not yet published
        conn.commit()
    _prune(kit_database)
    with psycopg.connect(libpq_url(kit_database)) as conn:
        rows = conn.execute(
            "SELECT published_at IS NULL, published_at > now() - interval '2 days' FROM outbox"
            " ORDER BY id"
        ).fetchall()
    assert rows == [(False, True), (True, None)], "only the 8-day-old published row is gone"


def test_pruning_goes_on_chunk_after_chunk_spares_young_rows_and_stops_near_them(
    kit_database: str,
) -> None:
    old, young = 12_345, 10  # more old rows than one pruning chunk holds
    with psycopg.connect(libpq_url(kit_database)) as conn:
        for count, published_at in ((old, "8 days"), (young, "1 hour"), (old, "9 days")):
            conn.execute(
                "INSERT INTO outbox (event_id, aggregate_type, aggregate_id, event_type, topic,"
                " payload, headers, published_at) SELECT gen_random_uuid(), 'order', g::text,"
                " 'order.created', 't', '{}', '{}', now() - %s::interval"
                " FROM generate_series(1, %s) AS g",
                (published_at, count),
            )
        conn.commit()
    _prune(kit_database)
    with psycopg.connect(libpq_url(kit_database)) as conn:
        eight_days, young_left, nine_days = conn.execute(
            "SELECT count(*) FILTER (WHERE published_at BETWEEN now() - interval '8 days 1 hour'"
            "                                               AND now() - interval '7 days'),"
            " count(*) FILTER (WHERE published_at > now() - interval '7 days'),"
            " count(*) FILTER (WHERE published_at < now() - interval '8 days 1 hour')"
            " FROM outbox"
        ).fetchone() or (None, None, None)
    assert (eight_days, young_left) == (0, young), "the old head went, the young rows stayed"
    # Pruning stopped after the chunk holding the young rows; the rest waits for them to age.
    assert old - _PRUNE_CHUNK_ROWS <= nine_days < old
