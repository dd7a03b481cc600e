"""A three-node Kafka cluster of a test's own: the embedded runtime under a temporary home, on
ports 9280–9285 (``LAKOO_TEST_KAFKA_CLUSTER_PORT`` moves them), stopped — every node, killed if
need be — however the test ends."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from lakoo.runtime import kafka

CLUSTER_PORT = int(os.environ.get("LAKOO_TEST_KAFKA_CLUSTER_PORT") or 9280)


@contextmanager
def kafka_cluster(home: Path, monkeypatch: pytest.MonkeyPatch, brokers: int = 3) -> Iterator[str]:
    """Start the cluster and yield its bootstrap servers."""
    libs = kafka.resolve_jars()  # the session's jar cache, before the home moves
    (home / "kafka").mkdir(parents=True)
    (home / "kafka" / "libs").symlink_to(libs)
    monkeypatch.setenv("LAKOO_HOME", str(home))
    monkeypatch.setenv("LAKOO_KAFKA_PORT", str(CLUSTER_PORT))
    monkeypatch.setenv("LAKOO_KAFKA_CONTROLLER_PORT", str(CLUSTER_PORT + 1))
    monkeypatch.setenv("LAKOO_KAFKA_EXTRA_PORTS", str(CLUSTER_PORT + 2))
    monkeypatch.setenv("LAKOO_KAFKA_BROKERS", str(brokers))
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    seen: set[int] = set()
    try:
        kafka.start(brokers)
        seen.update(kafka.pids().values())
        yield kafka.bootstrap_servers()
    finally:
        seen.update(kafka.pids().values())
        kafka.stop()
        for pid in seen:  # a node that did not stop (or started half) must not outlive the test
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
