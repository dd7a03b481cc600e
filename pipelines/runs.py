"""Materializing from the command line (``lakoo pipelines materialize``): one in-process run.

With no selection it materializes everything a developer means by "run the pipelines": every
unpartitioned asset and check, and the partitioned ones (the weekly settlement report and its
push to payment) for the last ended week. A selection that matches nothing, does not parse, or a
partition that does not exist is a :class:`SelectionError` — one line that says what is wrong.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import dagster as dg


class SelectionError(ValueError):
    """A selection or partition that cannot be materialized; the message says why."""


@dataclass(frozen=True)
class Plan:
    """What one run materializes: the asset keys, and the partition of the partitioned ones."""

    keys: frozenset[dg.AssetKey]
    partition: str | None
    partitioned: frozenset[dg.AssetKey] = field(default_factory=frozenset)


def _last_ended(partitions: dg.PartitionsDefinition) -> str:
    last = partitions.get_last_partition_key()
    if last is None:
        raise SelectionError("no partition has ended yet: pass --partition")
    return last


def plan(defs: dg.Definitions, select: str | None, partition: str | None) -> Plan:
    """Resolve ``select`` (Dagster's selection syntax; None: everything) against ``defs``."""
    graph = defs.resolve_asset_graph()
    try:
        with warnings.catch_warnings():
            # the selection parser uses Dagster's beta APIs (group:…); as a warning turned into
            # an error it would make every group selection "invalid"
            warnings.simplefilter("ignore", dg.BetaWarning)
            warnings.simplefilter("ignore", dg.PreviewWarning)
            everything = dg.AssetSelection.all()
            selection = dg.AssetSelection.from_coercible(select) if select else everything
            keys = frozenset(selection.resolve(graph))
    except dg.DagsterError as exc:  # unknown keys, unparseable strings
        raise SelectionError(f"--select {select!r}: {str(exc).splitlines()[0]}") from None
    keys = frozenset(k for k in keys if graph.get(k).is_materializable)
    if not keys:
        raise SelectionError(f"--select {select!r} matches no asset")
    partitioned = frozenset(k for k in keys if graph.get(k).partitions_def is not None)
    definitions = {graph.get(k).partitions_def for k in partitioned}
    if len(definitions) > 1:
        raise SelectionError("the selection mixes assets partitioned in different ways")
    if not partitioned:
        if partition is not None:
            raise SelectionError(f"--partition {partition}: no selected asset is partitioned")
        return Plan(keys, None)
    (partitions,) = definitions
    assert partitions is not None
    if partition is None:
        partition = _last_ended(partitions)
    elif not partitions.has_partition_key(partition):
        raise SelectionError(
            f"--partition {partition}: not a partition of the selected assets "
            f"(the last is {_last_ended(partitions)})"
        )
    return Plan(keys, partition, partitioned)


def materialize(
    defs: dg.Definitions, plan_: Plan, *, instance: dg.DagsterInstance
) -> dg.ExecuteInProcessResult:
    """Run the plan in this process, recorded on ``instance`` (it shows in the Dagster UI)."""
    job = defs.resolve_implicit_global_asset_job_def()
    return job.execute_in_process(
        instance=instance,
        asset_selection=list(plan_.keys),
        partition_key=plan_.partition,
        raise_on_error=False,
    )


def summary(result: dg.ExecuteInProcessResult) -> list[str]:
    """One line per materialized asset, failed step and failed check."""
    lines: list[str] = []
    for event in result.get_asset_materialization_events():
        if event.asset_key is not None:
            lines.append(f"✓ {event.asset_key.to_user_string()}")
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data is not None:
            error = event.step_failure_data.error
            message = error.message.strip().splitlines()[0] if error else "failed"
            lines.append(f"✗ {event.step_key}: {message}")
        check = event.event_specific_data
        if isinstance(check, dg.AssetCheckEvaluation) and not check.passed:
            lines.append(f"✗ check {check.check_name} on {check.asset_key.to_user_string()}")
    return lines
