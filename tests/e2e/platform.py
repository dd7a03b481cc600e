"""The checkout platform as real processes on free ports, each service on a fresh database.

    with checkout_platform(postgres_url, kafka_bootstrap) as platform:
        platform.endpoints          # gateway + sandboxes, for lakoo.simulate.client.Platform
        platform.restart("order-worker", ORDER_CLOCK_OFFSET_SECONDS="691200")

Parts: every service of the main flow and the notification service (auth sends its codes
through it), their workers (in consumer groups of this run's own, ``LAKOO_CONSUMER_GROUP_PREFIX``),
one relay over all the databases, the gateway, and the Xendit, Biteship and messaging sandboxes,
whose callbacks and receipts go through the gateway as in production.

Two topologies (DESIGN §3), the same parts either way:

- ``development`` (the default, what ``lakoo up`` runs): one process serves every service and
  the gateway (``lakoo serve a:PORT b:PORT … gateway:PORT``), one runs every worker
  (``lakoo worker a b …``), one every sandbox (``lakoo sandbox all``), and the relay;
- ``separate`` (production's shape): a ``lakoo serve`` and a ``lakoo worker`` process per
  service, one per sandbox.

``restart`` takes a part's name (``order-worker``) and restarts the process hosting it. Each
process logs to ``<tmp>/<name>.log`` (kept on failure).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from uuid import uuid4

import httpx
from confluent_kafka import ConsumerGroupState
from confluent_kafka.admin import AdminClient

from api.auth.keys import generate_private_key_pem
from api.kit.db import libpq_url
from lakoo.simulate.client import Endpoints
from tests.support.databases import create_database, drop_database
from tests.support.processes import Process, free_port, lakoo, running
from tests.support.services import migrated_database

SERVICES = (
    "auth",
    "product",
    "brand",
    "supplier",
    "warehouse",
    "cart",
    "order",
    "payment",
    "address",
    "logistic",
    "support",
    "review",
    "notification",
    # sellers open shops through the seller service (lakoo.simulate.cast.open_shop), which
    # validates their payout accounts through the wallet
    "seller",
    "wallet",
)
WORKERS = (
    "product", "brand", "supplier", "warehouse", "cart", "order", "payment", "logistic", "support",
    "review", "notification",
)  # fmt: skip
CONSUMERS = tuple(w for w in WORKERS if w != "payment")  # payment's worker runs jobs only

# generous limits: a test registers and races dozens of buyers from one IP within seconds
RATE_LIMITS = {
    "GATEWAY_RATE_LIMIT_PER_SECOND": "5000",
    "GATEWAY_RATE_LIMIT_BURST": "5000",
    "GATEWAY_AUTH_RATE_LIMIT_PER_SECOND": "5000",
    "GATEWAY_AUTH_RATE_LIMIT_BURST": "5000",
}


Topology = Literal["development", "separate"]


@dataclass
class LoggedProcess(Process):
    """A :class:`Process` whose output goes to a log file; it may serve several apps."""

    log: Path | None = None
    more_urls: tuple[str, ...] = ()  # the other apps it serves (the services host's)

    def start(self) -> None:
        assert self.log is not None
        with self.log.open("ab") as sink:
            self.popen = subprocess.Popen(
                self.argv,
                env={**os.environ, "LAKOO_ENV": "test", **self.env},
                stdout=sink,
                stderr=subprocess.STDOUT,
            )

    def wait_healthy(self, timeout: float = 30.0) -> None:
        """Every app it serves answers ``/health`` (one process, many ports in development)."""
        super().wait_healthy(timeout)
        deadline = time.monotonic() + timeout
        for url in self.more_urls:
            while True:
                try:
                    if httpx.get(f"{url}/health", timeout=1.0).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{url} did not become healthy in {timeout:.0f} s")
                time.sleep(0.1)


@dataclass
class CheckoutPlatform:
    """The running processes by name, their shared environment and where to call them."""

    endpoints: Endpoints
    env: dict[str, str]
    messages: str = ""  # the messaging sandbox (its inbox, GET /api/messages)
    processes: dict[str, LoggedProcess] = field(default_factory=dict)
    databases: dict[str, str] = field(default_factory=dict)
    hosts: dict[str, str] = field(default_factory=dict)  # part → the process that hosts it

    def restart(self, name: str, **env: str) -> None:
        """Restart the process hosting part ``name`` with ``env`` added (e.g. a clock offset)."""
        process = self.processes[self.hosts.get(name, name)]
        process.stop()
        process.env = {**process.env, **env}
        process.start()
        process.wait_healthy(60)


def _logged(process: Process, name: str, logs: Path) -> LoggedProcess:
    return LoggedProcess(process.argv, env=process.env, url=process.url, log=logs / f"{name}.log")


def _separate(env: dict[str, str], ports: dict[str, int], logs: Path) -> dict[str, LoggedProcess]:
    """A process per service, per worker and per sandbox (production's shape)."""

    def http(name: str, *argv: str) -> LoggedProcess:
        url = f"http://127.0.0.1:{ports[name]}"
        return _logged(lakoo(*argv, "--port", str(ports[name]), env=env, url=url), name, logs)

    processes = {name: http(name, "serve", name) for name in SERVICES}
    for name in WORKERS:
        processes[f"{name}-worker"] = _logged(
            lakoo("worker", name, env=env), f"{name}-worker", logs
        )
    databases = [f"--database={s}={env[f'{s.upper()}_DATABASE_URL']}" for s in SERVICES]
    processes["relay"] = _logged(lakoo("relay", *databases, env=env), "relay", logs)
    gateway = f"http://127.0.0.1:{ports['gateway']}"
    processes["xendit"] = http(
        "xendit", "sandbox", "xendit", "--callback-url", f"{gateway}/webhooks/xendit/invoice"
    )
    processes["biteship"] = http(
        "biteship", "sandbox", "biteship", "--webhook-url", f"{gateway}/webhooks/biteship"
    )
    processes["messages"] = http(
        "messages",
        "sandbox",
        "messages",
        "--smtp-port",
        str(ports["messages-smtp"]),
        "--webhook-url",
        f"{gateway}/webhooks/messages",
    )
    processes["gateway"] = http("gateway", "serve", "gateway")
    return processes


def _development(
    env: dict[str, str], ports: dict[str, int], logs: Path
) -> dict[str, LoggedProcess]:
    """Every service + the gateway in one process, every worker in one, the sandboxes in one."""

    def url(name: str) -> str:
        return f"http://127.0.0.1:{ports[name]}"

    targets = [f"{name}:{ports[name]}" for name in (*SERVICES, "gateway")]
    services = lakoo("serve", *targets, env=env, url=url("gateway"))
    sandboxes = lakoo(
        "sandbox", "all", f"xendit:{ports['xendit']}", f"biteship:{ports['biteship']}",
        f"messages:{ports['messages']}", env=env, url=url("xendit"),
    )  # fmt: skip
    databases = [f"--database={s}={env[f'{s.upper()}_DATABASE_URL']}" for s in SERVICES]
    return {
        "services": LoggedProcess(
            services.argv, env=services.env, url=services.url, log=logs / "services.log",
            more_urls=tuple(url(name) for name in SERVICES),
        ),
        "workers": _logged(lakoo("worker", *WORKERS, env=env), "workers", logs),
        "relay": _logged(lakoo("relay", *databases, env=env), "relay", logs),
        "sandboxes": LoggedProcess(
            sandboxes.argv, env=sandboxes.env, url=sandboxes.url, log=logs / "sandboxes.log",
            more_urls=(url("biteship"), url("messages")),
        ),
    }  # fmt: skip


def _development_hosts() -> dict[str, str]:
    hosts = {name: "services" for name in (*SERVICES, "gateway")}
    hosts.update({f"{name}-worker": "workers" for name in WORKERS})
    hosts.update({"xendit": "sandboxes", "biteship": "sandboxes", "messages": "sandboxes"})
    return hosts


def _messaging_env(ports: dict[str, int]) -> dict[str, str]:
    """Every message provider at the run's messaging sandbox; receipts signed for the gateway."""
    sandbox = f"http://127.0.0.1:{ports['messages']}"
    gateway = f"http://127.0.0.1:{ports['gateway']}"
    return {
        "SMTP_PORT": str(ports["messages-smtp"]),
        **{
            f"{provider}_BASE_URL": sandbox
            for provider in ("SENDGRID", "TWILIO", "VONAGE", "WHATSAPP", "FCM")
        },
        "FCM_TOKEN_URL": f"{sandbox}/token",
        # Twilio signs the public URL it called: the gateway's, as the sandbox calls it
        "NOTIFICATION_PUBLIC_BASE_URL": gateway,
        # the sandbox's own settings (the separate topology passes them as options)
        "MESSAGES_SANDBOX_SMTP_PORT": str(ports["messages-smtp"]),
        "MESSAGES_SANDBOX_WEBHOOK_BASE_URL": f"{gateway}/webhooks/messages",
    }


def _wait_for_assignments(bootstrap: str, prefix: str, timeout: float = 60.0) -> None:
    """Until every worker's group owns its partitions (they start at the end of the topics)."""
    admin = AdminClient({"bootstrap.servers": bootstrap})
    groups = [f"{prefix}-{name}" for name in CONSUMERS]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        described = admin.describe_consumer_groups(groups)
        if all(
            future.result(10).state == ConsumerGroupState.STABLE
            and all(m.assignment.topic_partitions for m in future.result(10).members)
            for future in described.values()
        ):
            time.sleep(1.0)  # the first fetch resolves "latest" just after the assignment
            return
        time.sleep(0.2)
    raise TimeoutError(f"consumer groups {groups} did not get their partitions")


@contextmanager
def checkout_platform(
    postgres_url: str, kafka_bootstrap: str, *, topology: Topology = "development"
) -> Iterator[CheckoutPlatform]:
    """Fresh databases, every process started and healthy; all stopped and dropped afterwards."""
    ports = {
        name: free_port()
        for name in (*SERVICES, "gateway", "xendit", "biteship", "messages", "messages-smtp")
    }
    urls: dict[str, str] = {}
    try:
        for service in SERVICES:
            urls[service] = migrated_database(service, create_database(postgres_url, "e2e"))
        env = {
            "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
            "LAKOO_LOG_JSON": "true",  # the logs keep the errors' details
            # groups of this run's own, starting at the end of the shared topics: their history
            # belongs to other tests, and stale events about unknown orders would be retried
            "LAKOO_CONSUMER_GROUP_PREFIX": f"e2e-{uuid4().hex[:10]}",
            "LAKOO_CONSUMER_START": "latest",
            "AUTH_JWT_PRIVATE_KEY": generate_private_key_pem(),
            "XENDIT_BASE_URL": f"http://127.0.0.1:{ports['xendit']}",
            "BITESHIP_BASE_URL": f"http://127.0.0.1:{ports['biteship']}",
            # the sandboxes' own settings (the separate topology passes them as options)
            "XENDIT_PUBLIC_URL": f"http://127.0.0.1:{ports['xendit']}",
            "XENDIT_CALLBACK_URL": f"http://127.0.0.1:{ports['gateway']}/webhooks/xendit/invoice",
            "BITESHIP_WEBHOOK_URL": f"http://127.0.0.1:{ports['gateway']}/webhooks/biteship",
            "ORDER_JOB_INTERVAL_SECONDS": "1",
            # no quiet hours here (22:00–08:00 WIB holds non-urgent messages until morning, as
            # DOMAIN says): the suite runs at any hour and checks that the buyer's emails arrive.
            # The rule itself is the notification service's own tests' subject. 24..0 is a
            # window no hour falls in (quiet means hour >= start or hour < end).
            "NOTIFICATION_QUIET_START_HOUR": "24",
            "NOTIFICATION_QUIET_END_HOUR": "0",
            # twenty sign-ups at once hash twenty passwords (argon2, by design slow) on 2 shared
            # cores: what the tests check is the answer, not that it came within 30 s
            "GATEWAY_UPSTREAM_TIMEOUT": "120",
            # likewise the order service's calls in the checkout saga: 200 flash-sale checkouts
            # at once share that one event loop, and at load 20 the warehouse's answer to a
            # reservation took over the 5 s default (the checkout answered 504 and gave the
            # unit back instead of winning or losing it)
            "ORDER_UPSTREAM_TIMEOUT_SECONDS": "60",
            # in the development topology the gateway and the services share one event loop:
            # twenty buyers at once can keep it from completing a connect within 2 s
            "GATEWAY_CONNECT_TIMEOUT": "30",
            **_messaging_env(ports),
            **RATE_LIMITS,
        }
        for service in SERVICES:
            env[f"{service.upper()}_DATABASE_URL"] = libpq_url(urls[service])
            env[f"{service.upper()}_SERVICE_URL"] = f"http://127.0.0.1:{ports[service]}"
        logs = Path(tempfile.mkdtemp(prefix="lakoo-e2e-"))
        development = topology == "development"
        processes = (_development if development else _separate)(env, ports, logs)
        platform = CheckoutPlatform(
            endpoints=Endpoints(
                gateway=f"http://127.0.0.1:{ports['gateway']}",
                xendit=f"http://127.0.0.1:{ports['xendit']}",
                biteship=f"http://127.0.0.1:{ports['biteship']}",
            ),
            env=env,
            processes=processes,
            databases=urls,
            hosts=_development_hosts() if development else {},
            messages=f"http://127.0.0.1:{ports['messages']}",
        )
        # twenty Python processes starting at once on 2 shared cores take their time; the
        # development host imports ten apps on one core, which at a load of 20 took over 90 s
        with running(*processes.values(), timeout=180 if development else 240):
            _wait_for_assignments(kafka_bootstrap, env["LAKOO_CONSUMER_GROUP_PREFIX"])
            yield platform
    finally:
        for url in urls.values():
            drop_database(postgres_url, url)
