"""Kafka for the local stack: an external cluster from ``KAFKA_BOOTSTRAP_SERVERS``, or a
single-node KRaft broker run on the machine's Java from jars that Maven resolves into
``.lakoo/kafka/libs`` (see ``lakoo/runtime/kafka/pom.xml``).
"""

from __future__ import annotations

import base64
import hashlib
import os
import shlex
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import psutil
from confluent_kafka import KafkaError, KafkaException
from confluent_kafka.admin import AdminClient, NewTopic
from rich.console import Console

from lakoo.runtime import StackError, lakoo_home

DEFAULT_PORT = 9092
DEFAULT_CONTROLLER_PORT = 9093
# the Maven file and the broker's configuration templates live beside this module
_FILES = Path(__file__).with_name("kafka")
POM = _FILES / "pom.xml"
_LOG4J2 = _FILES / "log4j2.xml"
_START_TIMEOUT_S = 60
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


def is_external() -> bool:
    """True when ``KAFKA_BOOTSTRAP_SERVERS`` points at a cluster we must use and not start."""
    return bool(os.environ.get("KAFKA_BOOTSTRAP_SERVERS"))


def _port() -> int:
    return int(os.environ.get("LAKOO_KAFKA_PORT", DEFAULT_PORT))


def _controller_port() -> int:
    return int(os.environ.get("LAKOO_KAFKA_CONTROLLER_PORT", DEFAULT_CONTROLLER_PORT))


def bootstrap_servers() -> str:
    """The bootstrap servers in use (``127.0.0.1:9092`` for the embedded broker)."""
    return os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or f"127.0.0.1:{_port()}"


def base_dir() -> Path:
    """``.lakoo/kafka``: jar cache, configuration, data and pid file."""
    return lakoo_home() / "kafka"


def data_dir() -> Path:
    """The broker's log directory (the messages and the KRaft metadata)."""
    return base_dir() / "data"


def log_file() -> Path:
    """Where the embedded broker's output goes."""
    return lakoo_home() / "logs" / "kafka.log"


def _pid_file() -> Path:
    return base_dir() / "kafka.pid"


def _libs() -> Path:
    return base_dir() / "libs"


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not java:
        raise StackError("Kafka needs Java 17+: install it or set JAVA_HOME")
    return java


def resolve_jars() -> Path:
    """Copy the broker's jars from Maven Central into the cache, unless the pom is unchanged."""
    libs = _libs()
    marker = libs / ".pom.sha256"
    digest = hashlib.sha256(POM.read_bytes()).hexdigest()
    if marker.is_file() and marker.read_text().strip() == digest:
        return libs
    mvn = shutil.which("mvn")
    if not mvn:
        raise StackError("resolving Kafka's jars needs Maven (mvn) on PATH")
    # resolve into a fresh directory and swap, so jars a pom change dropped do not linger
    staging = base_dir() / "libs.new"
    shutil.rmtree(staging, ignore_errors=True)
    _console.print("resolving Kafka jars from Maven Central (first run only)…")
    with _console.status("mvn dependency:copy-dependencies"):
        result = subprocess.run(
            [mvn, "-B", "-q", "-f", str(POM), "dependency:copy-dependencies",
             f"-DoutputDirectory={staging}", "-DincludeScope=runtime"],
            capture_output=True, text=True, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    if result.returncode != 0:
        raise StackError(f"mvn could not resolve Kafka's jars:\n{result.stdout}{result.stderr}")
    (staging / ".pom.sha256").write_text(digest + "\n")
    shutil.rmtree(libs, ignore_errors=True)
    staging.rename(libs)
    return libs


def _pid() -> int | None:
    """The broker's pid if our pid file names a live ``kafka.Kafka`` process."""
    try:
        pid = int(_pid_file().read_text().strip())
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


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _log_tail(lines: int = 20) -> str:
    try:
        return "\n".join(log_file().read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log yet)"


def _write_config() -> Path:
    props = base_dir() / "server.properties"
    template = (_FILES / "server.properties").read_text()
    data = data_dir().as_posix()
    props.write_text(template.format(port=_port(), controller_port=_controller_port(), data=data))
    return props


def _format_storage(java: str, classpath: str, props: Path) -> None:
    """Format the KRaft log directory once, with a fresh cluster id."""
    if (data_dir() / "meta.properties").exists():
        return
    # a Kafka Uuid is 16 random bytes in URL-safe base64 without padding
    cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
    result = subprocess.run(
        [java, "-cp", classpath, "kafka.tools.StorageTool", "format",
         "-t", cluster_id, "-c", str(props), "--ignore-formatted"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    if result.returncode != 0:
        raise StackError(f"formatting Kafka storage failed:\n{result.stdout}{result.stderr}")


def start() -> None:
    """Start the embedded broker unless it runs already (no-op for an external cluster)."""
    if is_external() or _pid() is not None:
        return
    if _port_open(_port()):
        raise StackError(
            f"port {_port()} is taken by a process we did not start; stop it, "
            "or set KAFKA_BOOTSTRAP_SERVERS to use it, or LAKOO_KAFKA_PORT to move ours"
        )
    java = _java()
    base_dir().mkdir(parents=True, exist_ok=True)
    log_file().parent.mkdir(parents=True, exist_ok=True)
    classpath = str(resolve_jars() / "*")
    props = _write_config()
    _format_storage(java, classpath, props)
    command = [
        java, "-Xms256m", "-Xmx768m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
        f"-Dlog4j2.configurationFile={_LOG4J2}", "-cp", classpath, _MAIN_CLASS, str(props),
    ]  # fmt: skip
    pid = _spawn_detached(command)
    _pid_file().write_text(f"{pid}\n")
    _wait_until_ready(pid)


def _spawn_detached(command: list[str]) -> int:
    """Start ``command`` as a daemon and return its pid.

    A shell backgrounds it and exits at once (the classic double fork): the broker is re-parented
    to init, so it outlives us, is never our zombie, and no ``Popen`` object is left to warn that
    its child still runs. ``start_new_session`` keeps a Ctrl-C in our terminal away from it.
    """
    log = shlex.quote(str(log_file()))
    launcher = f"{shlex.join(command)} </dev/null >>{log} 2>&1 & echo $!"
    result = subprocess.run(
        ["/bin/sh", "-c", launcher],
        cwd=base_dir(), capture_output=True, text=True, check=True, start_new_session=True,
    )  # fmt: skip
    return int(result.stdout.strip())


def _wait_until_ready(pid: int) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_S
    # TCP first: librdkafka logs every refused connection, the socket probe stays quiet
    while not _port_open(_port()):
        if not _alive(pid):
            _pid_file().unlink(missing_ok=True)
            raise StackError(f"Kafka exited during start-up; log {log_file()}:\n{_log_tail()}")
        if time.monotonic() > deadline:
            raise StackError(f"Kafka did not listen within {_START_TIMEOUT_S}s; see {log_file()}")
        time.sleep(0.2)
    if not _answers(max(1.0, deadline - time.monotonic())):
        raise StackError(f"Kafka listens but does not answer metadata requests; see {log_file()}")


def _admin(bootstrap: str | None = None) -> AdminClient:
    # librdkafka logs every refused connection many times a second; we report failures as one
    # StackError instead, so only its critical lines get through
    return AdminClient({"bootstrap.servers": bootstrap or bootstrap_servers(), "log_level": 2})


def _answers(timeout: float) -> bool:
    try:
        _admin().list_topics(timeout=timeout)
    except KafkaException:
        return False
    return True


def stop() -> None:
    """SIGTERM the embedded broker (a clean shutdown), SIGKILL it if it lingers."""
    pid = _pid()
    if is_external() or pid is None:
        _pid_file().unlink(missing_ok=True)
        return
    try:
        process = psutil.Process(pid)
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=_STOP_TIMEOUT_S)
        except psutil.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    except psutil.NoSuchProcess:
        pass
    _pid_file().unlink(missing_ok=True)


def ensure_topics(bootstrap: str, names: Iterable[str], partitions: int = 3) -> list[str]:
    """Create every topic in ``names`` that is missing (replication factor 1); return those made."""
    admin = _admin(bootstrap)
    try:
        existing = set(admin.list_topics(timeout=15).topics)
    except KafkaException as exc:
        raise StackError(f"cannot reach Kafka at {bootstrap}: {exc}") from exc
    wanted = list(dict.fromkeys(names))
    missing = [name for name in wanted if name not in existing]
    if not missing:
        _wait_for_leaders(admin, wanted)
        return []
    futures = admin.create_topics(
        [NewTopic(name, num_partitions=partitions, replication_factor=1) for name in missing],
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
    _wait_for_leaders(admin, wanted)
    return created


def _wait_for_leaders(admin: AdminClient, names: list[str], timeout: float = 30.0) -> None:
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


def status() -> KafkaStatus:
    """Whether the cluster in use answers, and the broker's pid when it is ours."""
    embedded = not is_external()
    pid = _pid() if embedded else None
    running = (pid is not None or not embedded) and _answers(3.0)
    return KafkaStatus(bootstrap=bootstrap_servers(), embedded=embedded, running=running, pid=pid)
