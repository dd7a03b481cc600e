"""Support's fuzz seed: the desk's agent works every queue, the customer has a ticket about a
seeded order (with an agent's reply and an internal note), and the help centre has an FAQ."""

from __future__ import annotations

from api.kit.auth import Role
from tests.fuzz.seeds import FuzzSeed

ORDER = 60  # after order: the customer's orders are known to the desk (order.created)
QUEUES = ["order", "payment", "shipping", "return", "product", "account", "other"]


def seed(fuzz: FuzzSeed) -> None:
    agent = fuzz.users[Role.support_agent]  # an agent since auth's user.role_changed
    fuzz.call(
        "support",
        "PUT",
        f"/api/support/agents/{agent}",
        json={"categories": QUEUES, "is_lead": True, "available": True},
    )
    ticket = fuzz.call(
        "support",
        "POST",
        "/api/support/tickets",
        as_="customer",
        json={
            "subject": "Pesanan belum sampai",
            "category": "shipping",
            "order_id": fuzz.values["order_id"][0],
            "message": "Paket saya belum datang, tolong dicek.",
        },
    )
    fuzz.remember("ticket_id", ticket["id"])
    path = f"/api/support/tickets/{ticket['id']}/messages"
    fuzz.call("support", "POST", path, as_="support_agent", json={"body": "Sedang kami cek."})
    note = {"body": "Kurir terlambat", "internal": True}
    fuzz.call("support", "POST", path, as_="support_agent", json=note)
    faq = fuzz.call(
        "support",
        "POST",
        "/api/support/faqs",
        json={
            "question": "Berapa lama pengiriman?",
            "answer": "Dua sampai lima hari kerja.",
            "keywords": "kirim paket",
            "language": "id",
            "category": "shipping",
        },
    )
    fuzz.remember("faq_id", faq["id"])
