"""Great Expectations 1.x suites run against PostgreSQL, wrapped for Dagster asset checks.

dagster-ge only supports GX < 1.0, so suites are built here with ``gx`` directly: an ephemeral
context, a PostgreSQL data source, a query asset (so a suite can check derived columns such as
"net minus its parts"), and the validation result turned into an ``AssetCheckResult``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from uuid import uuid4

import dagster as dg
from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from great_expectations.expectations import Expectation

# GX reports usage to its vendor unless told not to; this platform runs offline.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


def _sqlalchemy_url(database_url: str) -> str:
    return (
        make_url(database_url)
        .set(drivername="postgresql+psycopg2")
        .render_as_string(hide_password=False)
    )


def run_suite(
    database_url: str, *, name: str, query: str, expectations: Sequence[Expectation]
) -> tuple[bool, dict[str, Any]]:
    """Validate the rows of ``query``; return success and a summary per expectation."""
    # GX is half of the code location's import time: load it when a check runs, not at start
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    # progress bars would flood the Dagster run logs
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    suffix = uuid4().hex[:8]
    source = context.data_sources.add_postgres(
        name=f"{name}-{suffix}", connection_string=_sqlalchemy_url(database_url)
    )
    asset = source.add_query_asset(name=name, query=query)
    batch = asset.add_batch_definition_whole_table(f"{name}-all")
    suite = context.suites.add(gx.ExpectationSuite(name=f"{name}-suite"))
    for expectation in expectations:
        suite.add_expectation(expectation)
    validation = context.validation_definitions.add(
        gx.ValidationDefinition(name=f"{name}-validation", data=batch, suite=suite)
    )
    result = validation.run(result_format="SUMMARY")
    summary: dict[str, Any] = {}
    for outcome in result.results:
        config = outcome.expectation_config
        column = (config.kwargs or {}).get("column", "") if config is not None else ""
        label = f"{config.type if config is not None else 'expectation'}({column})"
        unexpected = (outcome.result or {}).get("unexpected_count", 0)
        summary[label] = "ok" if outcome.success else f"failed ({unexpected} unexpected)"
    return bool(result.success), summary


def check_result(
    database_url: str, *, name: str, query: str, expectations: Sequence[Expectation]
) -> dg.AssetCheckResult:
    """Run a suite and report it as a (failing = error severity) asset check result."""
    success, summary = run_suite(database_url, name=name, query=query, expectations=expectations)
    return dg.AssetCheckResult(
        passed=success,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={key: dg.MetadataValue.text(value) for key, value in summary.items()},
    )
