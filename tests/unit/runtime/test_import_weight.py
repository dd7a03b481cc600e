"""A service process imports neither Alembic, dbt, Dagster, Great Expectations nor polars.

What ``lakoo serve`` and ``lakoo worker`` load — the CLI, every service's settings, app, routes,
consumers and jobs, the kit's worker and the hosts — is imported in a fresh interpreter and the
data-platform and migration libraries must not be among its modules: each costs seconds of
start-up on a loaded 2-core machine, multiplied by every process that would load it.
"""

from __future__ import annotations

import json
import subprocess
import sys

from api.kit.topology import served_services, worker_services

HEAVY = ("alembic", "dbt", "dagster", "dagster_dbt", "great_expectations", "polars")

_PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))
"""


def _modules_after_importing(*names: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *names], capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout))


def test_the_service_and_worker_processes_import_nothing_of_the_data_platform() -> None:
    modules = [
        "lakoo.cli",
        "lakoo.commands.processes",
        "lakoo.runtime.hosting",
        "lakoo.sandboxes.xendit",
        "lakoo.sandboxes.biteship",
        "api.kit.worker",
        "api.gateway.app",
        *(f"api.{s}.{m}" for s in served_services() for m in ("settings", "app")),
        *(f"api.{s}.routes" for s in served_services()),
    ]
    for service in worker_services():
        for module in ("consumers", "jobs"):
            try:
                __import__(f"api.{service}.{module}")
            except ModuleNotFoundError:
                continue
            modules.append(f"api.{service}.{module}")
    loaded = _modules_after_importing(*modules)
    assert loaded & set(HEAVY) == set(), sorted(loaded & set(HEAVY))
    assert "fastapi" in loaded and "sqlalchemy" in loaded  # the probe did import the services
