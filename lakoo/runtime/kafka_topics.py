"""Topics on the local Kafka: created from the catalog with the partition counts of the topology,
replicated as widely as the cluster allows (DESIGN §3)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping

from confluent_kafka import KafkaError, KafkaException
from confluent_kafka.admin import AdminClient, NewTopic

from lakoo.runtime import StackError

# Three copies is the usual production choice: one broker may fail (or be restarted for an
# upgrade) while two still acknowledge every write (min.insync.replicas=2 with acks=all).
MAX_REPLICATION = 3


def admin_client(bootstrap: str) -> AdminClient:
    """An admin client that reports failures as exceptions, not as log lines.

    librdkafka logs every refused connection many times a second; we report failures as one
    StackError instead, so only its critical lines get through.
    """
    return AdminClient({"bootstrap.servers": bootstrap, "log_level": 2})


def replication_for(brokers: int) -> tuple[int, int]:
    """(replication factor, min.insync.replicas) for a cluster of ``brokers``.

    One broker: one copy. Three or more: three copies, two of which must have every write, so a
    broker lost costs no acknowledged message and does not stop producers.
    """
    factor = max(1, min(brokers, MAX_REPLICATION))
    return factor, max(1, factor - 1)


def ensure_topics(
    bootstrap: str,
    names: Iterable[str],
    partitions: int | Mapping[str, int] = 3,
) -> list[str]:
    """Create every topic in ``names`` that is missing; return those made.

    ``partitions`` is one count for all, or a count per topic name (others get 3). The
    replication factor follows the number of brokers the cluster reports. An existing topic is
    left as it is: adding partitions moves keys to other partitions (and so breaks the order per
    aggregate for the events in flight), which is an operator's decision, not a start-up's.
    """
    admin = admin_client(bootstrap)
    try:
        metadata = admin.list_topics(timeout=15)
    except KafkaException as exc:
        raise StackError(f"cannot reach Kafka at {bootstrap}: {exc}") from exc
    existing = set(metadata.topics)
    factor, min_isr = replication_for(len(metadata.brokers))
    wanted = list(dict.fromkeys(names))
    missing = [name for name in wanted if name not in existing]
    if not missing:
        wait_for_leaders(admin, wanted)
        return []

    def count(name: str) -> int:
        return partitions if isinstance(partitions, int) else partitions.get(name, 3)

    futures = admin.create_topics(
        [
            NewTopic(
                name,
                num_partitions=count(name),
                replication_factor=factor,
                config={"min.insync.replicas": str(min_isr)},
            )
            for name in missing
        ],
        operation_timeout=30,
    )
    created: list[str] = []
    for name, future in futures.items():
        try:
            future.result(timeout=30)
            created.append(name)
        except KafkaException as exc:
            # another process won the race; the topic is there, which is all we need
            if exc.args[0].code() != KafkaError.TOPIC_ALREADY_EXISTS:
                raise StackError(f"could not create topic {name}: {exc}") from exc
    wait_for_leaders(admin, wanted)
    return created


def wait_for_leaders(admin: AdminClient, names: list[str], timeout: float = 30.0) -> None:
    """Block until every partition of ``names`` has a leader.

    A topic exists as soon as the controller accepts it, but its partitions answer produce and
    offset requests only once a leader is elected (also after a broker restart); callers that
    use the topic at once would otherwise meet NOT_LEADER_FOR_PARTITION.
    """
    deadline = time.monotonic() + timeout
    while True:
        topics = admin.list_topics(timeout=10).topics
        leaderless = [
            name
            for name in names
            if name not in topics
            or topics[name].error is not None
            or not topics[name].partitions
            or any(p.leader < 0 or p.error is not None for p in topics[name].partitions.values())
        ]
        if not leaderless:
            return
        if time.monotonic() > deadline:
            raise StackError(
                f"topics without a partition leader after {timeout:.0f}s: {leaderless}"
            )
        time.sleep(0.1)
