"""Pushing closed seller weeks to payment ``/internal/settlements``, in week order per seller.

Only closed weeks are pushed (``closing.seller_settlements``), each until payment accepts it
(``closing.settlement_pushes``): a week refused or not delivered is pushed again by the next
run, and a seller's later weeks wait behind it (payment would refuse them: its carry chain runs
through every week). A refusal is never counted and skipped — the caller fails the run with it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import psycopg

from api.kit.client import ServiceClient
from api.kit.errors import UpstreamError, UpstreamTimeout

_PENDING = """
select s.settlement_key, s.seller_id, s.settlement_week, s.settlement_week_end, s.gross,
       s.refunds, s.gateway_fees, s.commission, s.carried_over_in, s.net, s.payout,
       s.carried_over_out, s.line_count, s.previous_week, s.carry_since
from closing.seller_settlements as s
where s.settlement_week <= %s
  and not exists (select 1 from closing.settlement_pushes as p
                  where p.settlement_key = s.settlement_key)
order by s.seller_id, s.settlement_week
"""

_FIGURES = (
    "gross",
    "refunds",
    "gateway_fees",
    "commission",
    "carried_over_in",
    "net",
    "payout",
    "carried_over_out",
    "line_count",
)


@dataclass
class Pushed:
    """What a push did: accepted keys, refusals with payment's reason, what still waits."""

    created: list[str] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)
    refused: list[tuple[str, int, str]] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    unreachable: str | None = None

    def failure(self) -> str | None:
        """Why the run must fail, or None when every closed week reached payment."""
        lines = [
            f"payment refused {key} ({status}): {reason}" for key, status, reason in self.refused
        ]
        if self.waiting:
            lines.append(f"{len(self.waiting)} later week(s) of those sellers wait behind them")
        if self.unreachable:
            lines.append(f"{self.unreachable}; the next run pushes what is pending")
        return "\n".join(lines) or None


def body_of(row: dict[str, Any]) -> dict[str, Any]:
    """The settlement as payment's ``SettlementCreate`` (with the chain it carries on)."""
    previous, since = row["previous_week"], row["carry_since"]
    return {
        "settlement_key": row["settlement_key"],
        "seller_id": str(row["seller_id"]),
        "period_start": row["settlement_week"].isoformat(),
        "period_end": row["settlement_week_end"].isoformat(),
        "currency": "IDR",
        **{name: int(row[name]) for name in _FIGURES},
        "previous_period_start": previous.isoformat() if previous else None,
        "carry_since": since.isoformat() if since else None,
    }


def _reason(response: Any) -> str:
    try:
        problem = response.json()
    except ValueError:
        return response.text[:500]
    detail = str(problem.get("detail", ""))
    return f"{problem['reason']}: {detail}" if problem.get("reason") else detail


def push_closed_weeks(
    conn: psycopg.Connection, *, through: object, base_url: str, api_key: str
) -> Pushed:
    """Push every closed, not yet accepted seller week up to ``through`` and record answers."""
    with conn.cursor() as cur:
        cur.execute(_PENDING, (through,))
        names = [column.name for column in cur.description or []]
        rows = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    result = Pushed()

    async def send() -> None:
        client = ServiceClient(base_url, internal_api_key=api_key, name="payment", retries=2)
        blocked: set[str] = set()
        try:
            for row in rows:
                key, seller = row["settlement_key"], str(row["seller_id"])
                if seller in blocked:
                    result.waiting.append(key)
                    continue
                try:
                    response = await client.request(
                        "POST", "/internal/settlements", json=body_of(row), idempotency_key=key
                    )
                except (UpstreamError, UpstreamTimeout) as exc:
                    result.unreachable = f"payment did not take {key}: {exc.detail}"
                    return
                if response.status_code in (200, 201):
                    accepted = response.json()
                    conn.execute(
                        "insert into closing.settlement_pushes (settlement_key,"
                        " payment_settlement_id, payment_number, pushed_at)"
                        " values (%s, %s, %s, now()) on conflict do nothing",
                        (key, accepted["id"], accepted["number"]),
                    )
                    (result.created if response.status_code == 201 else result.repeated).append(key)
                else:
                    result.refused.append((key, response.status_code, _reason(response)))
                    blocked.add(seller)
        finally:
            await client.aclose()

    asyncio.run(send())
    return result
