"""Dagster's instance: DAGSTER_HOME under ``.lakoo/dagster`` with run/event/schedule storage in
``dagster_db`` (dagster-postgres). The YAML is written at run time because the server URL comes
from the settings, not from a file checked into the repository."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import make_url

from api.kit.settings import StackSettings
from api.kit.topology import DAGSTER_DATABASE
from lakoo.runtime import lakoo_home

INSTANCE_TEMPLATE = """\
# written by pipelines/instance.py; edit the settings, not this file
storage:
  postgres:
    # psycopg2 named explicitly: dagster-postgres sends `NOTIFY run_events, %(id)s`, which only
    # psycopg2's client-side parameters accept, and SQLAlchemy 2.1 defaults to psycopg 3
    postgres_url: "{url}"
run_coordinator:
  module: dagster.core.run_coordinator
  class: QueuedRunCoordinator
  config:
    max_concurrent_runs: 2
telemetry:
  enabled: false
"""


def dagster_home() -> Path:
    """Where the instance lives (``DAGSTER_HOME`` if set, else ``.lakoo/dagster``)."""
    return Path(os.environ.get("DAGSTER_HOME") or lakoo_home() / "dagster")


def write_instance_yaml(database_url: str | None = None) -> Path:
    """Write ``dagster.yaml`` for ``dagster_db`` and return DAGSTER_HOME (also exported)."""
    url = make_url(database_url or f"{StackSettings().postgres_url.rstrip('/')}/{DAGSTER_DATABASE}")
    home = dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    storage_url = url.set(
        drivername="postgresql+psycopg2", database=url.database or DAGSTER_DATABASE
    )
    (home / "dagster.yaml").write_text(
        INSTANCE_TEMPLATE.format(url=storage_url.render_as_string(hide_password=False))
    )
    os.environ["DAGSTER_HOME"] = str(home)
    return home
