"""The local stack as one unit: PostgreSQL then Kafka, every database and topic (DESIGN §3).

Each part is either external (``LAKOO_POSTGRES_URL`` / ``KAFKA_BOOTSTRAP_SERVERS`` set: used as
is, never started or stopped) or embedded (run from ``.lakoo/`` and left running in the background
so other processes can share it).
"""

from __future__ import annotations

import fcntl
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from api.kit.topology import ALL_DATABASES
from lakoo.runtime import kafka, lakoo_home, postgres
from lakoo.runtime.kafka import KafkaStatus
from lakoo.runtime.postgres import PostgresStatus

__all__ = ["StackInfo", "StackStatus", "down", "reset", "status", "up"]


@dataclass(frozen=True, slots=True)
class StackInfo:
    """Where the running stack listens."""

    postgres_url: str
    kafka_bootstrap: str


@dataclass(frozen=True, slots=True)
class StackStatus:
    """What runs, where, and whether we started it."""

    postgres: PostgresStatus
    kafka: KafkaStatus

    @property
    def running(self) -> bool:
        """True when both parts answer."""
        return self.postgres.running and self.kafka.running


@contextmanager
def _locked(part: str = "stack") -> Iterator[None]:
    """Serialise up/down/reset across processes: parallel test runs may all call ``up()``.

    Each server has a lock of its own (starting one need not wait for the other); ``down`` and
    ``reset`` take both.
    """
    if part == "stack":
        with _locked("postgres"), _locked("kafka"):
            yield
        return
    home = lakoo_home()
    home.mkdir(parents=True, exist_ok=True)
    with (home / f"{part}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def up(brokers: int | None = None) -> StackInfo:
    """Start whatever is not running yet and create missing databases and topics; idempotent.

    ``brokers`` (e.g. 3) runs Kafka as a cluster of that many KRaft nodes from now on.
    """
    up_postgres()
    up_kafka(brokers)
    return StackInfo(
        postgres_url=postgres.postgres_server_url(), kafka_bootstrap=kafka.bootstrap_servers()
    )


def up_postgres() -> str:
    """PostgreSQL running with every database of DESIGN §2; returns its server DSN.

    ``lakoo up`` starts the two servers side by side (migrations need only PostgreSQL, and
    Kafka's JVM takes longest), so each half takes the stack's lock on its own.
    """
    with _locked("postgres"):
        postgres.start()
        postgres.ensure_databases(ALL_DATABASES)
    return postgres.postgres_server_url()


def up_kafka(brokers: int | None = None) -> str:
    """Kafka running with every topic of the catalog (and its ``.dlq``); returns its bootstrap.

    Each topic gets the partition count the catalog chose for it (``api.events.topics``).
    """
    from api.events.topics import all_topics_with_dlq, partitions_of  # the catalog

    with _locked("kafka"):
        kafka.start(brokers)
        names = all_topics_with_dlq()
        kafka.ensure_topics(
            kafka.bootstrap_servers(), names, {name: partitions_of(name) for name in names}
        )
    return kafka.bootstrap_servers()


def down() -> None:
    """Stop the embedded parts (external ones are left alone); their data stays on disk."""
    with _locked():
        # the reverse of up(): services relaying outbox rows to Kafka lose Kafka before their DB
        kafka.stop()
        postgres.stop()


def status() -> StackStatus:
    """Report each part without starting or stopping anything."""
    return StackStatus(postgres=postgres.status(), kafka=kafka.status())


def reset() -> None:
    """Stop the stack and wipe its data (PostgreSQL cluster, Kafka log); the jar cache stays."""
    down()
    with _locked():
        shutil.rmtree(postgres.base_dir(), ignore_errors=True)
        for directory in kafka.data_dirs():
            shutil.rmtree(directory, ignore_errors=True)
        for node in kafka.nodes():
            node.log.unlink(missing_ok=True)
