"""Notifications: 10,000 ``payment.paid`` events → messages handed to the sandbox's providers.

    .venv/bin/python -m bench.notifications --events 10000

Target (DESIGN §9): ≥ 300 messages/s, none twice. Set-up (not timed): a fresh notification
database with 10,000 recipients (their ``user.registered`` applied through the real handlers),
the messaging sandbox as its own process (``lakoo sandbox messages`` — real SMTP on a free port),
and the events on a Kafka topic of the run's own. Timed: the notification worker's two halves,
as ``lakoo worker notification`` composes them — the consumer runtime with the service's batch
handler turning each event into an email and an in-app message, and the delivery job handing
the emails to the sandbox's SMTP server — from the first event consumed until the sandbox has
taken every email. The service's clock is set to 10:00 WIB so quiet hours hold nothing back.
"None twice": the sandbox counts LAKOO message ids it saw more than once.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import time
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path
from uuid import UUID

import httpx
from confluent_kafka import Producer

from api.events.envelope import parse_event
from api.kit.consumer import BatchHandler, ConsumerRuntime
from api.kit.db import libpq_url, make_async_engine, make_session_factory
from api.kit.numbering import WIB
from api.kit.uow import UnitOfWorkFactory
from api.notification.consumers import Context, make_batch_handler, make_handlers
from api.notification.jobs import DeliveryJob
from api.notification.service.messages import QuietHours
from api.notification.settings import get_settings
from bench.common import create_database, drop_database, stack_info, unique_topic
from tests.integration.notification import events
from tests.support.processes import free_port, lakoo, running
from tests.support.services import migrated_database


async def _register(
    uow_factory: UnitOfWorkFactory, handle_batch: BatchHandler, users: list
) -> None:
    for chunk in range(0, len(users), 500):
        async with uow_factory() as uow:
            batch = [parse_event(e.model_dump_json()) for e in users[chunk : chunk + 500]]
            await handle_batch(batch, uow)
            await uow.commit()


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def run(count: int, args_batch: int) -> None:
    info = stack_info()
    database = create_database(info.postgres_url, "bench")
    port, smtp_port = free_port(), free_port()
    sandbox_url = f"http://127.0.0.1:{port}"
    sandbox = lakoo(
        "sandbox", "messages", "--port", str(port), "--smtp-port", str(smtp_port), url=sandbox_url
    )
    try:
        migrated_database("notification", database)
        daytime = datetime.combine(datetime.now(WIB).date(), clock_time(10), tzinfo=WIB)
        settings = get_settings().model_copy(
            update={
                "database_url": libpq_url(database),
                "smtp_port": smtp_port,
                **{
                    f"{name}_base_url": sandbox_url
                    for name in ("sendgrid", "twilio", "vonage", "whatsapp", "fcm")
                },
                "fcm_token_url": f"{sandbox_url}/token",
                "clock_offset_seconds": (daytime - datetime.now(UTC)).total_seconds(),
                "delivery_batch_size": args_batch,
            }
        )
        engine = make_async_engine(settings.resolved_database_url, pool_size=20)
        uow_factory = UnitOfWorkFactory(make_session_factory(engine), producer="notification")
        context = Context(now=settings.now, quiet=QuietHours())
        handlers, handle_batch = make_handlers(context), make_batch_handler(context)
        users = [events.registered() for _ in range(count)]
        print(f"set-up: {count} recipients…", flush=True)
        await _register(uow_factory, handle_batch, users)
        # the welcome messages of the set-up are not part of the measure
        async with uow_factory() as uow:
            from sqlalchemy import text

            await uow.session.execute(text("DELETE FROM messages"))
            await uow.commit()
        topic = unique_topic(info.kafka_bootstrap, "bench-payment", partitions=3)
        producer = Producer({"bootstrap.servers": info.kafka_bootstrap, "linger.ms": 20})
        for user in users:
            paid = events.paid(UUID(user.payload["user_id"]))
            producer.produce(topic, key=paid.aggregate_id, value=paid.model_dump_json().encode())
        producer.flush(30)
        with running(sandbox):
            runtime = ConsumerRuntime(
                consumer_name="notification",
                handlers=handlers,
                uow_factory=uow_factory,
                bootstrap=info.kafka_bootstrap,
                group_id=f"bench-{topic}",
                topics=[topic],
                batch_size=args_batch,
                batch_handler=handle_batch,
            )
            job = DeliveryJob()
            stop = asyncio.Event()

            async def deliver_loop() -> None:
                while not stop.is_set():
                    if await job(uow_factory, settings) == 0:
                        await asyncio.sleep(0.05)

            load_before = os.getloadavg()[0]
            assert sandbox.popen is not None
            sandbox_cpu = _cpu_seconds(sandbox.popen.pid)
            cpu = time.process_time()
            started = time.perf_counter()
            tasks = [asyncio.create_task(runtime.run(stop)), asyncio.create_task(deliver_loop())]
            async with httpx.AsyncClient(base_url=sandbox_url) as client:
                stats: dict = {}
                consumed_at = None
                while True:
                    stats = (await client.get("/sandbox/stats")).json()
                    if consumed_at is None and runtime.stats.handled >= count:
                        consumed_at = time.perf_counter() - started
                    if stats["by_provider"]["smtp"] >= count:
                        break
                    await asyncio.sleep(0.05)
                elapsed = time.perf_counter() - started
                cpu = time.process_time() - cpu
                sandbox_cpu = _cpu_seconds(sandbox.popen.pid) - sandbox_cpu
                load_after = os.getloadavg()[0]
                stop.set()
                for task in tasks:
                    with contextlib.suppress(Exception):
                        await task
                await job.aclose()
                await asyncio.sleep(0.5)
                stats = (await client.get("/sandbox/stats")).json()
        emails = stats["by_provider"]["smtp"]
        print(
            f"{count} payment.paid → {emails} emails handed to SMTP in {elapsed:.2f} s: "
            f"{emails / elapsed:.0f} messages/s (events consumed in {consumed_at or elapsed:.2f} s;"
            f" in-app messages written alongside)"
        )
        print(f"repeated (the same message twice at the provider): {stats['repeated']}")
        print(
            f"consumer: {runtime.stats.batches} batches, {runtime.stats.batch_fallbacks} fell back;"
            f" load average (1 min) {load_before:.1f} at the start, {load_after:.1f} at the end"
            f" on {os.cpu_count()} cores"
        )
        print(
            f"CPU per message: worker {cpu / emails * 1000:.2f} ms, sandbox"
            f" {sandbox_cpu / emails * 1000:.2f} ms (CPU time, less sensitive to the load)"
        )
        assert stats["repeated"] == 0 and emails == count
        await engine.dispose()
    finally:
        drop_database(info.postgres_url, database)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument(
        "--batch", type=int, default=500, help="events per consumer batch, messages per round"
    )
    args = parser.parse_args()
    # a throw-away platform: secrets of its own (none has a default), inherited by the sandbox
    from lakoo.runtime.secrets import generate

    os.environ.setdefault("LAKOO_ENV", "test")
    for name, value in generate().items():
        os.environ.setdefault(name, value)
    asyncio.run(run(args.events, args.batch))


if __name__ == "__main__":
    main()
