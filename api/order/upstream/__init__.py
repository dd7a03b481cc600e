"""The services the order saga calls, each behind a small typed client.

Routes and jobs reach them through :class:`Upstreams` (on ``app.state.upstreams``). Tests give
the app in-process transports (``app.state.transports[name]``) for the real apps, or for a
labelled fake of a service that does not exist yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from api.kit.client import service_clients
from api.order.upstream.commerce import CartClient, CatalogClient, WarehouseClient
from api.order.upstream.delivery import AddressClient, LogisticClient
from api.order.upstream.money import PaymentClient
from api.order.upstream.sold_out import SoldOut
from api.order.upstream.wallet import WalletClient

NAMES = ("cart", "product", "warehouse", "payment", "address", "logistic", "wallet")


@dataclass(frozen=True)
class Upstreams:
    cart: CartClient
    catalog: CatalogClient
    warehouse: WarehouseClient
    payment: PaymentClient
    address: AddressClient
    logistic: LogisticClient
    wallet: WalletClient

    async def aclose(self) -> None:
        for client in (
            self.cart,
            self.catalog,
            self.warehouse,
            self.payment,
            self.address,
            self.logistic,
            self.wallet,
        ):
            await client.http.aclose()


def build_upstreams(
    urls: Mapping[str, str],
    *,
    internal_api_key: str,
    timeout: float,
    reserve_timeout: float | None = None,
    sold_out_seconds: float = 0.0,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
) -> Upstreams:
    """Clients of every upstream at ``urls[name]`` (a transport of ``transports`` if given)."""
    clients = service_clients(
        urls, internal_api_key=internal_api_key, timeout=timeout, transports=transports
    )
    return Upstreams(
        cart=CartClient(clients["cart"]),
        catalog=CatalogClient(clients["product"]),
        warehouse=WarehouseClient(
            clients["warehouse"],
            reserve_timeout=reserve_timeout,
            sold_out=SoldOut(sold_out_seconds),
        ),
        payment=PaymentClient(clients["payment"]),
        address=AddressClient(clients["address"]),
        logistic=LogisticClient(clients["logistic"]),
        wallet=WalletClient(clients["wallet"]),
    )
