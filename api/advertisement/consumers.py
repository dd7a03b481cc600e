"""The events the advertisement service consumes, in an explicit ``{event_type: handler}`` table:
sellers' standing (suspended sellers' campaigns stop serving at once: serving joins on it),
products (ownership and names), and credits of seller wallets, which collect outstanding ad
charges (the wallet's debit key makes a redelivered credit collect nothing twice)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from api.advertisement.service import charges, readmodels
from api.advertisement.settings import get_settings
from api.advertisement.upstream import WalletClient
from api.events import Event
from api.events.product import ProductCreated, ProductDeleted, ProductUpdated
from api.events.seller import SellerReinstated, SellerSuspended, SellerVerified
from api.events.wallet import WalletCredited
from api.kit.consumer import Handler
from api.kit.db import make_session_factory
from api.kit.uow import UnitOfWork, UnitOfWorkFactory


async def on_seller_verified(event: Event[Any], uow: UnitOfWork) -> None:
    seller: SellerVerified = event.payload
    await readmodels.seller_status(
        uow, seller_id=seller.user_id, status="active", at=seller.verified_at
    )


async def on_seller_suspended(event: Event[Any], uow: UnitOfWork) -> None:
    seller: SellerSuspended = event.payload
    await readmodels.seller_status(
        uow, seller_id=seller.user_id, status="suspended", at=seller.suspended_at
    )


async def on_seller_reinstated(event: Event[Any], uow: UnitOfWork) -> None:
    seller: SellerReinstated = event.payload
    await readmodels.seller_status(
        uow, seller_id=seller.user_id, status="active", at=seller.reinstated_at
    )


async def on_product_changed(event: Event[Any], uow: UnitOfWork) -> None:
    product: ProductCreated | ProductUpdated = event.payload
    at = product.created_at if isinstance(product, ProductCreated) else product.updated_at
    await readmodels.product(
        uow,
        product_id=product.product_id,
        seller_id=product.seller_id,
        name=product.name,
        category_id=product.category_id,
        deleted=False,
        at=at,
    )


async def on_product_deleted(event: Event[Any], uow: UnitOfWork) -> None:
    product: ProductDeleted = event.payload
    await readmodels.product_deleted(uow, product_id=product.product_id, at=product.deleted_at)


def default_wallet() -> WalletClient:
    """A client of the configured wallet service."""
    settings = get_settings()
    return WalletClient(
        settings.wallet_service_url,
        internal_api_key=settings.internal_api_key.get_secret_value(),
        timeout=settings.upstream_timeout_seconds,
    )


def collecting(wallet_client: Callable[[], WalletClient]) -> Handler:
    """The ``wallet.credited`` handler, with its wallet client (a test's runs in-process)."""

    async def on_wallet_credited(event: Event[Any], uow: UnitOfWork) -> None:
        """Money reached a seller wallet: collect what its campaigns owe (in transactions of
        their own: the wallet call must not hold the inbox transaction's locks)."""
        credit: WalletCredited = event.payload
        if credit.owner_type != "seller":
            return
        settings = get_settings()
        engine = uow.session.bind
        assert isinstance(engine, AsyncEngine)
        uows = UnitOfWorkFactory(make_session_factory(engine), producer=settings.service_name)
        wallet = wallet_client()
        try:
            await charges.collect(uows, wallet, seller_id=credit.user_id, now=settings.now())
        finally:
            await wallet.aclose()

    return on_wallet_credited


def handlers(wallet_client: Callable[[], WalletClient] = default_wallet) -> dict[str, Handler]:
    """The handler table (``wallet_client`` makes the client collections debit through)."""
    return {
        "seller.verified": on_seller_verified,
        "seller.suspended": on_seller_suspended,
        "seller.reinstated": on_seller_reinstated,
        "product.created": on_product_changed,
        "product.updated": on_product_changed,
        "product.deleted": on_product_deleted,
        "wallet.credited": collecting(wallet_client),
    }


HANDLERS: dict[str, Handler] = handlers()
