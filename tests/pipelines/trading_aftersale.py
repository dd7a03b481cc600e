"""After-sale events of the generated trading fortnight: support tickets with hand-checkable
SLA figures, and reviews whose ratings are known in advance.

Tickets opened Monday ``WEEK`` (WIB), medium priority:
  T1 answered after 1 h, resolved after 10 h, CSAT 5;
  T2 answered after 3 h, its resolution breached (escalated), resolved after 200,000 s, CSAT 2;
  T3 never answered;
  T5 answered after 30 min, resolved after 2 h, reopened, resolved again after 4 h.
  → 4 opened, 3 answered (mean 1.5 h, median 1 h), 3 resolved (mean 23.19 h, median 10 h),
    1 breached (rate 0.25), CSAT 3.50 over 2, half satisfied.
High priority: T4 answered late after 5 h (breached) → rate 1.0, no CSAT.

Reviews of the seller S's products P1 and P2 and of the house product P3:
  P1: 5 and 4 approved; a 1 approved then flagged by reports; one pending; one rejected before
      approval; a 3 approved then removed → 2 approved, average 4.50, Bayesian (40 + 9) / 12.
  P2: a 2 approved.  P3: a 5 approved.  Seller S: 3 approved, average 3.67, Bayesian 51 / 13.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from api.events import (
    RatingSummary,
    ReviewApproved,
    ReviewCreated,
    ReviewFlagged,
    ReviewRejected,
    TicketCreated,
    TicketMessageAdded,
    TicketRated,
    TicketResolved,
    TicketSlaBreached,
)
from api.review.summary import tally_of
from tests.pipelines.trading import WEEK, Trading, at

HOUR = 3600


def _ticket(t: Trading, name: str, priority: str, opened: datetime) -> dict[str, Any]:
    ticket = {
        "ticket_id": uuid4(),
        "ticket_number": f"TKT-20261109-{name}",
        "user_id": uuid4(),
        "order_id": None,
        "category": "shipping",
        "priority": priority,
    }
    t.tickets[name] = ticket["ticket_id"]
    t.add(
        TicketCreated(
            **ticket,
            subject="Paket belum sampai",
            source="customer",
            first_response_due_at=opened + timedelta(hours=8),
            resolution_due_at=opened + timedelta(days=2),
            created_at=opened,
        ),
        ticket["ticket_id"],
        opened,
    )
    return ticket


def _answer(
    t: Trading, ticket: dict[str, Any], seconds: int, when: datetime, *, late: bool = False
) -> None:
    t.add(
        TicketMessageAdded(
            **ticket,
            message_id=uuid4(),
            author_id=uuid4(),
            author_kind="agent",
            agent_id=uuid4(),
            is_first_response=True,
            first_response_business_seconds=seconds,
            first_response_breached=late,
            created_at=when,
        ),
        ticket["ticket_id"],
        when,
    )


def _resolve(
    t: Trading, ticket: dict[str, Any], seconds: int, when: datetime, *, breached: bool = False
) -> None:
    t.add(
        TicketResolved(
            **ticket,
            resolved_by=uuid4(),
            resolution="Selesai",
            first_response_breached=False,
            resolution_breached=breached,
            resolved_at=when,
            resolution_business_seconds=seconds,
        ),
        ticket["ticket_id"],
        when,
    )


def _rate(t: Trading, ticket: dict[str, Any], score: int, when: datetime) -> None:
    t.add(
        TicketRated(**ticket, score=score, agent_id=None, rated_at=when), ticket["ticket_id"], when
    )


def ticket_events(t: Trading) -> None:
    """The tickets of the module docstring."""
    day = at(WEEK, 9)
    t1 = _ticket(t, "T1", "medium", day)
    _answer(t, t1, HOUR, day + timedelta(hours=1))
    _resolve(t, t1, 10 * HOUR, day + timedelta(hours=10))
    _rate(t, t1, 5, day + timedelta(hours=11))
    t2 = _ticket(t, "T2", "medium", day + timedelta(hours=1))
    _answer(t, t2, 3 * HOUR, day + timedelta(hours=4))
    breached_at = day + timedelta(days=3)
    t.add(
        TicketSlaBreached(
            **{**t2, "priority": "high"},
            target="resolution",
            due_at=breached_at,
            escalated=True,
            previous_priority="medium",
            previous_agent_id=None,
            agent_id=uuid4(),
            breached_at=breached_at,
        ),
        t2["ticket_id"],
        breached_at,
    )
    _resolve(t, t2, 200_000, day + timedelta(days=4), breached=True)
    _rate(t, t2, 2, day + timedelta(days=4, hours=1))
    _ticket(t, "T3", "medium", day + timedelta(hours=2))
    t4 = _ticket(t, "T4", "high", day + timedelta(hours=3))
    _answer(t, t4, 5 * HOUR, day + timedelta(hours=8), late=True)
    t5 = _ticket(t, "T5", "medium", day + timedelta(hours=4))
    _answer(t, t5, HOUR // 2, day + timedelta(hours=4, minutes=30))
    _resolve(t, t5, 2 * HOUR, day + timedelta(hours=6))
    _resolve(t, t5, 4 * HOUR, day + timedelta(hours=9))


class _Reviews:
    """Writes one product's review events, keeping the summary the service would publish."""

    def __init__(self, t: Trading, product_id: UUID, seller_id: UUID | None) -> None:
        self.t, self.product_id, self.seller_id = t, product_id, seller_id
        self.approved: list[int] = []
        self.version = 0
        self.when = at(WEEK, 12)

    def _tick(self) -> datetime:
        self.when += timedelta(minutes=5)
        return self.when

    def _summary(self) -> RatingSummary:
        self.version += 1
        tally = tally_of(self.approved)
        return RatingSummary(
            count=tally.count,
            rating_sum=tally.rating_sum,
            average=tally.average,
            bayesian_average=tally.bayesian_average,
            distribution=tally.distribution,  # type: ignore[arg-type]
            version=self.version,
        )

    def write(self, rating: int, *, clean: bool = True) -> dict[str, Any]:
        review = {
            "review_id": uuid4(),
            "order_id": uuid4(),
            "order_item_id": uuid4(),
            "product_id": self.product_id,
            "variant_id": uuid4(),
            "user_id": uuid4(),
            "seller_id": self.seller_id,
            "brand_id": None if self.seller_id else uuid4(),
            "rating": rating,
        }
        status = "approved" if clean else "pending"
        self.t.add(
            ReviewCreated(
                **review,
                product_name=f"Kemeja {self.product_id.hex[:4]}",
                text="Bagus",
                image_count=0,
                status=status,
                created_at=self._tick(),
            ),
            review["review_id"],
            self.when,
        )
        if clean:
            self.approve(review)
        return review

    def approve(self, review: dict[str, Any]) -> None:
        self.approved.append(review["rating"])
        self.t.add(
            ReviewApproved(
                **review,
                summary=self._summary(),
                seller_summary=None,
                approved_by=None,
                approved_at=self._tick(),
            ),
            review["review_id"],
            self.when,
        )

    def flag(self, review: dict[str, Any]) -> None:
        self.approved.remove(review["rating"])
        self.t.add(
            ReviewFlagged(
                **review,
                summary=self._summary(),
                seller_summary=None,
                reason="spam",
                report_count=3,
                flagged_by=None,
                flagged_at=self._tick(),
            ),
            review["review_id"],
            self.when,
        )

    def reject(self, review: dict[str, Any], *, was_approved: bool) -> None:
        if was_approved:
            self.approved.remove(review["rating"])
        self.t.add(
            ReviewRejected(
                **review,
                was_approved=was_approved,
                summary=self._summary() if was_approved else None,
                seller_summary=None,
                rejected_by=uuid4(),
                rejected_at=self._tick(),
            ),
            review["review_id"],
            self.when,
        )


def review_events(t: Trading) -> None:
    """The reviews of the module docstring."""
    seller = t.sellers.setdefault("reviewed", uuid4())
    for name in ("P1", "P2", "P3"):
        t.products[name] = uuid4()
    p1 = _Reviews(t, t.products["P1"], seller)
    p1.write(5)
    p1.write(4)
    p1.flag(p1.write(1))
    p1.write(2, clean=False)
    p1.reject(p1.write(3, clean=False), was_approved=False)
    p1.reject(p1.write(3), was_approved=True)
    _Reviews(t, t.products["P2"], seller).write(2)
    _Reviews(t, t.products["P3"], None).write(5)
