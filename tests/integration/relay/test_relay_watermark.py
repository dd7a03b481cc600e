"""Late commits, the watermark, and marks that stay HOT updates.

A transaction can take an outbox id, stay open while later transactions commit higher ids and the
relay publishes them, and commit afterwards. The relay must still publish its row — also when a
different relay leads by then — and its watermark must never pass a transaction still running.
"""

from __future__ import annotations

import time
from uuid import uuid4

import psycopg

from api.kit.db import libpq_url
from ingestion.relay import OutboxRelay
from tests.support.kafka import TopicTail, unique_topic

_INSERT = (
    "INSERT INTO outbox (event_id, aggregate_type, aggregate_id, event_type, topic, payload,"
    " headers) VALUES (%s, 'order', %s, 'order.created', %s, '{}',"
    ' \'{"event_version": 1, "producer": "test"}\')'
)


def _drain(relay: OutboxRelay, dsn: str) -> int:
    with (
        psycopg.connect(dsn, autocommit=True) as conn,
        psycopg.connect(dsn, autocommit=True) as mark_a,
        psycopg.connect(dsn, autocommit=True) as mark_b,
    ):
        return relay.drain(conn, (mark_a, mark_b))


def _relay(dsn: str, bootstrap: str) -> OutboxRelay:
    return OutboxRelay(name="test", dsn=dsn, bootstrap=bootstrap)


def test_transactions_committing_after_higher_ids_were_published_are_published_too(
    kit_database: str, kafka_bootstrap: str
) -> None:
    dsn = libpq_url(kit_database)
    topic = unique_topic(kafka_bootstrap)
    late_events = [str(uuid4()), str(uuid4())]
    early_events = [str(uuid4()) for _ in range(3)]
    with (
        TopicTail(kafka_bootstrap, topic) as tail,
        psycopg.connect(dsn) as late_a,
        psycopg.connect(dsn) as late_b,
        psycopg.connect(dsn, autocommit=True) as writer,
    ):
        # Both take lower ids than the early events and stay open while those are published.
        for late, event_id in zip((late_a, late_b), late_events, strict=True):
            late.execute(_INSERT, (event_id, "late", topic))
        (oldest_late_txid,) = late_a.execute(
            "SELECT txid FROM outbox WHERE event_id = %s", (late_events[0],)
        ).fetchone() or (0,)
        for event_id in early_events:
            writer.execute(_INSERT, (event_id, "early", topic))

        relay = _relay(dsn, kafka_bootstrap)
        assert _drain(relay, dsn) == 3
        (stored,) = writer.execute("SELECT txid FROM outbox_watermark").fetchone() or (None,)
        assert stored is not None and stored <= oldest_late_txid, "watermark passed a running txn"

        late_a.commit()
        assert _drain(relay, dsn) == 1, "the leading relay found the late row"
        late_b.commit()
        # A new leader (as after a failover) starts from the stored watermark and finds it too.
        assert _drain(_relay(dsn, kafka_bootstrap), dsn) == 1
        messages = tail.collect(at_least=5, timeout=10, settle=0.5)

    seen = [dict(message.headers() or [])["event_id"].decode() for message in messages]
    assert sorted(seen) == sorted([*early_events, *late_events])
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT count(*) FROM outbox WHERE published_at IS NULL").fetchone()
    assert row == (0,)


def test_a_rolled_back_transaction_does_not_hold_the_watermark_back(
    kit_database: str, kafka_bootstrap: str
) -> None:
    dsn = libpq_url(kit_database)
    topic = unique_topic(kafka_bootstrap)
    relay = _relay(dsn, kafka_bootstrap)
    with psycopg.connect(dsn) as aborted:
        aborted.execute(_INSERT, (str(uuid4()), "aborted", topic))
        (aborted_txid,) = aborted.execute(
            "SELECT pg_current_xact_id()::text::bigint"
        ).fetchone() or (0,)
        _drain(relay, dsn)
        assert relay._watermark is not None and relay._watermark <= aborted_txid
        aborted.rollback()
    with psycopg.connect(dsn, autocommit=True) as writer:
        writer.execute(_INSERT, (str(uuid4()), "after", topic))
    assert _drain(relay, dsn) == 1
    assert relay._watermark is not None and relay._watermark > aborted_txid


def test_marking_rows_published_is_a_hot_update(kit_database: str, kafka_bootstrap: str) -> None:
    """No index entry is written when a row is marked: the outbox's write cost stays one row."""
    dsn = libpq_url(kit_database)
    topic = unique_topic(kafka_bootstrap)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO outbox (event_id, aggregate_type, aggregate_id, event_type, topic,"
            " payload, headers) SELECT gen_random_uuid(), 'order', (g %% 50)::text,"
            " 'order.created', %s, jsonb_build_object('seq', g, 'note', repeat('x', 200)),"
            ' \'{"event_version": 1, "producer": "test"}\' FROM generate_series(1, 2000) g',
            (topic,),
        )
    assert _drain(_relay(dsn, kafka_bootstrap), dsn) == 2000

    deadline = time.monotonic() + 15
    with psycopg.connect(dsn, autocommit=True) as conn:
        while True:  # statistics reach the shared view within a second or so of the statements
            conn.execute("SELECT pg_stat_clear_snapshot()")
            updated, hot = conn.execute(
                "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'outbox'"
            ).fetchone() or (0, 0)
            if updated >= 2000 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
    assert updated == 2000
    assert hot == updated
