"""The demo's messages: the shopper's verification code read from the messaging sandbox (as a
person reads their mail) and used to verify the account; the shopper buying a house item,
paying and having it delivered, and the messages that told them so; what the sandbox received.

Three steps of ``lakoo.demo.STEPS``: :func:`verify` (after the sign-up), :func:`journey` (after
the catalogue) and :func:`received` (after the trading period).
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections import Counter
from typing import TYPE_CHECKING
from uuid import uuid4

import httpx

from api.kit.topology import GATEWAY_PORT, MESSAGES_SANDBOX_PORT

if TYPE_CHECKING:
    from lakoo.demo.context import Demo
    from lakoo.demo.first_journey import JourneyResult
    from lakoo.simulate.client import Endpoints

SANDBOX = f"http://127.0.0.1:{MESSAGES_SANDBOX_PORT}"
GATEWAY = f"http://127.0.0.1:{GATEWAY_PORT}"


def verify_with_emailed_code(email: str, password: str, timeout: float = 30.0) -> str:
    """Log in, ask for a code, read it in the sandbox's inbox, confirm it; returns the code."""
    with httpx.Client(timeout=15) as client:
        tokens = client.post(
            f"{GATEWAY}/api/auth/login", json={"email": email, "password": password}
        )
        tokens.raise_for_status()
        bearer = {"Authorization": f"Bearer {tokens.json()['access_token']}"}
        client.post(
            f"{GATEWAY}/api/auth/verification/request", headers=bearer, json={}
        ).raise_for_status()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = client.get(
                f"{SANDBOX}/api/messages", params={"to": email, "kind": "verification_code"}
            ).json()["items"]
            code = re.search(r"\b(\d{6})\b", found[0]["body"]) if found else None
            if code:
                confirmed = client.post(
                    f"{GATEWAY}/api/auth/verification/confirm",
                    headers=bearer,
                    json={"code": code.group(1)},
                )
                confirmed.raise_for_status()
                return code.group(1)
            time.sleep(0.3)
    raise RuntimeError(f"no verification code reached {email} in {timeout:.0f} s")


def received_per_kind(to: str | None = None) -> Counter[str]:
    """How many messages of each kind the sandbox received (for one address, or all)."""
    params = {"to": to} if to else {}
    items = httpx.get(f"{SANDBOX}/api/messages", params=params, timeout=15).json()["items"]
    return Counter(f"{m['kind'] or m['channel']} ({m['channel']})" for m in items)


# what a shopper who signed up, paid and was delivered to hears about it, at least
JOURNEY_KINDS = ("welcome", "payment_received", "order_shipped", "order_delivered")


async def buy_and_be_delivered(
    email: str, password: str, endpoints: Endpoints | None = None, timeout: float = 90.0
) -> Counter[str]:
    """The shopper buys one seeded house item, pays in the Xendit sandbox, the courier delivers
    it (Biteship sandbox); then waits until the shopper's messages of :data:`JOURNEY_KINDS`
    reached the messaging sandbox, and answers how many of each kind the shopper received."""
    from lakoo.simulate import cast as casting
    from lakoo.simulate.client import Platform

    async with Platform(endpoints) as platform:
        tag = uuid4().hex[:8]
        staff = await casting.assemble(platform, sellers=0, tag=f"demo-{tag}")
        await casting.stock_house_goods(platform, staff, random.Random(7), count=1, units=5)
        (good,) = staff.house
        shopper = await platform.login(email, password)
        await platform.add_to_cart(shopper, good.variant_id, 1, good.brand_id)
        gambir = [r for r in await platform.regions("Gambir") if r["village"].lower() == "gambir"]
        address = await platform.add_address(shopper, gambir[0], recipient_name="Siti Rahma")
        response = await platform.checkout(shopper, str(address["id"]), key=f"demo-{tag}")
        response.raise_for_status()
        checkout = response.json()
        await platform.pay(checkout["payment"]["invoice_id"])
        for order in checkout["orders"]:
            # house orders are accepted by LAKOO at once; the courier takes them from there
            await platform.wait_for_status(shopper, order["id"], "processing", timeout=timeout)
            await platform.deliver(order["id"], timeout=timeout)
            await platform.wait_for_status(shopper, order["id"], "delivered", timeout=timeout)
    deadline = time.monotonic() + timeout
    while True:
        kinds = Counter(m["kind"] for m in _messages_to(email))
        if all(kinds[kind] for kind in JOURNEY_KINDS) or time.monotonic() > deadline:
            return received_per_kind(email)
        await asyncio.sleep(0.5)


def _messages_to(to: str) -> list[dict[str, object]]:
    response = httpx.get(f"{SANDBOX}/api/messages", params={"to": to}, timeout=15)
    items: list[dict[str, object]] = response.json()["items"]
    return items


def _journey(demo: Demo) -> JourneyResult:
    from lakoo.demo.first_journey import JourneyResult

    journey = demo.results["journey"]
    assert isinstance(journey, JourneyResult)
    return journey


def verify(demo: Demo) -> None:
    """The demo's step: the sign-up's verification code, read in the sandbox and confirmed."""
    from lakoo.demo.first_journey import PASSWORD

    email = _journey(demo).email
    code = verify_with_emailed_code(email, PASSWORD)
    demo.console.print(
        f"verification code {code} read from the messaging sandbox's inbox (SMTP) and "
        f"confirmed: the account is active"
    )
    demo.where_to_look.append(
        ("messages inbox", f"{SANDBOX}/  (every email, SMS, WhatsApp and push message)")
    )


def journey(demo: Demo) -> None:
    """The demo's step: the shopper buys, pays, is delivered to, and what they were told."""
    from lakoo.demo.first_journey import PASSWORD

    email = _journey(demo).email
    kinds = asyncio.run(buy_and_be_delivered(email, PASSWORD, demo.endpoints))
    demo.console.print(f"{email} received, in the messaging sandbox ({SANDBOX}/):")
    for kind, count in sorted(kinds.items()):
        demo.console.print(f"{count:6d}  {kind}")


def received(demo: Demo) -> None:
    """The demo's step: how many messages of each kind the sandbox received in all."""
    time.sleep(3)  # the last deliveries and receipts of the trading period
    for kind, count in sorted(received_per_kind().items()):
        demo.console.print(f"{count:6d}  {kind}")
