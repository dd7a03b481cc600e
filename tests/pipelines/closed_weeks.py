"""Running the closed-weeks scenario (``trading_weeks``) through the platform, epoch by epoch:
land the epoch's events from Kafka, run the finance models, then materialize the weekly
settlement assets (close, report, push to a real payment service) for the epoch's week."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx
import orjson
import psycopg

from api.kit.db import libpq_url
from ingestion.landing import drain
from tests.pipelines.dbt_cli import dbt_run
from tests.pipelines.settlement_model import Event
from tests.pipelines.trading import produce
from tests.pipelines.trading_weeks import Scenario, W
from tests.support.services import internal_headers

FINANCE = [
    "+seller_settlements",
    "+house_settlements",
    "+seller_shops",
    "+statement_lines",
    "+payout_reconciliation",
]


def dbt(database_url: str, *args: str) -> None:
    dbt_run(database_url, *args, target="test-closed-weeks")


@dataclass
class Ran:
    """What the scenario left behind: the databases, each run's result and snapshots."""

    scenario: Scenario
    database_url: str
    payment_url: str
    payment_database_url: str
    resources: dict[str, Any]
    instance: Any  # the Dagster instance every run is recorded in
    results: list[Any] = field(default_factory=list)
    closed_after: list[dict[str, tuple]] = field(default_factory=list)
    landed_through: list[int] = field(default_factory=list)
    before_rebuild: list[list[tuple]] = field(default_factory=list)

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple]:
        with psycopg.connect(self.database_url) as conn:
            return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]

    def payment_query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple]:
        with psycopg.connect(libpq_url(self.payment_database_url)) as conn:
            return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]

    def closed_seller_weeks(self) -> dict[str, tuple]:
        rows = self.query("select * from closing.seller_settlements order by settlement_key")
        return {row[0]: row for row in rows}

    def epochs(self) -> list[list[Event]]:
        """The landed events each epoch's run saw (cumulative), from raw.events."""
        rows = self.query("select landing_id, event_type, payload::text from raw.events")
        return [
            [(kind, orjson.loads(doc)) for landing, kind, doc in rows if landing <= through]
            for through in self.landed_through
        ]

    def settlement_runs(
        self,
        week: date,
        *,
        selection: list[str] | None = None,
        resources: dict[str, Any] | None = None,
    ) -> Any:
        import dagster as dg

        from assets import settlements

        assets = [
            settlements.settlement_close,
            settlements.settlement_report,
            settlements.settlement_payouts,
        ]
        return dg.materialize(
            [a for a in assets if selection is None or a.key.path[-1] in selection],
            resources={**self.resources, **(resources or {})},
            partition_key=week.isoformat(),
            instance=self.instance,
            raise_on_error=False,
        )


def failures(result: Any) -> str:
    """What the failed steps of a Dagster run said (a ``Failure``'s description included)."""
    said = []
    for event in result.all_events:
        if event.is_step_failure:
            data = event.step_failure_data
            said.append(data.error.message if data.error else "")
            if data.user_failure_data is not None:
                said.append(data.user_failure_data.description or "")
    return "\n".join(said)


def seed_foreign_week(ran: Ran) -> None:
    """A week payment holds for seller h that the platform never computed (12,345 carried)."""
    body = {
        "seller_id": str(ran.scenario.sellers["h"]),
        "period_start": W[2].isoformat(),
        "period_end": (W[2] + timedelta(days=6)).isoformat(),
        "gross": 12_345,
        "refunds": 0,
        "gateway_fees": 0,
        "commission": 0,
        "carried_over_in": 0,
        "net": 12_345,
        "payout": 0,
        "line_count": 1,
    }
    answer = httpx.post(
        f"{ran.payment_url}/internal/settlements", json=body, headers=internal_headers()
    )
    assert answer.status_code == 201, answer.text


def lines_and_figures(ran: Ran) -> list[list[tuple]]:
    """Every settlement line with its week, and every seller week's figures."""
    return [
        ran.query(
            "select line_id, settlement_week, business_week, is_late, amount"
            " from finance.settlement_lines order by 1"
        ),
        ran.query(
            "select settlement_key, gross, refunds, gateway_fees, commission, carried_over_in,"
            " net, payout, carried_over_out, carry_since, previous_week, line_count"
            " from finance.seller_settlements order by 1"
        ),
    ]


def run(ran: Ran, *, bootstrap: str, topic: str) -> None:
    """Every epoch, then a full rebuild of the finance models (what it changes is checked)."""
    for number, epoch in enumerate(ran.scenario.epochs):
        produce(bootstrap, topic, epoch.trading.envelopes)
        drain(database_url=ran.database_url, bootstrap=bootstrap, topics=[topic])
        ran.landed_through.append(ran.query("select max(landing_id) from raw.events")[0][0])
        dbt(ran.database_url, "--select", *FINANCE)
        if number == len(ran.scenario.epochs) - 1:
            seed_foreign_week(ran)
        ran.results.append(ran.settlement_runs(epoch.close))
        ran.closed_after.append(ran.closed_seller_weeks())
    ran.before_rebuild = lines_and_figures(ran)
    dbt(ran.database_url, "--select", *FINANCE, "--full-refresh")
