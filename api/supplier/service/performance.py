"""Performance periods pushed by the data platform, and the standing they put a supplier in.

Idempotent per period (supplier, window, start, end):

- the same figures again → ``unchanged``, no second effect;
- a **month** is locked once written: other figures for it → ``locked``, nothing changes;
- a **rolling 90 days** window is recomputed as receipts land: figures computed later replace
  it (``recorded``), figures computed earlier than the stored ones → ``superseded``.

The latest rolling window (by its last day, then its computation time) sets the supplier's
score, stars and standing. A period without purchase orders is not scored (422 naming
``po_count``); score and stars must be those the rates give (DOMAIN.md), else 422.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import select

from api.events import SupplierPerformanceUpdated
from api.kit.errors import Unprocessable
from api.kit.uow import UnitOfWork
from api.supplier import scoring
from api.supplier.models import PerformancePeriod, Supplier
from api.supplier.schemas import PerformancePush, PerformanceRead, PerformanceRecorded, PeriodRead
from api.supplier.service import suppliers

WIB = ZoneInfo("Asia/Jakarta")
Outcome = Literal["recorded", "unchanged", "locked", "superseded"]
MAX_PERIODS_SHOWN = 36


@dataclass(frozen=True)
class Figures:
    """The pushed figures as stored: rates to 4 places, days to 2."""

    po_count: int
    on_time_rate: Decimal
    fill_rate: Decimal
    quality_rate: Decimal
    avg_lead_time_days: Decimal
    promised_lead_time_days: Decimal
    score: Decimal
    stars: int

    @classmethod
    def of(cls, body: PerformancePush) -> Figures:
        return cls(
            po_count=body.po_count,
            on_time_rate=scoring.rate(body.on_time_rate),
            fill_rate=scoring.rate(body.fill_rate),
            quality_rate=scoring.rate(body.quality_rate),
            avg_lead_time_days=_days(body.avg_lead_time_days),
            promised_lead_time_days=_days(body.promised_lead_time_days),
            score=scoring.rate(body.score),
            stars=body.stars,
        )

    def columns(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _days(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def validate(body: PerformancePush) -> Figures:
    """The push's figures; 422 naming the field when it is not a scored period of its window."""
    problem = scoring.period_problem(body.window, body.period_start, body.period_end)
    if problem:
        raise Unprocessable(problem[1], field=problem[0])
    if body.period_end > body.computed_at.astimezone(WIB).date():
        raise Unprocessable("A period cannot end after it was computed", field="period_end")
    if body.po_count < 1:
        raise Unprocessable("A period without purchase orders is not scored", field="po_count")
    figures = Figures.of(body)
    expected = scoring.score_of(
        on_time=figures.on_time_rate, quality=figures.quality_rate, fill=figures.fill_rate
    )
    if abs(expected - figures.score) > scoring.SCORE_TOLERANCE:
        raise Unprocessable(
            f"score must be 0.4 on-time + 0.3 quality + 0.3 fill = {expected}", field="score"
        )
    if figures.stars != scoring.stars_of(figures.score):
        raise Unprocessable(
            f"A score of {figures.score} is {scoring.stars_of(figures.score)} stars",
            field="stars",
        )
    return figures


async def record(
    uow: UnitOfWork, *, supplier_id: UUID, body: PerformancePush, at: datetime
) -> tuple[PerformanceRecorded, bool]:
    """Record one pushed period; returns (what happened, whether it was recorded now)."""
    figures = validate(body)
    supplier = await suppliers.load(uow, supplier_id, lock=True)
    key = (supplier_id, body.window, body.period_start, body.period_end)
    stored = await uow.session.get(PerformancePeriod, key, with_for_update=True)
    outcome: Outcome
    if stored is None:
        stored = PerformancePeriod(
            supplier_id=supplier_id,
            scoring_window=body.window,
            period_start=body.period_start,
            period_end=body.period_end,
        )
        uow.session.add(stored)
        outcome = "recorded"
    elif all(getattr(stored, name) == value for name, value in figures.columns().items()):
        outcome = "unchanged"
    elif body.window == "monthly":
        outcome = "locked"
    elif body.computed_at <= stored.computed_at:
        outcome = "superseded"
    else:
        outcome = "recorded"
    if outcome == "recorded":
        for name, value in figures.columns().items():
            setattr(stored, name, value)
        stored.computed_at, stored.recorded_at = body.computed_at, at
        await uow.session.flush()
        if body.window == "rolling_90d":
            _rescore(supplier, stored, at)
        await uow.outbox.add(_event(stored, supplier, at), aggregate_id=supplier.id)
    return _answer(outcome, stored, supplier), outcome == "recorded"


def _rescore(supplier: Supplier, window: PerformancePeriod, at: datetime) -> None:
    """The newest rolling window sets the standing; an older one is kept as history only."""
    newest = (window.period_end, window.computed_at)
    current = (supplier.scored_through, supplier.scored_at)
    if current[0] is not None and current[1] is not None and current > newest:
        return
    supplier.score, supplier.stars = window.score, window.stars
    supplier.standing = scoring.standing_of(window.score)
    supplier.scored_through, supplier.scored_at = window.period_end, window.computed_at
    supplier.updated_at = at


def _event(p: PerformancePeriod, supplier: Supplier, at: datetime) -> SupplierPerformanceUpdated:
    return SupplierPerformanceUpdated(
        supplier_id=p.supplier_id,
        window=p.scoring_window,
        period_start=p.period_start,
        period_end=p.period_end,
        po_count=p.po_count,
        on_time_rate=float(p.on_time_rate),
        fill_rate=float(p.fill_rate),
        quality_rate=float(p.quality_rate),
        avg_lead_time_days=float(p.avg_lead_time_days),
        promised_lead_time_days=float(p.promised_lead_time_days),
        score=float(p.score),
        stars=p.stars,
        computed_at=p.computed_at,
        standing=supplier.standing,
        recorded_at=at,
    )


def period_read(p: PerformancePeriod) -> PeriodRead:
    """The answer shape of a period (score as 0–100)."""
    window = p.scoring_window
    return PeriodRead(
        period=scoring.label(window, p.period_start, p.period_end),  # type: ignore[arg-type]
        window=window,
        period_start=p.period_start,
        period_end=p.period_end,
        po_count=p.po_count,
        on_time_rate=float(p.on_time_rate),
        fill_rate=float(p.fill_rate),
        quality_rate=float(p.quality_rate),
        avg_lead_time_days=float(p.avg_lead_time_days),
        promised_lead_time_days=float(p.promised_lead_time_days),
        score=scoring.percent(p.score) or 0.0,
        stars=p.stars,
        computed_at=p.computed_at,
    )


def _answer(outcome: Outcome, p: PerformancePeriod, supplier: Supplier) -> PerformanceRecorded:
    return PerformanceRecorded(
        status=outcome,
        period=period_read(p),
        standing=supplier.standing,
        stars=supplier.stars,
        score=scoring.percent(supplier.score),
    )


async def performance(uow: UnitOfWork, *, supplier_id: UUID) -> PerformanceRead:
    """The standing now, the latest rolling window, then the monthly snapshots, newest first."""
    supplier = await suppliers.load(uow, supplier_id)
    base = select(PerformancePeriod).where(PerformancePeriod.supplier_id == supplier_id)
    rolling = await uow.session.scalar(
        base.where(PerformancePeriod.scoring_window == "rolling_90d")
        .order_by(PerformancePeriod.period_end.desc(), PerformancePeriod.computed_at.desc())
        .limit(1)
    )
    months = await uow.session.scalars(
        base.where(PerformancePeriod.scoring_window == "monthly")
        .order_by(PerformancePeriod.period_start.desc())
        .limit(MAX_PERIODS_SHOWN)
    )
    periods = ([rolling] if rolling else []) + list(months)
    return PerformanceRead(
        supplier_id=supplier_id,
        standing=supplier.standing,
        stars=supplier.stars,
        score=scoring.percent(supplier.score),
        scored_through=supplier.scored_through,
        periods=[period_read(p) for p in periods],
    )
