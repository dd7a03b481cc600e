"""The parts of the development platform (DESIGN §3) that ``lakoo up`` runs, in start order.

    postgres ─┬─ services (every HTTP service + the gateway, one process)
              ├─ migrations ───┬ workers (every service's consumers and jobs, one process)
    kafka ────┼────────────────┴ relay, land
              └─ dagster-ui, dagster-daemon ── one code server for both: dagster-code
    sandboxes (every provider sandbox, one process)

Services are found from ``api.kit.topology.SERVICES`` and which packages exist, sandboxes from
``lakoo.sandboxes.SANDBOXES``: a new service or sandbox joins both processes without an edit
here. Each part's timeout is sized for what it does when it starts, and says so when it is slow.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from api.kit.topology import DAGSTER_UI_PORT, GATEWAY_PORT, SERVICES, served_services
from api.kit.topology import worker_services as built_workers
from lakoo.runtime import lakoo_home, repo_root
from lakoo.runtime.supervisor import Part, ProcessSpec, StepSpec
from lakoo.sandboxes import SANDBOXES

_WORKSPACE = """\
# written by lakoo/runtime/platform.py: the UI and the daemon share one code server
load_from:
  - grpc_server:
      socket: "{socket}"
      location_name: lakoo
"""


def _lakoo(*args: str) -> list[str]:
    return [sys.executable, "-m", "lakoo.cli", *args]


def http_parts() -> list[ProcessSpec]:
    """The services host and the sandboxes host (what ``lakoo health`` asks)."""
    served = served_services()
    probes = {name: f"http://127.0.0.1:{SERVICES[name].port}/health" for name in served}
    probes["gateway"] = f"http://127.0.0.1:{GATEWAY_PORT}/health"
    sandboxes = {s.name: f"http://127.0.0.1:{s.port}/health" for s in SANDBOXES}
    return [
        ProcessSpec(
            "services",
            _lakoo("serve"),
            probes=probes,
            # apps touch their databases only per request: they may import while migrating
            after=("postgres",),
            timeout=90,
            starting=f"imports and starts {len(served)} services' apps and the gateway",
            summary=f"{len(served)} services on :{_ports(served)}, gateway on :{GATEWAY_PORT}",
        ),
        ProcessSpec(
            "sandboxes",
            _lakoo("sandbox", "all"),
            probes=sandboxes,
            timeout=45,
            starting="imports and starts the provider sandboxes",
            summary=", ".join(f"{s.name} :{s.port}" for s in SANDBOXES),
        ),
    ]


def _ports(services: list[str]) -> str:
    ports = sorted(SERVICES[name].port for name in services)
    return f"{ports[0]}–{ports[-1]}" if len(ports) > 1 else str(ports[0])


def code_server_socket() -> Path:
    """The code server's socket under ``.lakoo/dagster`` (a short path: sockets allow ~100)."""
    path = lakoo_home() / "dagster" / "code.sock"
    return path if len(str(path)) < 100 else Path("/tmp") / f"lakoo-dagster-{os.getuid()}.sock"


def write_dagster_workspace() -> Path:
    """The workspace the UI and the daemon load: the one code server of ``dagster-code``."""
    home = lakoo_home() / "dagster"
    home.mkdir(parents=True, exist_ok=True)
    workspace = home / "workspace.yaml"
    workspace.write_text(_WORKSPACE.format(socket=code_server_socket()))
    return workspace


def data_parts(dagster_home: Path) -> list[ProcessSpec]:
    """Landing, and Dagster: one code server shared by the UI and the daemon."""
    bin_dir = Path(sys.executable).parent
    workspace = str(write_dagster_workspace())
    socket = code_server_socket()
    socket.unlink(missing_ok=True)  # a stale socket of a killed run would refuse the bind
    env = {"DAGSTER_HOME": str(dagster_home), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    return [
        ProcessSpec(
            "land",
            _lakoo("land"),
            after=("kafka",),
            timeout=30,
            starting="joins the landing consumer group",
        ),
        ProcessSpec(
            "dagster-code",
            [
                str(bin_dir / "dagster"),
                "api",
                "grpc",
                "-m",
                "pipelines.definitions",
                "-d",
                str(repo_root()),
                "--location-name",
                "lakoo",
                "--socket",
                str(socket),
            ],
            ready_line="Started Dagster code server",  # loading code needs no database
            timeout=180,
            starting="loads the code location: imports Dagster and dbt, and on a fresh checkout "
            "runs dbt parse for the manifest",
            summary="the code location `lakoo`",
            env=env,
        ),
        ProcessSpec(
            "dagster-ui",
            [str(bin_dir / "dagster-webserver"), "-w", workspace, "-h", "127.0.0.1"]
            + ["-p", str(DAGSTER_UI_PORT)],
            probes={"ui": f"http://127.0.0.1:{DAGSTER_UI_PORT}/server_info"},
            # it shows the code location once the code server answers (it watches for it)
            after=("postgres",),
            timeout=90,
            starting="imports the Dagster webserver and reads the code location",
            summary=f"http://127.0.0.1:{DAGSTER_UI_PORT}",
            env=env,
        ),
        ProcessSpec(
            "dagster-daemon",
            [str(bin_dir / "dagster-daemon"), "run", "-w", workspace],
            ready_line="Instance is configured with the following daemons",
            after=("postgres",),
            timeout=90,
            starting="imports Dagster and starts the schedule and sensor daemons",
            summary="schedules and the landing-lag sensor",
            env=env,
        ),
    ]


def development_parts(
    *,
    start_postgres: StepSpec,
    migrate: StepSpec,
    start_kafka: StepSpec,
    dagster_home: Path | None,
) -> list[Part]:
    """Every part of the development platform, with the steps ``lakoo up`` runs in-process."""
    workers = built_workers()
    parts: list[Part] = [start_postgres, migrate, start_kafka, *http_parts()]
    if workers:
        parts.append(
            ProcessSpec(
                "workers",
                _lakoo("worker"),
                ready_line="workers ready",
                after=("migrations", "kafka"),
                timeout=90,
                starting=f"imports {len(workers)} services' consumers and joins their groups",
                summary=f"consumers and jobs of {', '.join(workers)}",
            )
        )
    parts.append(
        ProcessSpec(
            "relay",
            _lakoo("relay"),
            ready_line="relay leads",
            after=("migrations", "kafka"),
            timeout=45,
            starting="takes the outbox lead of every service database",
            summary="every service database's outbox → Kafka",
        )
    )
    if dagster_home is not None:
        parts += data_parts(dagster_home)
    return parts
