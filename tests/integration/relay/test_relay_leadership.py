"""Two relays on one database: one publishes, the other stands by and takes over on its death."""

from __future__ import annotations

import time
from uuid import uuid4

import psycopg

from api.kit.db import libpq_url
from ingestion.relay import RELAY_LOCK_KEY
from tests.support.kafka import TopicTail, unique_topic
from tests.support.relay import kill, start_relay

_LEADER = """
SELECT a.application_name
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.database = (
    SELECT oid FROM pg_database WHERE datname = current_database())
  AND ((l.classid::bigint << 32) | l.objid::bigint) = %s
"""


def _leaders(database_url: str) -> list[str]:
    with psycopg.connect(libpq_url(database_url)) as conn:
        return [row[0] for row in conn.execute(_LEADER, (RELAY_LOCK_KEY,)).fetchall()]


def _wait_for_leader(database_url: str, *, not_: str | None = None, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        leaders = _leaders(database_url)
        if len(leaders) == 1 and leaders[0] != not_:
            return leaders[0]
        time.sleep(0.1)
    raise AssertionError(f"no single leader; saw {_leaders(database_url)}")


def _insert(database_url: str, topic: str, count: int) -> list[str]:
    ids = [str(uuid4()) for _ in range(count)]
    with psycopg.connect(libpq_url(database_url)) as conn:
        for event_id in ids:
            conn.execute(
                "INSERT INTO outbox (event_id, aggregate_type, aggregate_id, event_type, topic,"
                " payload, headers) VALUES (%s, 'order', %s, 'order.created', %s, '{}',"
                ' \'{"event_version": 1, "producer": "test"}\')',
                (event_id, str(uuid4()), topic),
            )
    return ids


def test_only_one_relay_leads_and_the_other_takes_over_when_it_dies(
    kit_database: str, kafka_bootstrap: str
) -> None:
    topic = unique_topic(kafka_bootstrap)
    first = start_relay("test", kit_database)
    second = start_relay("test", kit_database)
    try:
        leader = _wait_for_leader(kit_database)
        time.sleep(1.5)  # both have had several chances to take the lock
        assert _leaders(kit_database) == [leader], "exactly one relay holds the lead"

        with TopicTail(kafka_bootstrap, topic) as tail:
            before = set(_insert(kit_database, topic, 200))
            got = {dict(m.headers() or [])["event_id"].decode() for m in tail.collect(at_least=200)}
            assert got == before

            by_pid = {p.pid: p for p in (first, second)}
            leader_process = by_pid[int(leader.split(":")[1])]
            kill(leader_process)

            successor = _wait_for_leader(kit_database, not_=leader)
            assert successor != leader
            after = set(_insert(kit_database, topic, 200))
            got_after = {
                dict(m.headers() or [])["event_id"].decode() for m in tail.collect(at_least=200)
            }
            assert after <= got_after
    finally:
        kill(first)
        kill(second)
