"""Order's fuzz seed: the customer checks the cart out and pays in the Xendit sandbox, so
there are paid orders (house and seller) to read, accept, cancel and return."""

from __future__ import annotations

from uuid import uuid4

from tests.fuzz.seeds import FuzzSeed

ORDER = 40  # after cart and address


def seed(fuzz: FuzzSeed) -> None:
    checkout = fuzz.call(
        "order",
        "POST",
        "/api/checkout",
        as_="customer",
        headers={"Idempotency-Key": f"fuzz-{uuid4().hex}"},
        json={"address_id": fuzz.values["address_id"][-1]},
        expect=201,
    )
    fuzz.remember("order_id", *(order["id"] for order in checkout["orders"]))
    fuzz.remember("payment_id", checkout["payment"]["id"])
    fuzz.remember("checkout_id", checkout["id"])
    invoice = checkout["payment"]["invoice_id"]
    fuzz.call("xendit-sandbox", "POST", f"/sandbox/invoices/{invoice}/pay", as_="internal", json={})
    fuzz.deliver()  # payment.paid → the orders are paid; order.paid → shipments
