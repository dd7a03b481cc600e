"""Kafka for the local stack: an external cluster from ``KAFKA_BOOTSTRAP_SERVERS``, or KRaft
nodes run on the machine's Java from jars that Maven resolves into ``.lakoo/kafka/libs`` (see
``lakoo/runtime/kafka/pom.xml``).

By default one node is broker and controller (``.lakoo/kafka/data``). ``lakoo stack up
--brokers 3`` runs a cluster instead: three nodes, each broker and controller of a static voter
set, each with its own directory ``.lakoo/kafka/node-<id>/``; topics get three replicas and
``min.insync.replicas=2``. Node 1 listens on ``LAKOO_KAFKA_PORT``/``LAKOO_KAFKA_CONTROLLER_PORT``;
node k > 1 on ``LAKOO_KAFKA_EXTRA_PORTS + 2(k-2)`` and the port after it (controller). The broker
count is remembered (``.lakoo/kafka/brokers``), so a later ``stack up``/``down`` means the same
nodes; ``LAKOO_KAFKA_BROKERS`` overrides it (services read it too, to bootstrap from every node).
"""

from __future__ import annotations

import base64
import os
import shlex
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import psutil
from confluent_kafka import KafkaException
from rich.console import Console

from lakoo.runtime import StackError, kafka_jars, lakoo_home
from lakoo.runtime.kafka_topics import admin_client, ensure_topics, replication_for

__all__ = ["KafkaStatus", "Node", "bootstrap_servers", "ensure_topics", "nodes", "start", "stop"]

DEFAULT_PORT = 9092
DEFAULT_CONTROLLER_PORT = 9093
DEFAULT_EXTRA_PORTS = 9094
# the Maven file and the broker's configuration templates live beside this module
_FILES = Path(__file__).with_name("kafka")
POM = _FILES / "pom.xml"
_LOG4J2 = _FILES / "log4j2.xml"
_START_TIMEOUT_S = 90
_STOP_TIMEOUT_S = 30
_MAIN_CLASS = "kafka.Kafka"

_console = Console(stderr=True)


@dataclass(frozen=True, slots=True)
class KafkaStatus:
    """Where Kafka listens and whether it answers."""

    bootstrap: str
    embedded: bool
    running: bool
    pid: int | None
    brokers: int = 1


@dataclass(frozen=True, slots=True)
class Node:
    """One embedded KRaft node (broker and controller): its ports and its directory."""

    node_id: int
    port: int
    controller_port: int
    home: Path
    log: Path

    data = property(lambda self: self.home / "data")
    pid_file = property(lambda self: self.home / "kafka.pid")
    address = property(lambda self: f"127.0.0.1:{self.port}")


def is_external() -> bool:
    """True when ``KAFKA_BOOTSTRAP_SERVERS`` points at a cluster we must use and not start."""
    return bool(os.environ.get("KAFKA_BOOTSTRAP_SERVERS"))


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def base_dir() -> Path:
    """``.lakoo/kafka``: jar cache, configuration, data and pid files."""
    return lakoo_home() / "kafka"


def _brokers_file() -> Path:
    return base_dir() / "brokers"


def broker_count() -> int:
    """How many nodes the embedded Kafka has: ``LAKOO_KAFKA_BROKERS``, else what was started."""
    if os.environ.get("LAKOO_KAFKA_BROKERS"):
        return int(os.environ["LAKOO_KAFKA_BROKERS"])
    try:
        return int(_brokers_file().read_text().strip())
    except (OSError, ValueError):
        return 1


def nodes(count: int | None = None) -> list[Node]:
    """The embedded nodes of a cluster of ``count`` (default: :func:`broker_count`)."""
    count = count or broker_count()
    port = _env_int("LAKOO_KAFKA_PORT", DEFAULT_PORT)
    controller = _env_int("LAKOO_KAFKA_CONTROLLER_PORT", DEFAULT_CONTROLLER_PORT)
    logs = lakoo_home() / "logs"
    if count == 1:
        return [Node(1, port, controller, base_dir(), logs / "kafka.log")]
    extra = _env_int("LAKOO_KAFKA_EXTRA_PORTS", DEFAULT_EXTRA_PORTS)
    ports = [(port, controller)] + [(extra + 2 * k, extra + 2 * k + 1) for k in range(count - 1)]
    return [
        Node(i, p, c, base_dir() / f"node-{i}", logs / f"kafka-{i}.log")
        for i, (p, c) in enumerate(ports, start=1)
    ]


def bootstrap_servers() -> str:
    """The bootstrap servers in use (every embedded node, ``127.0.0.1:9092`` by default)."""
    return os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or ",".join(n.address for n in nodes())


def data_dir() -> Path:
    """The single node's log directory (the messages and the KRaft metadata)."""
    return base_dir() / "data"


def data_dirs() -> list[Path]:
    """Every log directory the embedded Kafka may have: the single node's and the cluster's."""
    return [data_dir(), *sorted(base_dir().glob("node-*"))]


def log_file() -> Path:
    """Where the embedded (first) node's output goes."""
    return nodes()[0].log


def _java() -> str:
    return kafka_jars.java()


def resolve_jars() -> Path:
    """The broker's jars, resolved from Maven Central into this checkout's cache once per pom."""
    return kafka_jars.resolve(base_dir(), _console)


def _pid(node: Node) -> int | None:
    """The node's pid if its pid file names a live ``kafka.Kafka`` process."""
    try:
        pid = int(node.pid_file.read_text().strip())
        process = psutil.Process(pid)
        # a zombie (dead, not yet reaped) has no cmdline on some systems and must count as gone
        if process.status() == psutil.STATUS_ZOMBIE:
            return None
        cmdline = process.cmdline()
    except (OSError, ValueError, psutil.Error):
        return None
    return pid if _MAIN_CLASS in cmdline else None


def _alive(pid: int) -> bool:
    """Whether the process we just spawned still runs, whatever its command line says yet.

    Until the launcher's forked shell has exec'd the JVM, the pid's command line is the shell's
    (one argument holding the whole launcher), so `_pid()`'s ``kafka.Kafka`` test fails on a
    loaded machine for a process that is starting up fine.
    """
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def pids() -> dict[int, int]:
    """``{node_id: pid}`` of the embedded nodes that run (tests kill one through it)."""
    return {node.node_id: pid for node in nodes() if (pid := _pid(node)) is not None}


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _log_tail(node: Node, lines: int = 20) -> str:
    try:
        return "\n".join(node.log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log yet)"


def _write_config(node: Node, cluster: list[Node]) -> Path:
    props = node.home / "server.properties"
    template = (_FILES / "server.properties").read_text()
    replication, min_isr = replication_for(len(cluster))
    voters = ",".join(f"{n.node_id}@127.0.0.1:{n.controller_port}" for n in cluster)
    props.write_text(
        template.format(
            node_id=node.node_id,
            voters=voters,
            port=node.port,
            controller_port=node.controller_port,
            data=node.data.as_posix(),
            replication=replication,
            min_isr=min_isr,
        )
    )
    return props


def _cluster_id(cluster: list[Node]) -> str:
    """One id for every node of a cluster (kept beside them); a fresh one for a single node."""
    # a Kafka Uuid is 16 random bytes in URL-safe base64 without padding; like Kafka's own
    # Uuid.randomUuid, never one starting with "-", which the storage tool's ``-t`` would take
    # for an option (one fresh id in 64 failed ``lakoo up`` that way)
    fresh = "-"
    while fresh.startswith("-"):
        fresh = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
    if len(cluster) == 1:
        return fresh
    stored = base_dir() / f"cluster-{len(cluster)}.id"
    if not stored.is_file():
        stored.write_text(fresh + "\n")
    return stored.read_text().strip()


def _format_storage(java: str, classpath: str, props: Path, node: Node, cluster_id: str) -> None:
    """Format the node's KRaft log directory once."""
    if (node.data / "meta.properties").exists():
        return
    result = subprocess.run(
        [java, "-cp", classpath, "kafka.tools.StorageTool", "format",
         "-t", cluster_id, "-c", str(props), "--ignore-formatted"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    if result.returncode != 0:
        raise StackError(f"formatting Kafka storage failed:\n{result.stdout}{result.stderr}")


def start(brokers: int | None = None) -> None:
    """Start the embedded nodes that do not run yet (no-op for an external cluster).

    ``brokers`` changes the cluster's size for this and later runs; the other layout's data
    stays on disk. A running Kafka of another size must be stopped first.
    """
    if is_external():
        return
    if brokers is not None and brokers != broker_count():
        if pids():
            raise StackError(
                f"Kafka runs with {broker_count()} broker(s); `lakoo stack down` before "
                f"starting {brokers}"
            )
        base_dir().mkdir(parents=True, exist_ok=True)
        _brokers_file().write_text(f"{brokers}\n")
    cluster = nodes(brokers)
    waiting = [node for node in cluster if _pid(node) is None]
    if not waiting:
        return
    for node in waiting:
        if _port_open(node.port) or _port_open(node.controller_port):
            raise StackError(
                f"port {node.port} or {node.controller_port} is taken by a process we did not "
                "start; stop it, or set KAFKA_BOOTSTRAP_SERVERS to use it, or LAKOO_KAFKA_PORT "
                "(LAKOO_KAFKA_EXTRA_PORTS for nodes 2+) to move ours"
            )
    java = _java()
    classpath = str(resolve_jars() / "*")
    cluster_id = _cluster_id(cluster)
    # a cluster's nodes share two cores with everything else: smaller heaps than a lone broker
    heap = ["-Xms256m", "-Xmx768m"] if len(cluster) == 1 else ["-Xms128m", "-Xmx512m"]
    started: dict[Node, int] = {}
    for node in waiting:
        node.home.mkdir(parents=True, exist_ok=True)
        node.log.parent.mkdir(parents=True, exist_ok=True)
        props = _write_config(node, cluster)
        _format_storage(java, classpath, props, node, cluster_id)
        command = [
            java, *heap, "-XX:+UseG1GC", "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={_LOG4J2}", "-cp", classpath, _MAIN_CLASS, str(props),
        ]  # fmt: skip
        pid = _spawn_detached(command, node)
        node.pid_file.write_text(f"{pid}\n")
        started[node] = pid
    # the nodes elect a controller together: start them all, then wait for each
    for node, pid in started.items():
        _wait_until_listening(node, pid)
    if not _answers(60.0, brokers=len(cluster)):
        raise StackError(f"Kafka listens but does not answer metadata requests; see {log_file()}")


def _spawn_detached(command: list[str], node: Node) -> int:
    """Start ``command`` as a daemon and return its pid.

    A shell backgrounds it and exits at once (the classic double fork): the broker is re-parented
    to init, so it outlives us, is never our zombie, and no ``Popen`` object is left to warn that
    its child still runs. ``start_new_session`` keeps a Ctrl-C in our terminal away from it.
    """
    log = shlex.quote(str(node.log))
    launcher = f"{shlex.join(command)} </dev/null >>{log} 2>&1 & echo $!"
    result = subprocess.run(
        ["/bin/sh", "-c", launcher],
        cwd=node.home, capture_output=True, text=True, check=True, start_new_session=True,
    )  # fmt: skip
    return int(result.stdout.strip())


def _wait_until_listening(node: Node, pid: int) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_S
    # TCP first: librdkafka logs every refused connection, the socket probe stays quiet
    while not _port_open(node.port):
        if not _alive(pid):
            node.pid_file.unlink(missing_ok=True)
            raise StackError(
                f"Kafka node {node.node_id} exited during start-up; log {node.log}:\n"
                f"{_log_tail(node)}"
            )
        if time.monotonic() > deadline:
            raise StackError(f"Kafka did not listen within {_START_TIMEOUT_S}s; see {node.log}")
        time.sleep(0.2)


def _answers(timeout: float, brokers: int = 1) -> bool:
    """The cluster answers metadata requests and reports at least ``brokers`` brokers."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            metadata = admin_client(bootstrap_servers()).list_topics(
                timeout=max(1.0, deadline - time.monotonic())
            )
            if len(metadata.brokers) >= brokers:
                return True
        except KafkaException:
            return False
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)


def stop() -> None:
    """SIGTERM every embedded node (a clean shutdown), SIGKILL those that linger."""
    if is_external():
        return
    # the single node and a cluster's nodes: whichever layout ran last, stop what runs
    everyone = {node.pid_file: node for node in [*nodes(1), *nodes()]}.values()
    processes: list[psutil.Process] = []
    for node in everyone:
        pid = _pid(node)
        node.pid_file.unlink(missing_ok=True)
        if pid is None:
            continue
        try:
            process = psutil.Process(pid)
            process.send_signal(signal.SIGTERM)
            processes.append(process)
        except psutil.NoSuchProcess:
            pass
    # all at once: a node shutting down waits for the controllers, which may be shutting too
    _, alive = psutil.wait_procs(processes, timeout=_STOP_TIMEOUT_S)
    for process in alive:
        process.kill()
    psutil.wait_procs(alive, timeout=10)


def status() -> KafkaStatus:
    """Whether the cluster in use answers, and the first node's pid when it is ours."""
    embedded = not is_external()
    running_pids = list(pids().values()) if embedded else []
    pid = running_pids[0] if running_pids else None
    running = (pid is not None or not embedded) and _answers(3.0)
    return KafkaStatus(
        bootstrap=bootstrap_servers(),
        embedded=embedded,
        running=running,
        pid=pid,
        brokers=broker_count() if embedded else 0,
    )
