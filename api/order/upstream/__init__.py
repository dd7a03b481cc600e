"""The services the order saga calls, each behind a small typed client.

Routes and jobs reach them through :class:`Upstreams` (on ``app.state.upstreams``). Tests give
the app in-process transports (``app.state.transports[name]``) for the real apps, or for a
labelled fake of a service that does not exist yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from api.kit.client import ServiceClient
from api.order.upstream.commerce import CartClient, CatalogClient, WarehouseClient
from api.order.upstream.delivery import AddressClient, LogisticClient
from api.order.upstream.money import PaymentClient

NAMES = ("cart", "product", "warehouse", "payment", "address", "logistic")


@dataclass(frozen=True)
class Upstreams:
    cart: CartClient
    catalog: CatalogClient
    warehouse: WarehouseClient
    payment: PaymentClient
    address: AddressClient
    logistic: LogisticClient

    async def aclose(self) -> None:
        for client in (
            self.cart,
            self.catalog,
            self.warehouse,
            self.payment,
            self.address,
            self.logistic,
        ):
            await client.http.aclose()


def build_upstreams(
    urls: Mapping[str, str],
    *,
    internal_api_key: str,
    timeout: float,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
) -> Upstreams:
    """Clients of every upstream at ``urls[name]`` (a transport of ``transports`` if given)."""
    transports = transports or {}

    def client(name: str) -> ServiceClient:
        return ServiceClient(
            urls[name],
            internal_api_key=internal_api_key,
            name=name,
            timeout=timeout,
            transport=transports.get(name),
        )

    return Upstreams(
        cart=CartClient(client("cart")),
        catalog=CatalogClient(client("product")),
        warehouse=WarehouseClient(client("warehouse")),
        payment=PaymentClient(client("payment")),
        address=AddressClient(client("address")),
        logistic=LogisticClient(client("logistic")),
    )
