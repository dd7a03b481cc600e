"""How the saga reads the payment service's answer to a refund request: opened, refused for
good (never asked again), or undecided (asked again after a backoff)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import uuid4

import httpx
import pytest

from api.kit.client import ServiceClient
from api.kit.errors import LakooError
from api.order.service.refunds import retry_delay
from api.order.upstream.money import PaymentClient, RefundOpened, RefundRefused


def _client(status: int, body: dict[str, Any]) -> PaymentClient:
    def answer(request: httpx.Request) -> httpx.Response:
        assert request.headers["Idempotency-Key"] == "order-refund:k"
        return httpx.Response(status, json=body)

    http = ServiceClient(
        "http://payment",
        internal_api_key="k",
        retries=0,
        transport=httpx.MockTransport(answer),
    )
    return PaymentClient(http)


async def _ask(client: PaymentClient) -> RefundOpened:
    return await client.refund(
        payment_id=uuid4(), order_id=uuid4(), at_most=10_000, reason="r", key="order-refund:k"
    )


def _problem(slug: str, status: int) -> dict[str, Any]:
    return {"type": f"https://lakoo.id/problems/{slug}", "status": status, "detail": slug}


async def test_an_opened_refund_carries_what_payment_actually_refunds() -> None:
    refund_id = uuid4()
    opened = await _ask(
        _client(201, {"id": str(refund_id), "amount": 7_500, "status": "requested"})
    )
    assert opened == RefundOpened(id=refund_id, amount=7_500, status="requested")


@pytest.mark.parametrize(
    ("status", "slug"),
    [
        (422, "validation-error"),  # nothing remains refundable of the order
        (404, "not-found"),  # the payment does not exist
        (409, "payment-not-refundable"),  # refunded in full already
    ],
)
async def test_answers_that_cannot_change_are_permanent_refusals(status: int, slug: str) -> None:
    with pytest.raises(RefundRefused) as refused:
        await _ask(_client(status, _problem(slug, status)))
    assert refused.value.status_code == status and refused.value.detail == slug


@pytest.mark.parametrize(
    ("status", "slug"),
    [(409, "refund-already-open"), (500, "internal-error"), (503, "service-unavailable")],
)
async def test_answers_of_the_moment_are_undecided_not_refusals(status: int, slug: str) -> None:
    with pytest.raises(LakooError) as undecided:
        await _ask(_client(status, _problem(slug, status)))
    assert not isinstance(undecided.value, RefundRefused)


def test_retries_back_off_doubling_up_to_an_hour() -> None:
    delays = [retry_delay(n) for n in range(1, 10)]
    assert delays[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert delays[-1] == timedelta(hours=1)
    assert delays == sorted(delays)
