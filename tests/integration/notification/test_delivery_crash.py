"""A worker SIGKILLed while it delivers a batch: nothing is lost, and what is sent twice stays
within the at-least-once window of ``service/delivery.py`` — the chunk being recorded and the
chunk being sent, ``2 · NOTIFICATION_DELIVERY_RECORD_EVERY`` messages.

Real processes: the messaging sandbox (``lakoo sandbox messages``, real SMTP) and
``lakoo worker notification`` on a database of the test's own, killed with SIGKILL mid-batch
and started again; its short lease makes the restarted worker take the dead one's messages.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime
from uuid import uuid4

import httpx
from sqlalchemy import text

from api.kit.db import libpq_url, make_sync_engine
from api.notification.kinds import KINDS
from api.notification.models import Message
from tests.support.processes import free_port, lakoo, running
from tests.support.services import migrated_database

MESSAGES = 400
RECORD_EVERY = 40


def _queue_emails(database_url: str, count: int) -> set[str]:
    """``count`` emails due now (written as the service writes them, minus the rendering)."""
    now = datetime.now(UTC)
    kind = KINDS["payment_received"]
    rows = [
        {
            "id": uuid4(),
            "dedup_key": f"crash-test-{n}",
            "recipient_key": f"user-{n}",
            "channel": "email",
            "kind": kind.code,
            "category": kind.category,
            "to_address": f"buyer{n}@example.id",
            "locale": "id",
            "subject": "Pembayaran diterima",
            "body": f"Halo, pembayaran nomor {n} sudah kami terima.",
            "status": "queued",
            "next_attempt_at": now,
            "created_at": now,
        }
        for n in range(count)
    ]
    engine = make_sync_engine(database_url)
    with engine.begin() as conn:
        conn.execute(Message.__table__.insert(), rows)
    engine.dispose()
    return {str(row["id"]) for row in rows}


def _ids_at_the_sandbox(sandbox_url: str) -> Counter[str]:
    items = httpx.get(f"{sandbox_url}/api/messages", params={"channel": "email"}, timeout=30)
    return Counter(m["data"]["x_lakoo_message_id"] for m in items.json()["items"])


def _statuses(database_url: str) -> Counter[str]:
    engine = make_sync_engine(database_url)
    with engine.connect() as conn:
        found = Counter(
            dict(conn.execute(text("select status, count(*) from messages group by status")).all())
        )
    engine.dispose()
    return found


def test_a_worker_killed_mid_batch_loses_nothing_and_resends_at_most_two_chunks(
    fresh_database: str, kafka_bootstrap: str
) -> None:
    database = libpq_url(migrated_database("notification", fresh_database))
    ours = _queue_emails(database, MESSAGES)
    port, smtp_port = free_port(), free_port()
    sandbox_url = f"http://127.0.0.1:{port}"
    sandbox = lakoo(
        "sandbox", "messages", "--port", str(port), "--smtp-port", str(smtp_port), url=sandbox_url
    )
    env = {
        "NOTIFICATION_DATABASE_URL": database,
        "SMTP_PORT": str(smtp_port),
        **{
            f"{name}_BASE_URL": sandbox_url for name in ("SENDGRID", "TWILIO", "VONAGE", "WHATSAPP")
        },
        "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "LAKOO_CONSUMER_GROUP_PREFIX": f"crash-{uuid4().hex[:8]}",
        "LAKOO_CONSUMER_START": "latest",
        "NOTIFICATION_DELIVERY_BATCH_SIZE": str(MESSAGES),
        "NOTIFICATION_DELIVERY_RECORD_EVERY": str(RECORD_EVERY),
        # the restarted worker takes over the dead one's messages when their lease ends
        "NOTIFICATION_LEASE_SECONDS": "6",
        "NOTIFICATION_SMTP_POOL_SIZE": "4",
    }
    with running(sandbox, timeout=90):
        with running(lakoo("worker", "notification", env=env), timeout=90) as (worker,):
            deadline = time.monotonic() + 120
            while sum(_ids_at_the_sandbox(sandbox_url).values()) < 2 * RECORD_EVERY:
                assert time.monotonic() < deadline, "the worker delivered nothing"
                time.sleep(0.05)
            assert worker.popen is not None
            worker.popen.kill()  # SIGKILL: no clean shutdown, no last record
            worker.popen.wait(10)
        at_the_kill = sum(_ids_at_the_sandbox(sandbox_url).values())
        assert at_the_kill < MESSAGES, "the kill came after the whole batch: nothing to prove"
        with running(lakoo("worker", "notification", env=env), timeout=90):
            deadline = time.monotonic() + 180
            while _statuses(database)["sent"] < MESSAGES:
                assert time.monotonic() < deadline, _statuses(database)
                time.sleep(0.2)
        received = _ids_at_the_sandbox(sandbox_url)

    assert set(received) == ours, "every message reached the provider, and only ours"
    twice = [message_id for message_id, seen in received.items() if seen > 1]
    assert all(seen <= 2 for seen in received.values()), "a message went out a third time"
    assert len(twice) <= 2 * RECORD_EVERY, f"{len(twice)} sent twice: beyond the window"
    assert _statuses(database) == Counter({"sent": MESSAGES})
