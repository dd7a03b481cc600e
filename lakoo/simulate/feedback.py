"""After delivery: shoppers review what they received, returns reach the support desk, agents
answer them, and shoppers rate how it went — all through the gateway.

The desk: two support agents made by the admin (one leads), given every queue once the
support service has learnt their role from auth's events. Reviews: about half of the delivered
orders' buyers review their items; a few write a phone number or a link (the text filter holds
those for a moderator, who rejects some and leaves the rest in the queue), and sellers answer
some reviews of their products. Tickets: every return request opens one (the support service
consumes ``order.return_requested``); a few buyers also ask the desk something an FAQ answers.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from lakoo.simulate.client import ApiError, Platform, User
from lakoo.simulate.shoppers import Placed

REVIEW_RATE = 0.5
HELD_RATE = 0.12  # reviews with contact details the filter holds for moderation
REPLY_RATE = 0.3
QUESTION_RATE = 0.1
STARS = (5, 5, 5, 5, 4, 4, 4, 3, 2, 1)
PRAISE = (
    "Bahannya adem dan jahitannya rapi, ukurannya pas.",
    "Warna sesuai foto, pengiriman cepat. Terima kasih!",
    "Kualitas oke untuk harganya, akan beli lagi.",
    "Agak kebesaran sedikit tapi nyaman dipakai seharian.",
    None,  # a rating-only review
)
HELD = ("Ada warna lain? WA saya 0812-3456-7890", "Lebih murah di www.tokosebelah.example.com")
QUESTIONS = (
    ("Refund belum masuk", "payment", "Kapan dana refund masuk ke rekening saya?"),
    ("Lacak paket", "shipping", "Bagaimana cara melacak paket pesanan saya?"),
)
ALL_QUEUES = ["order", "payment", "shipping", "return", "product", "account", "other"]
RECEIVED = frozenset({"delivered", "completed", "return_requested"})


@dataclass
class Desk:
    """The support agents of the period (the first leads)."""

    agents: list[User]


@dataclass
class FeedbackTotals:
    reviews: Counter[str] = field(default_factory=Counter)
    replies: int = 0
    tickets: Counter[str] = field(default_factory=Counter)
    asked: int = 0
    faq_answers: int = 0
    csat: list[int] = field(default_factory=list)


async def _until(check: Any, *, timeout: float, every: float = 0.3) -> Any:
    """Poll ``check()`` until it returns something truthy (events travel through Kafka)."""
    deadline = time.monotonic() + timeout
    while True:
        found = await check()
        if found or time.monotonic() > deadline:
            return found
        await asyncio.sleep(every)


async def assemble_desk(platform: Platform, admin: User, *, tag: str) -> Desk:
    """Two agents with every queue (the first a lead), once support knows their role."""
    people = await asyncio.gather(
        *(platform.register(full_name=f"Agen CS {n + 1} {tag}") for n in range(2))
    )
    agents = list(
        await asyncio.gather(*(platform.promote(admin, p, "support_agent") for p in people))
    )
    for index, agent in enumerate(agents):
        body = {"categories": ALL_QUEUES, "is_lead": index == 0, "available": True}

        async def configured(agent: User = agent, body: dict[str, Any] = body) -> bool:
            try:
                await platform.call("PUT", f"/api/support/agents/{agent.id}", admin, 200, json=body)
                return True
            except ApiError as exc:  # 404 until user.role_changed reached the support service
                if exc.status != 404:
                    raise
                return False

        if not await _until(configured, timeout=30):
            raise RuntimeError(f"the support service never learnt agent {agent.email}")
    return Desk(agents)


async def review_order(
    platform: Platform, order: Placed, rng: random.Random, totals: FeedbackTotals
) -> None:
    """The buyer of a delivered order reviews its items (the seller may answer)."""
    if rng.random() >= REVIEW_RATE:
        return

    async def reviewable() -> list[dict[str, Any]]:
        items = await platform.call("GET", "/api/reviews/eligible", order.buyer, 200)
        return [i for i in items if i["order_id"] == order.id]

    for item in await _until(reviewable, timeout=20):
        held = rng.random() < HELD_RATE
        text = rng.choice(HELD) if held else rng.choice(PRAISE)
        body: dict[str, Any] = {"order_item_id": item["order_item_id"], "rating": rng.choice(STARS)}
        if text is not None:
            body["text"] = text
        created = await platform.call("POST", "/api/reviews", order.buyer, 201, json=body)
        totals.reviews[created["status"]] += 1
        if (
            created["status"] == "approved"
            and order.seller is not None
            and rng.random() < REPLY_RATE
        ):
            reply = {"text": "Terima kasih sudah berbelanja, Kak!"}
            await platform.call(
                "POST", f"/api/reviews/{created['id']}/reply", order.seller, 201, json=reply
            )
            totals.replies += 1


async def moderate(
    platform: Platform, admin: User, rng: random.Random, totals: FeedbackTotals
) -> None:
    """The moderator rejects some held reviews (contact details); the rest stay queued."""
    queue = await platform.call(
        "GET", "/api/reviews/moderation/queue", admin, 200, params={"page_size": 100}
    )
    for held in queue["items"]:
        if rng.random() < 0.5:
            await platform.call(
                "POST",
                f"/api/reviews/{held['id']}/moderate",
                admin,
                200,
                json={"decision": "reject"},
            )
            totals.reviews["pending"] -= 1
            totals.reviews["rejected"] += 1


async def ask_the_desk(
    platform: Platform, buyer: User, rng: random.Random, totals: FeedbackTotals
) -> None:
    """A buyer asks something the help centre's FAQs answer at once."""
    if rng.random() >= QUESTION_RATE:
        return
    subject, category, message = rng.choice(QUESTIONS)
    body = {"subject": subject, "category": category, "message": message}
    ticket = await platform.call("POST", "/api/support/tickets", buyer, 201, json=body)
    totals.asked += 1
    totals.faq_answers += any(m["kind"] == "auto" for m in ticket["messages"])


async def _open_assignments(platform: Platform, desk: Desk) -> list[tuple[User, dict[str, Any]]]:
    found: list[tuple[User, dict[str, Any]]] = []
    for agent in desk.agents:
        page = await platform.call(
            "GET",
            "/api/support/tickets",
            agent,
            200,
            params={"assigned": "me", "status": "open", "page_size": 100},
        )
        found += [(agent, ticket) for ticket in page["items"]]
    return found


async def work_the_desk(
    platform: Platform,
    desk: Desk,
    customers: dict[str, User],
    rng: random.Random,
    totals: FeedbackTotals,
    *,
    expected: int,
) -> None:
    """Agents answer and resolve their open tickets (waiting up to 30 s for ``expected`` of
    them to arrive through Kafka); the customers rate most of the resolved ones."""

    async def enough() -> list[tuple[User, dict[str, Any]]]:
        found = await _open_assignments(platform, desk)
        return found if len(found) >= expected else []

    work = await _until(enough, timeout=30) or await _open_assignments(platform, desk)
    for agent, ticket in work:
        path = f"/api/support/tickets/{ticket['id']}"
        totals.tickets[ticket["source"]] += 1
        reply = {"body": "Halo Kak, terima kasih sudah menghubungi kami. Sudah kami proses ya."}
        await platform.call("POST", f"{path}/messages", agent, 201, json=reply)
        resolution = {"status": "resolved", "resolution": "Sudah ditangani oleh tim LAKOO."}
        await platform.call("POST", f"{path}/status", agent, 200, json=resolution)
        totals.tickets["resolved"] += 1
        customer = customers.get(ticket["user_id"])
        if customer is not None and rng.random() < 0.8:
            score = rng.choice((5, 5, 4, 4, 3))
            await platform.call("POST", f"{path}/rating", customer, 201, json={"score": score})
            totals.csat.append(score)


def render(totals: FeedbackTotals, console: Any) -> None:
    """What happened after delivery: reviews by status, tickets, CSAT."""
    from rich.table import Table

    title = "after delivery: reviews and the support desk"
    # as wide as its title: a narrow table would wrap the title (and a reader's grep) in two
    table = Table(title=title, show_header=False, min_width=len(title) + 4)
    for status in ("approved", "pending", "rejected"):
        table.add_row(f"reviews {status}", str(totals.reviews[status]))
    table.add_row("sellers' replies", str(totals.replies))
    table.add_row("return tickets", str(totals.tickets["return_request"]))
    table.add_row(
        "questions (FAQ answered)", f"{totals.tickets['customer']} ({totals.faq_answers})"
    )
    table.add_row("tickets resolved", str(totals.tickets["resolved"]))
    csat = (
        f"{sum(totals.csat) / len(totals.csat):.2f} over {len(totals.csat)}" if totals.csat else "—"
    )
    table.add_row("CSAT", csat)
    console.print(table)
