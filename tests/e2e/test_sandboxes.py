"""The provider sandboxes as real processes (``lakoo sandbox xendit|biteship --port …``), each
driving one callback over real HTTP into its service served by ``lakoo serve``.

"""

from __future__ import annotations

from uuid import uuid4

import httpx

from api.kit.db import libpq_url
from tests.support.processes import Process, free_port, lakoo, running, serve
from tests.support.services import internal_headers, migrated_database


def _sandbox(provider: str, port: int, target_option: str, target: str) -> Process:
    return lakoo(
        "sandbox",
        provider,
        "--port",
        str(port),
        target_option,
        target,
        url=f"http://127.0.0.1:{port}",
    )


def test_xendit_sandbox_pays_an_invoice_and_its_callback_reaches_the_payment_service(
    fresh_database: str,
) -> None:
    database = migrated_database("payment", fresh_database)
    sandbox_port, payment_port = free_port(), free_port()
    sandbox_url = f"http://127.0.0.1:{sandbox_port}"
    payment_url = f"http://127.0.0.1:{payment_port}"
    sandbox = _sandbox(
        "xendit", sandbox_port, "--callback-url", f"{payment_url}/webhooks/xendit/invoice"
    )
    payment = serve(
        "payment",
        port=payment_port,
        env={"PAYMENT_DATABASE_URL": libpq_url(database), "XENDIT_BASE_URL": sandbox_url},
    )
    with running(sandbox, payment):
        _pay_one_invoice(sandbox_url, payment_url)


def _pay_one_invoice(sandbox_url: str, payment_url: str) -> None:
    order_id = str(uuid4())
    created = httpx.post(
        f"{payment_url}/internal/payments",
        json={
            "checkout_id": str(uuid4()),
            "user_id": str(uuid4()),
            "amount": 99_000,
            "orders": [{"order_id": order_id, "seller_id": None, "total": 99_000}],
        },
        headers={**internal_headers(), "Idempotency-Key": f"e2e-{uuid4()}"},
        timeout=10,
    )
    assert created.status_code == 201, created.text
    invoice_id = created.json()["invoice_id"]
    paid = httpx.post(
        f"{sandbox_url}/sandbox/invoices/{invoice_id}/pay",
        json={"payment_method": "QR_CODE", "payment_channel": "QRIS"},
        timeout=10,
    )
    assert paid.status_code == 200 and paid.json()["callback_statuses"] == [200]
    read = httpx.get(
        f"{payment_url}/internal/payments/{created.json()['id']}", headers=internal_headers()
    )
    assert read.json()["status"] == "paid" and read.json()["method"] == "qris"


def test_biteship_sandbox_advances_an_order_and_its_webhook_reaches_the_logistic_service(
    fresh_database: str,
) -> None:
    database = migrated_database("logistic", fresh_database)
    sandbox_port, logistic_port = free_port(), free_port()
    sandbox_url = f"http://127.0.0.1:{sandbox_port}"
    logistic_url = f"http://127.0.0.1:{logistic_port}"
    sandbox = _sandbox(
        "biteship", sandbox_port, "--webhook-url", f"{logistic_url}/webhooks/biteship"
    )
    logistic = serve(
        "logistic",
        port=logistic_port,
        env={"LOGISTIC_DATABASE_URL": libpq_url(database), "BITESHIP_BASE_URL": sandbox_url},
    )
    with running(sandbox, logistic):
        _advance_one_shipment(database, sandbox_url, logistic_url)


def _advance_one_shipment(database: str, sandbox_url: str, logistic_url: str) -> None:
    # book the shipment as the worker does on order.paid, against the real sandbox process
    import asyncio

    from api.logistic.settings import get_settings

    settings = get_settings().model_copy(
        update={"database_url": database, "biteship_base_url": sandbox_url}
    )
    order_id = asyncio.run(_book(settings))

    def shipment() -> dict[str, object]:
        response = httpx.get(
            f"{logistic_url}/internal/shipments/by-order/{order_id}", headers=internal_headers()
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    courier_order_id = shipment()["courier_order_id"]
    for _ in range(4):  # allocated, picking_up, picked, dropping_off
        advanced = httpx.post(
            f"{sandbox_url}/sandbox/orders/{courier_order_id}/advance", timeout=10
        )
        assert advanced.status_code == 200 and advanced.json()["webhook_status"] == 200
    assert shipment()["status"] == "in_transit"


async def _book(settings: object) -> str:
    """Run the ``order.created`` and ``order.paid`` handlers once; returns the order id."""
    from api.kit.db import make_async_engine, make_session_factory
    from api.kit.uow import UnitOfWorkFactory
    from api.logistic.consumers import make_handlers
    from api.logistic.settings import LogisticSettings
    from tests.integration.logistic.conftest import as_event, order_envelopes

    assert isinstance(settings, LogisticSettings)
    engine = make_async_engine(settings.resolved_database_url, pool_size=1)
    courier = settings.biteship_client()
    handlers = make_handlers(courier, settings)
    envelopes = order_envelopes()
    try:
        for envelope in envelopes:
            async with UnitOfWorkFactory(
                make_session_factory(engine), producer="logistic"
            )() as uow:
                await handlers[envelope.event_type](as_event(envelope), uow)
                await uow.commit()
    finally:
        await courier.aclose()
        await engine.dispose()
    return envelopes[1].aggregate_id
