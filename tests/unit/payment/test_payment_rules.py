"""Pure payment rules: settlement figures, Xendit method mapping, reconciliation findings, fees."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.kit.errors import Unprocessable
from api.payment.models import GatewayLog, Payment
from api.payment.schemas import SettlementCreate
from api.payment.service.callbacks import method_of
from api.payment.service.reconciliation import findings
from api.payment.service.settlements import check_figures
from lakoo.sandboxes.fees import xendit_fee

NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)


def _settlement(**overrides: int) -> SettlementCreate:
    figures = {
        "gross": 500_000,
        "refunds": 0,
        "gateway_fees": 4_440,
        "commission": 0,
        "carried_over_in": 0,
        "net": 495_560,
        "payout": 495_560,
        "line_count": 3,
    }
    figures.update(overrides)
    return SettlementCreate(
        seller_id=uuid4(),
        period_start=date(2026, 11, 16),
        period_end=date(2026, 11, 22),
        **figures,
    )


def test_settlement_figures_that_add_up_pass() -> None:
    check_figures(_settlement(), min_payout=50_000)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"net": 1}, "net"), ({"payout": 0}, "payout")],
)
def test_settlement_figures_that_do_not_add_up_name_the_field(
    overrides: dict[str, int], field: str
) -> None:
    with pytest.raises(Unprocessable) as caught:
        check_figures(_settlement(**overrides), min_payout=50_000)
    assert caught.value.errors == [
        {"field": field, "message": caught.value.detail, "type": "domain"}
    ]


@given(st.integers(min_value=-100_000, max_value=49_999))
def test_a_net_below_the_minimum_is_never_paid_out(net: int) -> None:
    body = _settlement(gross=max(net, 0), gateway_fees=max(-net, 0), net=net, payout=0)
    check_figures(body, min_payout=50_000)


@given(st.integers(min_value=1, max_value=49_999), st.booleans())
def test_a_due_carry_is_paid_whatever_its_size_and_only_then(net: int, due: bool) -> None:
    carried = _settlement(gross=0, gateway_fees=0, carried_over_in=net, net=net, payout=0)
    paid = _settlement(gross=0, gateway_fees=0, carried_over_in=net, net=net, payout=net)
    check_figures(paid if due else carried, min_payout=50_000, due=due)
    with pytest.raises(Unprocessable):
        check_figures(carried if due else paid, min_payout=50_000, due=due)


def test_xendit_methods_map_to_the_catalog() -> None:
    assert method_of("BANK_TRANSFER") == "virtual_account"
    assert method_of("QR_CODE") == "qris"
    assert method_of("ewallet") == "ewallet"
    assert method_of(None) == "virtual_account"


@given(
    st.sampled_from(["BANK_TRANSFER", "EWALLET", "QR_CODE", "CREDIT_CARD", "RETAIL_OUTLET"]),
    st.integers(min_value=1, max_value=100_000_000),
)
def test_sandbox_fees_are_positive_and_never_exceed_the_amount(method: str, amount: int) -> None:
    assert 0 < xendit_fee(method, amount) <= amount


def _payment(status: str, invoice: str | None = "inv-1") -> Payment:
    return Payment(
        id=uuid4(),
        status=status,
        invoice_id=invoice,
        amount=100_000,
        created_at=NOW - timedelta(days=1),
    )


def _paid_callback(amount: int) -> GatewayLog:
    return GatewayLog(
        direction="webhook", external_status="PAID", request={"id": "inv-1", "paid_amount": amount}
    )


def test_reconciliation_agrees_with_a_paid_payment_and_its_callback() -> None:
    assert findings(_payment("paid"), [_paid_callback(100_000)], NOW) == []
    assert findings(_payment("pending"), [], NOW) == []


def test_reconciliation_flags_each_disagreement() -> None:
    assert [k for k, _ in findings(_payment("paid"), [], NOW)] == ["paid_without_callback"]
    assert [k for k, _ in findings(_payment("pending"), [_paid_callback(100_000)], NOW)] == [
        "callback_not_applied"
    ]
    assert [k for k, _ in findings(_payment("paid"), [_paid_callback(90_000)], NOW)] == [
        "amount_mismatch"
    ]
    assert [k for k, _ in findings(_payment("pending", invoice=None), [], NOW)] == ["no_invoice"]
