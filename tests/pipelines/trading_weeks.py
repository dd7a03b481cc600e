"""Five weeks of trading in three epochs, for the closed-weeks tests. After each epoch's events
land, the finance models run and the weeks up to ``close`` are closed and pushed to payment.

Sellers (``seller_id`` = the seller's user id):
- ``a``: sales every week; a partial return (one item refunded before the order completed); a
  completion and a refund of an earlier-settled order that land after their week closed (late
  lines of the next open week), and another late refund two weeks on.
- ``b``: verified at 2.5%, changed to 5% from W2; a W1 sale that lands late keeps 2.5% in W2.
- ``c``: one small sale in W0, nothing after: its carry is paid in W4, four weeks on.
- ``d``: a refund of a paid order turns a week negative; the carry comes off the next payout.
- ``e``: a small carry topped up by small sales, still paid in W4 (four weeks after it began).
- ``h``: payment holds a week for it the platform never made: its push is refused.
- house orders (``seller_id`` null), with a late refund of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID, uuid4

from api.events.payment import RefundCompleted
from api.events.seller import SellerCommissionChanged, SellerVerified
from tests.pipelines.trading import Sale, Trading, at, complete, sell

W = [date(2026, 10, 5) + timedelta(weeks=n) for n in range(5)]  # Mondays (WIB)


def on(week: int, day: int, hour: int = 10) -> datetime:
    """``hour`` o'clock WIB on ``day`` (0 = Monday) of week ``week``."""
    return at(W[week] + timedelta(days=day), hour)


@dataclass
class Epoch:
    trading: Trading
    close: date


@dataclass
class Scenario:
    sellers: dict[str, UUID] = field(default_factory=lambda: {k: uuid4() for k in "abcdeh"})
    epochs: list[Epoch] = field(default_factory=list)
    late_refund_amounts: list[int] = field(default_factory=list)


def refund(t: Trading, sale: Sale, amount: int, when: datetime) -> UUID:
    refund_id = uuid4()
    t.add(
        RefundCompleted(
            refund_id=refund_id,
            refund_number="REF-x",
            payment_id=sale.payment_id,
            order_id=sale.order_id,
            user_id=uuid4(),
            seller_id=sale.seller,
            amount=amount,
            method="original_payment",
            gateway_refund_id=None,
            completed_at=when,
        ),
        refund_id,
        when,
    )
    return refund_id


def partial_return(t: Trading, sale: Sale, returned: int, when: datetime) -> None:
    """As the order service closes a partial return: the returned line's refund completes,
    then the order completes for the lines kept (``completed_by = partial_return``)."""
    refund_id = refund(t, sale, returned, when)
    complete(
        t,
        sale,
        when,
        completed_by="partial_return",
        kept_subtotal=sale.total - 9_000 - returned,
        returned_item_ids=[uuid4()],
        return_id=uuid4(),
        refund_id=refund_id,
        refunded_amount=returned,
    )


def _rates(t: Trading, b: UUID) -> None:
    t.add(
        SellerVerified(
            seller_id=b,
            seller_number="SLR-b",
            user_id=b,
            shop_name="B",
            commission_rate_bps=250,
            verified_by=uuid4(),
            verified_at=on(0, 0, 1),
        ),
        b,
        on(0, 0, 1),
    )
    # decided on Wednesday of W1: applies from the next week (W2)
    t.add(
        SellerCommissionChanged(
            seller_id=b,
            user_id=b,
            commission_rate_bps=500,
            previous_rate_bps=250,
            effective_from=W[2],
            changed_by=uuid4(),
            changed_at=on(1, 2),
        ),
        b,
        on(1, 2),
    )


def build() -> Scenario:
    s = Scenario()
    a, b, c, d, e, h = (s.sellers[k] for k in "abcdeh")

    one = Trading()
    _rates(one, b)
    first = sell(one, [(a, [150_000, 40_000]), (None, [50_000])], 3_000, on(0, 0))
    for sale in first:
        complete(one, sale, on(0, 2, 15))
    # a partial return: one of two items refunded, then the order completes for the item kept
    partial = sell(one, [(a, [80_000, 20_000])], 1_500, on(1, 0))[0]
    partial_return(one, partial, 20_000, on(1, 3))
    late_completion = sell(one, [(a, [70_000])], 1_000, on(1, 1))[0]  # completes on W1's Saturday
    for sale in sell(one, [(b, [200_000])], 2_500, on(1, 0)):
        complete(one, sale, on(1, 2, 15))
    for seller, price, fee in ((c, 30_000, 600), (e, 20_000, 400)):
        for sale in sell(one, [(seller, [price])], fee, on(0, 1)):
            complete(one, sale, on(0, 3, 15))
    d_sale = sell(one, [(d, [60_000])], 900, on(0, 1))[0]
    complete(one, d_sale, on(0, 3, 15))
    refund(one, d_sale, 60_000, on(1, 1))  # the whole order back after it settled: W1 negative
    s.epochs.append(Epoch(one, W[1]))

    two = Trading()  # landed after W0 and W1 closed
    complete(two, late_completion, on(1, 5, 15))
    refund(two, first[0], 40_000, on(1, 6, 20))  # after completion (W0), in W1: late
    refund(two, first[1], 10_000, on(0, 6, 22))  # a house refund dated in W0: late
    late_b = sell(two, [(b, [100_001])], 1_200, on(1, 3))[0]  # its whole story arrives late
    complete(two, late_b, on(1, 6, 9))
    s.late_refund_amounts += [40_000, 10_000]
    for seller, price, fee in ((b, 300_000, 2_000), (d, 150_000, 1_500), (e, 10_000, 200)):
        for sale in sell(two, [(seller, [price])], fee, on(2, 1)):
            complete(two, sale, on(2, 3, 15))
    a_w2 = sell(two, [(a, [55_000])], 700, on(2, 0))[0]
    complete(two, a_w2, on(2, 2, 15))
    s.epochs.append(Epoch(two, W[2]))

    three = Trading()  # landed after W2 closed; W3 and W4 close together
    refund(three, a_w2, 5_000, on(2, 5))  # dated in W2 (closed): a late line of W3
    s.late_refund_amounts.append(5_000)
    for seller, price, fee, week in (
        (e, 5_000, 100, 3),
        (h, 90_000, 1_100, 3),
        (a, 65_000, 800, 4),
    ):
        for sale in sell(three, [(seller, [price])], fee, on(week, 0)):
            complete(three, sale, on(week, 2, 15))
    s.epochs.append(Epoch(three, W[4]))
    return s
