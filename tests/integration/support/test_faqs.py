"""FAQs: admin upkeep, the help-centre search, and answering a first message from an FAQ
(PostgreSQL full text, Indonesian and English)."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from api.kit.auth import Role
from tests.integration.support.harness import Desk
from tests.support.services import as_user

FAQS: list[dict[str, Any]] = [
    {
        "question": "Bagaimana cara mengembalikan barang yang ukurannya tidak pas?",
        "keywords": "retur pengembalian tukar ukuran",
        "answer": "Buka pesanan Anda, pilih Ajukan Pengembalian dalam 7 hari setelah diterima.",
        "language": "id",
        "category": "return",
    },
    {
        "question": "Kapan dana refund masuk ke rekening saya?",
        "keywords": "refund dana kembali rekening",
        "answer": "Refund diproses 1–3 hari kerja setelah barang retur kami terima.",
        "language": "id",
        "category": "payment",
    },
    {
        "question": "How do I track my parcel?",
        "keywords": "tracking shipment courier",
        "answer": "Open your order and tap Track: the courier's updates appear there.",
        "language": "en",
        "category": "shipping",
    },
]


async def _seed(support: Desk) -> list[dict[str, Any]]:
    created = []
    for faq in FAQS:
        r = await support.client.post("/api/support/faqs", headers=support.admin, json=faq)
        assert r.status_code == 201, r.text
        created.append(r.json())
    return created


async def test_only_admins_manage_faqs_and_everyone_reads_the_active_ones(support: Desk) -> None:
    faqs = await _seed(support)
    for role in (Role.customer, Role.support_agent, Role.seller):
        r = await support.client.post("/api/support/faqs", headers=as_user(role), json=FAQS[0])
        assert r.status_code == 403
    r = await support.client.patch(
        f"/api/support/faqs/{faqs[1]['id']}", headers=support.admin, json={"active": False}
    )
    assert r.status_code == 200 and r.json()["active"] is False
    public = (await support.client.get("/api/support/faqs")).json()
    assert {f["id"] for f in public["items"]} == {faqs[0]["id"], faqs[2]["id"]}
    everything = (await support.client.get("/api/support/faqs", headers=support.admin)).json()
    assert everything["total"] == 3
    r = await support.client.delete(f"/api/support/faqs/{faqs[2]['id']}", headers=support.admin)
    assert r.status_code == 204
    r = await support.client.delete(f"/api/support/faqs/{faqs[2]['id']}", headers=support.admin)
    assert r.status_code == 404


async def test_the_help_centre_searches_both_languages_by_stem(support: Desk) -> None:
    faqs = await _seed(support)
    found = (await support.client.get("/api/support/faqs", params={"q": "pengembalian"})).json()
    assert [f["id"] for f in found["items"]] == [faqs[0]["id"]]
    found = (await support.client.get("/api/support/faqs", params={"q": "parcels"})).json()
    assert [f["id"] for f in found["items"]] == [faqs[2]["id"]]


async def test_a_first_message_matching_an_faq_is_answered_and_the_ticket_stays_open(
    support: Desk,
) -> None:
    faqs = await _seed(support)
    customer = uuid4()
    ticket = await support.open(
        customer,
        category="return",
        message="Halo, saya mau mengembalikan barang karena ukurannya tidak pas. Caranya?",
    )
    assert ticket["status"] == "open"
    assert [(m["kind"], m["faq_id"]) for m in ticket["messages"]] == [
        ("customer", None),
        ("auto", faqs[0]["id"]),
    ]
    assert ticket["messages"][1]["body"] == FAQS[0]["answer"]
    assert ticket["first_responded_at"] is None  # an FAQ answer is not the desk's response
    english = await support.open(customer, message="How can I track my parcel? It is late.")
    assert english["messages"][-1]["faq_id"] == faqs[2]["id"]
    unrelated = await support.open(customer, message="Warna bajunya luntur setelah dicuci sekali.")
    assert [m["kind"] for m in unrelated["messages"]] == ["customer"]
    published = support.events("ticket.message_added")
    assert [e["author_kind"] for e in published] == ["auto", "auto"]


async def test_agents_try_a_text_against_the_faqs(support: Desk) -> None:
    await _seed(support)
    r = await support.client.get(
        "/api/support/faqs/match",
        headers=as_user(Role.support_agent),
        params={"q": "kapan refund dana saya masuk"},
    )
    assert r.status_code == 200
    best = r.json()[0]
    assert best["faq"]["question"] == FAQS[1]["question"] and best["coverage"] >= 0.6
    r = await support.client.get(
        "/api/support/faqs/match", headers=as_user(Role.customer), params={"q": "refund"}
    )
    assert r.status_code == 403
