"""Who sees what, and who works what: customers see only their own tickets (never internal
notes), agents their queues; the least-loaded agent gets a new ticket, never past the cap."""

from __future__ import annotations

import asyncio
from collections import Counter
from uuid import uuid4

from api.kit.auth import Role
from api.support import jobs
from tests.integration.support.harness import Desk, desk
from tests.support.services import as_user


async def test_a_customer_reading_anothers_ticket_or_its_notes_gets_404(support: Desk) -> None:
    agent = await support.agent(["shipping"])
    owner, stranger = uuid4(), uuid4()
    ticket = await support.open(owner)
    staff = as_user(Role.support_agent, agent)
    r = await support.client.post(
        f"/api/support/tickets/{ticket['id']}/messages",
        headers=staff,
        json={
            "body": "Kurir JNE lambat di gudang Cakung, jangan janjikan tanggal.",
            "internal": True,
        },
    )
    assert r.status_code == 201 and r.json()["kind"] == "internal_note"
    await support.client.post(
        f"/api/support/tickets/{ticket['id']}/messages",
        headers=staff,
        json={"body": "Paket Anda sedang kami lacak."},
    )
    for path in (f"/api/support/tickets/{ticket['id']}", f"/api/support/tickets/{uuid4()}"):
        r = await support.client.get(path, headers=as_user(Role.customer, stranger))
        assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    before = support.counts()
    r = await support.client.post(
        f"/api/support/tickets/{ticket['id']}/messages",
        headers=as_user(Role.customer, stranger),
        json={"body": "Saya juga mau lihat."},
    )
    assert r.status_code == 404 and support.counts() == before
    mine = (
        await support.client.get(
            f"/api/support/tickets/{ticket['id']}", headers=as_user(Role.customer, owner)
        )
    ).json()
    assert [m["kind"] for m in mine["messages"]] == ["customer", "agent"]
    agents_view = (
        await support.client.get(f"/api/support/tickets/{ticket['id']}", headers=staff)
    ).json()
    assert [m["kind"] for m in agents_view["messages"]] == ["customer", "internal_note", "agent"]
    # the customer marking their own message internal is refused, naming the field
    r = await support.client.post(
        f"/api/support/tickets/{ticket['id']}/messages",
        headers=as_user(Role.customer, owner),
        json={"body": "rahasia", "internal": True},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "internal"
    # internal notes are never published
    assert [e["author_kind"] for e in support.events("ticket.message_added")] == ["agent"]
    listed = await support.client.get(
        "/api/support/tickets", headers=as_user(Role.customer, stranger)
    )
    assert listed.json()["total"] == 0


async def test_an_agent_outside_the_categorys_queue_cannot_assign_themselves(
    support: Desk,
) -> None:
    shipping_agent = await support.agent(["shipping"], available=False)
    payment_agent = await support.agent(["payment"])
    ticket = await support.open(uuid4(), category="shipping")
    assert ticket["assigned_agent_id"] is None  # the only shipping agent is away
    outsider = as_user(Role.support_agent, payment_agent)
    before = support.counts()
    for path in ("assign", "status", "priority"):
        body = {"assign": {}, "status": {"status": "in_progress"}, "priority": {"priority": "low"}}
        r = await support.client.post(
            f"/api/support/tickets/{ticket['id']}/{path}", headers=outsider, json=body[path]
        )
        assert r.status_code == 403, (path, r.text)
        assert r.json()["type"].endswith("/not-in-queue")
    r = await support.client.get(f"/api/support/tickets/{ticket['id']}", headers=outsider)
    assert r.status_code == 403
    assert support.counts() == before
    listed = (await support.client.get("/api/support/tickets", headers=outsider)).json()
    assert listed["total"] == 0

    mine = as_user(Role.support_agent, shipping_agent)
    r = await support.client.post(
        f"/api/support/tickets/{ticket['id']}/assign", headers=mine, json={}
    )
    assert r.status_code == 200 and r.json()["assigned_agent_id"] == str(shipping_agent)
    # a customer cannot assign at all; an agent who is not a lead cannot give tickets away
    r = await support.client.post(
        f"/api/support/tickets/{ticket['id']}/assign", headers=as_user(Role.customer), json={}
    )
    assert r.status_code == 403
    other = await support.agent(["shipping"])
    r = await support.client.post(
        f"/api/support/tickets/{ticket['id']}/assign", headers=mine, json={"agent_id": str(other)}
    )
    assert r.status_code == 403
    lead = await support.agent(["shipping"], lead=True)
    r = await support.client.post(
        f"/api/support/tickets/{ticket['id']}/assign",
        headers=as_user(Role.support_agent, lead),
        json={"agent_id": str(payment_agent)},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "agent_id"
    r = await support.client.post(
        f"/api/support/tickets/{ticket['id']}/assign",
        headers=as_user(Role.support_agent, lead),
        json={"agent_id": str(other)},
    )
    assert r.status_code == 200 and r.json()["assigned_agent_id"] == str(other)
    moves = [(e["previous_agent_id"], e["agent_id"]) for e in support.events("ticket.assigned")]
    assert moves == [(None, str(shipping_agent)), (str(shipping_agent), str(other))]


async def test_new_tickets_go_to_the_least_loaded_agent_and_never_past_the_cap(
    postgres_url: str,
) -> None:
    async with desk(postgres_url, max_active_per_agent=5) as support:
        first = await support.agent(["product"])
        second = await support.agent(["product"])
        await support.agent(["payment"])  # another queue's agent takes none of these
        opened = await asyncio.gather(
            *(support.open(uuid4(), category="product") for _ in range(13))
        )
        loads = Counter(t["assigned_agent_id"] for t in opened)
        assert loads == {str(first): 5, str(second): 5, None: 3}
        agents = (
            await support.client.get(
                "/api/support/agents", headers=support.admin, params={"category": "product"}
            )
        ).json()
        assert sorted(a["active_tickets"] for a in agents["items"]) == [5, 5]
        # a resolved ticket frees a place, and the waiting tickets' job fills it (oldest first)
        done = next(t for t in opened if t["assigned_agent_id"] == str(first))
        r = await support.client.post(
            f"/api/support/tickets/{done['id']}/status",
            headers=as_user(Role.support_agent, first),
            json={"status": "resolved", "resolution": "Ukuran sudah ditukar."},
        )
        assert r.status_code == 200
        await jobs.assign_waiting(support.uows, support.settings)
        waiting = (
            await support.client.get(
                "/api/support/tickets", headers=support.admin, params={"assigned": "unassigned"}
            )
        ).json()
        assert waiting["total"] == 2
        r = await support.client.post(
            f"/api/support/tickets/{waiting['items'][0]['id']}/assign",
            headers=as_user(Role.support_agent, second),
            json={},
        )
        assert r.status_code == 409 and r.json()["type"].endswith("/agent-at-capacity")


async def test_an_agent_leaving_the_role_hands_their_tickets_back(support: Desk) -> None:
    from datetime import UTC, datetime

    from api.events import UserRoleChanged

    leaving = await support.agent(["order"])
    ticket = await support.open(uuid4(), category="order")
    assert ticket["assigned_agent_id"] == str(leaving)
    await support.deliver(
        UserRoleChanged(
            user_id=leaving,
            old_role="support_agent",
            new_role="customer",
            changed_by=None,
            changed_at=datetime.now(UTC),
        ),
        leaving,
    )
    staying = await support.agent(["order"])
    await jobs.assign_waiting(support.uows, support.settings)
    view = (
        await support.client.get(f"/api/support/tickets/{ticket['id']}", headers=support.admin)
    ).json()
    assert view["assigned_agent_id"] == str(staying)
    r = await support.client.put(
        f"/api/support/agents/{leaving}", headers=support.admin, json={"available": True}
    )
    assert r.status_code == 404
