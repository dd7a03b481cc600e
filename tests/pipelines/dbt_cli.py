"""dbt as the pipeline tests run it: a subprocess on a test's own database, its own target
directory (partial parsing stays warm per caller), output captured."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pipelines.dbt_env import DBT_PROJECT_DIR, dbt_env


def dbt(database_url: str, *args: str, target: str) -> subprocess.CompletedProcess[str]:
    """``dbt <args>`` against ``database_url``, built under ``target/<target>``."""
    return subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt")),
            *args,
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            f"target/{target}",
        ],
        env={**os.environ, **dbt_env(database_url)},
        capture_output=True,
        text=True,
        timeout=600,
    )


def dbt_run(database_url: str, *args: str, target: str) -> None:
    """``dbt run <args>``, which must succeed."""
    done = dbt(database_url, "run", *args, target=target)
    assert done.returncode == 0, done.stdout[-3000:]
