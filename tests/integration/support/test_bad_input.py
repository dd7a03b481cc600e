"""Bad input: a 4xx problem naming the field, and nothing written."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest

from api.kit.auth import Role
from api.support.schemas import MESSAGE_MAX_LENGTH
from tests.integration.support.harness import Desk
from tests.support.services import as_user

GOOD: dict[str, Any] = {
    "subject": "Salah kirim warna",
    "category": "order",
    "message": "Saya pesan warna navy, yang datang hitam.",
}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "refund"}, "category"),  # unknown category
        ({"category": None}, "category"),
        ({"message": "x" * (MESSAGE_MAX_LENGTH + 1)}, "message"),  # over the limit
        ({"message": ""}, "message"),
        ({"subject": "ok"}, "subject"),
        ({"order_id": "not-a-uuid"}, "order_id"),
        ({"order_id": str(uuid4())}, "order_id"),  # not one of the caller's orders
        ({"priority": "urgent"}, "priority"),  # customers do not set priorities
    ],
)
async def test_a_bad_ticket_is_refused_naming_the_field(
    shared_support: Desk, change: dict[str, Any], field: str
) -> None:
    support = shared_support
    before = support.counts()
    r = await support.client.post(
        "/api/support/tickets", headers=as_user(Role.customer), json={**GOOD, **change}
    )
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert field in [e["field"] for e in r.json()["errors"]]
    assert support.counts() == before


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("messages", {"body": "y" * (MESSAGE_MAX_LENGTH + 1)}, "body"),
        ("messages", {"body": "   "}, "body"),
        ("status", {"status": "resolved"}, "resolution"),
        ("status", {"status": "open"}, "status"),
        ("status", {"status": "waiting_customer", "resolution": "done"}, "resolution"),
        ("priority", {"priority": "critical"}, "priority"),
        ("assign", {"agent_id": "nobody"}, "agent_id"),
    ],
)
async def test_bad_ticket_actions_are_refused_naming_the_field(
    shared_support: Desk, path: str, body: dict[str, Any], field: str
) -> None:
    support = shared_support
    agent = await support.agent(["order"])
    ticket = await support.open(uuid4(), category="order")
    before = support.counts()
    r = await support.client.post(
        f"/api/support/tickets/{ticket['id']}/{path}",
        headers=as_user(Role.support_agent, agent),
        json=body,
    )
    assert r.status_code == 422, r.text
    assert field in [e["field"] for e in r.json()["errors"]]
    assert support.counts() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"categories": ["order", "order"]}, "categories"),
        ({"categories": ["refunds"]}, "categories.0"),
        ({"available": "sometimes"}, "available"),
        ({"available": None}, "available"),  # leave a field out to keep it; null is refused
        ({"categories": None}, "categories"),
        ({"is_lead": None}, "is_lead"),
    ],
)
async def test_bad_agent_settings_are_refused_naming_the_field(
    shared_support: Desk, body: dict[str, Any], field: str
) -> None:
    support = shared_support
    agent = await support.agent(["order"])
    before = support.counts()
    r = await support.client.put(f"/api/support/agents/{agent}", headers=support.admin, json=body)
    assert r.status_code == 422
    assert field in [e["field"] for e in r.json()["errors"]]
    assert support.counts() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"question": "Apa?", "answer": "Ya."}, "question"),
        ({"question": "Kapan barang sampai?", "answer": ""}, "answer"),
        ({"question": "Kapan barang sampai?", "answer": "Besok", "language": "jv"}, "language"),
    ],
)
async def test_bad_faqs_are_refused_naming_the_field(
    shared_support: Desk, body: dict[str, Any], field: str
) -> None:
    support = shared_support
    r = await support.client.post("/api/support/faqs", headers=support.admin, json=body)
    assert r.status_code == 422
    assert field in [e["field"] for e in r.json()["errors"]]
    assert support.count("faqs") == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"active": None}, "active"),
        ({"question": None}, "question"),
        ({"answer": None}, "answer"),
        ({"language": None}, "language"),
        ({"keywords": None}, "keywords"),
        ({"question": "Apa?"}, "question"),
    ],
)
async def test_a_bad_faq_change_is_refused_naming_the_field_and_changes_nothing(
    shared_support: Desk, change: dict[str, Any], field: str
) -> None:
    support = shared_support
    body = {"question": "Kapan barang sampai?", "answer": "Dua hari kerja.", "category": "shipping"}
    faq = (await support.client.post("/api/support/faqs", headers=support.admin, json=body)).json()
    path = f"/api/support/faqs/{faq['id']}"
    r = await support.client.patch(path, headers=support.admin, json=change)
    assert r.status_code == 422
    assert field in [e["field"] for e in r.json()["errors"]]
    listed = await support.client.get("/api/support/faqs", headers=support.admin)
    assert [f for f in listed.json()["items"] if f["id"] == faq["id"]] == [faq]
    # the category alone may be cleared: an FAQ of no particular queue
    r = await support.client.patch(path, headers=support.admin, json={"category": None})
    assert r.status_code == 200 and r.json()["category"] is None
    await support.client.delete(path, headers=support.admin)
