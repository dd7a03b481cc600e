"""The embedded Kafka's layout: one node by default, a cluster of three on the ports and
directories the environment gives, each node's configuration naming every voter."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.events.topics import PARTITIONS, TOPICS, all_topics_with_dlq, partitions_of
from api.kit.settings import default_kafka_bootstrap
from lakoo.runtime import kafka
from lakoo.runtime.kafka_topics import replication_for


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LAKOO_HOME", str(tmp_path))
    monkeypatch.setenv("LAKOO_KAFKA_PORT", "9280")
    monkeypatch.setenv("LAKOO_KAFKA_CONTROLLER_PORT", "9281")
    monkeypatch.setenv("LAKOO_KAFKA_EXTRA_PORTS", "9282")
    monkeypatch.delenv("LAKOO_KAFKA_BROKERS", raising=False)
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    return tmp_path


def test_one_node_by_default_in_the_single_broker_directory(home: Path) -> None:
    (node,) = kafka.nodes()
    assert (node.port, node.controller_port, node.data) == (9280, 9281, home / "kafka" / "data")
    assert kafka.bootstrap_servers() == "127.0.0.1:9280"


def test_a_cluster_of_three_takes_the_extra_ports_and_a_directory_per_node(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LAKOO_KAFKA_BROKERS", "3")
    nodes = kafka.nodes()
    assert [(n.node_id, n.port, n.controller_port) for n in nodes] == [
        (1, 9280, 9281),
        (2, 9282, 9283),
        (3, 9284, 9285),
    ]
    assert [n.home.name for n in nodes] == ["node-1", "node-2", "node-3"]
    assert kafka.bootstrap_servers() == "127.0.0.1:9280,127.0.0.1:9282,127.0.0.1:9284"
    assert default_kafka_bootstrap() == kafka.bootstrap_servers(), "services bootstrap from all"
    nodes[1].home.mkdir(parents=True)
    props = kafka._write_config(nodes[1], nodes).read_text()
    assert "node.id=2\n" in props
    assert "controller.quorum.voters=1@127.0.0.1:9281,2@127.0.0.1:9283,3@127.0.0.1:9285\n" in props
    assert "min.insync.replicas=2\n" in props and "offsets.topic.replication.factor=3\n" in props


def test_the_broker_count_is_remembered_once_started(home: Path) -> None:
    (home / "kafka").mkdir()
    (home / "kafka" / "brokers").write_text("3\n")
    assert kafka.broker_count() == 3 and len(kafka.nodes()) == 3


def test_replication_is_three_with_two_in_sync_on_a_cluster_and_one_on_a_single_node() -> None:
    assert replication_for(1) == (1, 1)
    assert replication_for(3) == (3, 2)
    assert replication_for(5) == (3, 2)


def test_every_topic_has_a_partition_count_and_dead_letters_have_one() -> None:
    assert set(PARTITIONS) <= set(TOPICS)
    for name in all_topics_with_dlq():
        assert partitions_of(name) == (1 if name.endswith(".dlq") else PARTITIONS.get(name, 3))
    assert partitions_of("order.events") == 12
