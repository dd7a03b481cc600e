"""Every dbt model as a Dagster asset (dagster-dbt); dbt tests become asset checks.

The manifest is produced by ``dbt parse`` when the code location loads and it is missing or
older than the project's sources: outside ``dagster dev`` nothing else would create it.
"""

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from pipelines.dbt_env import DBT_PROJECT_DIR

project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)

# the dbt beside this interpreter: the virtualenv's bin is not always on PATH (tests, services)
DBT_EXECUTABLE = str(Path(sys.executable).with_name("dbt"))

_SOURCES = ("models", "macros", "tests", "dbt_project.yml")


def _newest_source_mtime() -> float:
    paths = [DBT_PROJECT_DIR / "dbt_project.yml"]
    for folder in _SOURCES[:-1]:
        paths.extend((DBT_PROJECT_DIR / folder).rglob("*.*"))
    return max(path.stat().st_mtime for path in paths if path.is_file())


def ensure_manifest() -> Path:
    """Run ``dbt parse`` if the manifest is missing or stale; return its path."""
    manifest = Path(project.manifest_path)
    if manifest.exists() and manifest.stat().st_mtime >= _newest_source_mtime():
        return manifest
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    subprocess.run(
        [
            DBT_EXECUTABLE,
            "parse",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--quiet",
        ],
        check=True,
        env=env,
        cwd=DBT_PROJECT_DIR,
    )
    return manifest


# the department a model belongs to, from its folder: staging is the landing's typed view of
# raw events, intermediate the shared core, a mart the department its folder names
_LAYER_GROUPS = {"staging": "landing", "intermediate": "core"}


def department(fqn: Sequence[str]) -> str:
    """``["lakoo", "marts", "finance", "x"]`` → ``finance``; staging → landing; else core."""
    layer = fqn[1] if len(fqn) > 2 else ""
    if layer == "marts" and len(fqn) > 3:
        return fqn[2]
    return _LAYER_GROUPS.get(layer, "core")


class DepartmentTranslator(DagsterDbtTranslator):
    """Groups and owners by department (no model lands in Dagster's "default" group)."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return department(dbt_resource_props.get("fqn") or [])

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> Sequence[str] | None:
        return [f"team:{department(dbt_resource_props.get('fqn') or [])}"]


@dbt_assets(
    manifest=ensure_manifest(), project=project, dagster_dbt_translator=DepartmentTranslator()
)
def lakoo_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource) -> Iterator[Any]:
    """``dbt build`` of the selected models (tests run and report as asset checks)."""
    yield from dbt.cli(["build"], context=context).stream()
