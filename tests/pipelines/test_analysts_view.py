"""The analysts' view of the code location: every asset sits in a department's group (never
Dagster's "default"), with a description and owners; the finance pack and the pushes are dbt
exposures, so the dbt docs show what feeds them."""

from __future__ import annotations

import json

DEPARTMENTS = {"landing", "core", "finance", "supply", "marketing", "quality"}


def test_every_asset_has_a_department_group_a_description_and_owners() -> None:
    from pipelines.definitions import build_definitions

    graph = build_definitions().resolve_asset_graph()
    seen = {}
    # the assets this code location materializes (dbt sources such as closing.* are written by
    # the settlement_close asset, not assets of their own)
    for key in graph.materializable_asset_keys:
        node = graph.get(key)
        seen[key.to_user_string()] = (node.group_name, bool(node.description), node.owners)
    wrong = {k: v for k, v in seen.items() if v[0] not in DEPARTMENTS or not v[1] or not v[2]}
    assert wrong == {}
    # every department has assets of its own, and nothing else is a group ("default" least)
    assert {group for group, _, _ in seen.values()} == DEPARTMENTS
    assert seen["finance/payout_reconciliation"][0] == "finance"
    assert seen["settlement_report"][0] == "finance"
    quality = {key: owners for key, (group, _, owners) in seen.items() if group == "quality"}
    assert {
        "quality/event_freshness",
        "quality/reconciliation_findings",
        "quality/settlement_reconciliation",
    } <= set(quality)
    assert all(owners == ["team:quality"] for owners in quality.values())


def test_the_quality_job_refreshes_the_quality_group_only() -> None:
    from pipelines.definitions import build_definitions

    defs = build_definitions()
    graph = defs.resolve_asset_graph()
    job = defs.resolve_job_def("quality_job")
    keys = {key for key in job.asset_layer.selected_asset_keys}
    assert keys and {graph.get(key).group_name for key in keys} == {"quality"}


def test_departments_come_from_the_dbt_folders() -> None:
    from assets.dbt import department

    assert department(["lakoo", "marts", "finance", "seller_settlements"]) == "finance"
    assert department(["lakoo", "staging", "stg_order__events"]) == "landing"
    assert department(["lakoo", "intermediate", "int_orders_completed"]) == "core"
    assert department(["lakoo", "marts", "quality", "event_freshness"]) == "quality"


def test_the_finance_pack_and_the_pushes_are_dbt_exposures_of_the_marts_they_read() -> None:
    from assets.dbt import ensure_manifest

    manifest = json.loads(ensure_manifest().read_text())
    exposures = {e["name"]: e for e in manifest["exposures"].values()}
    pack = exposures["weekly_finance_pack"]
    assert {
        "model.lakoo.seller_settlements",
        "model.lakoo.statement_lines",
        "model.lakoo.payout_reconciliation",
        "model.lakoo.seller_shops",
    } <= set(pack["depends_on"]["nodes"])
    assert {
        "settlement_push_to_payment",
        "supplier_scores_push",
        "draft_purchase_orders_push",
    } <= set(exposures)
