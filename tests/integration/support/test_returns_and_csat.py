"""A return request opens a return ticket linked to the order (through the real consumer
runtime, once however often it is delivered); the customer rates a resolved ticket once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from api.events import OrderReturnRequested
from api.kit.auth import Role
from tests.integration.support.harness import Desk
from tests.support.orders import order_created, order_fields, order_item
from tests.support.services import as_user

NOW = datetime(2026, 11, 24, 3, tzinfo=UTC)
NUMBER = "ORD-20261124-7K2QX"


def return_requested(order_id: UUID, user_id: UUID, item_id: UUID) -> OrderReturnRequested:
    return OrderReturnRequested(
        **order_fields(order_id, user_id, number=NUMBER),
        return_id=uuid4(),
        return_number="RET-20261127-AB12C",
        order_item_ids=[item_id],
        reason="Ukurannya kekecilan",
        requested_at=NOW + timedelta(days=3),
    )


async def test_a_return_request_opens_one_return_ticket_linked_to_the_order(
    support: Desk, kafka_bootstrap: str
) -> None:
    returns_agent = await support.agent(["return"])
    customer, order_id, item_id = uuid4(), uuid4(), uuid4()
    fields = order_fields(order_id, customer, number=NUMBER)
    request = return_requested(order_id, customer, item_id)
    runtime = await support.deliver_via_kafka(
        kafka_bootstrap,
        [
            (order_created(fields, [order_item(item_id)], at=NOW), order_id),
            (request, order_id),
            (request, order_id),
        ],
    )
    assert runtime.stats.handled == 3  # the repeated request is a new event id: the rule holds
    tickets = (
        await support.client.get("/api/support/tickets", headers=as_user(Role.customer, customer))
    ).json()
    assert tickets["total"] == 1
    (ticket,) = tickets["items"]
    assert (ticket["category"], ticket["source"], ticket["order_id"]) == (
        "return",
        "return_request",
        str(order_id),
    )
    assert ticket["subject"] == "Return RET-20261127-AB12C for order ORD-20261124-7K2QX"
    assert ticket["assigned_agent_id"] == str(returns_agent)
    (created,) = support.events("ticket.created")
    assert created["source"] == "return_request" and created["created_at"].startswith("2026-11-27")
    # the customer can now link tickets of their own to this order; nobody else can
    mine = await support.open(customer, category="order", order_id=str(order_id))
    assert mine["order_id"] == str(order_id)
    r = await support.client.post(
        "/api/support/tickets",
        headers=as_user(Role.customer),
        json={"subject": "Pesanan", "category": "order", "order_id": str(order_id), "message": "x"},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "order_id"


async def test_the_customer_rates_a_resolved_ticket_once(support: Desk) -> None:
    agent = await support.agent(["product"])
    customer = uuid4()
    ticket = await support.open(customer, category="product")
    path = f"/api/support/tickets/{ticket['id']}/rating"
    mine = as_user(Role.customer, customer)
    r = await support.client.post(path, headers=mine, json={"score": 5})
    assert r.status_code == 409  # not resolved yet
    await support.client.post(
        f"/api/support/tickets/{ticket['id']}/status",
        headers=as_user(Role.support_agent, agent),
        json={"status": "resolved", "resolution": "Produk pengganti dikirim."},
    )
    for score in (0, 6, "5", 4.5):
        r = await support.client.post(path, headers=mine, json={"score": score})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "score", score
    r = await support.client.post(path, headers=as_user(Role.customer), json={"score": 1})
    assert r.status_code == 404
    r = await support.client.post(
        path, headers=as_user(Role.support_agent, agent), json={"score": 5}
    )
    assert r.status_code == 403
    assert support.events("ticket.rated") == []
    r = await support.client.post(
        path, headers=mine, json={"score": 4, "comment": "Cepat ditangani"}
    )
    assert r.status_code == 201 and r.json()["score"] == 4
    r = await support.client.post(path, headers=mine, json={"score": 5})
    assert r.status_code == 409
    (rated,) = support.events("ticket.rated")
    assert (rated["score"], rated["agent_id"]) == (4, str(agent))
    view = (await support.client.get(f"/api/support/tickets/{ticket['id']}", headers=mine)).json()
    assert view["csat"]["score"] == 4
