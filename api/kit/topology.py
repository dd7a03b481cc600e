"""The runtime topology of DESIGN §2: every part, its port and its database.

One table that the settings, the local stack, the supervisor and the gateway read, so a port or a
database name is written down exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ServiceSpec:
    """A transactional service: its HTTP port, its own database and the topic it produces."""

    name: str
    port: int
    database: str
    topic: str


SERVICES: dict[str, ServiceSpec] = {
    spec.name: spec
    for spec in (
        ServiceSpec("auth", 3001, "auth_db", "user.events"),
        ServiceSpec("product", 3002, "product_db", "product.events"),
        ServiceSpec("cart", 3003, "cart_db", "cart.events"),
        ServiceSpec("supplier", 3004, "supplier_db", "supplier.events"),
        ServiceSpec("brand", 3005, "brand_db", "brand.events"),
        ServiceSpec("order", 3006, "order_db", "order.events"),
        ServiceSpec("payment", 3007, "payment_db", "payment.events"),
        ServiceSpec("notification", 3008, "notification_db", "notification.events"),
        ServiceSpec("logistic", 3009, "logistics_db", "shipment.events"),
        ServiceSpec("address", 3010, "address_db", "address.events"),
        ServiceSpec("wallet", 3011, "wallet_db", "wallet.events"),
        ServiceSpec("warehouse", 3012, "warehouse_db", "inventory.events"),
        ServiceSpec("advertisement", 3013, "advert_db", "ad.events"),
        ServiceSpec("support", 3014, "support_db", "ticket.events"),
        ServiceSpec("seller", 3015, "seller_db", "seller.events"),
        ServiceSpec("review", 3016, "review_db", "review.events"),
    )
}

GATEWAY_PORT = 3000
DAGSTER_UI_PORT = 3070
DBT_DOCS_PORT = 3080
XENDIT_SANDBOX_PORT = 3090
BITESHIP_SANDBOX_PORT = 3091
MESSAGES_SANDBOX_PORT = 3092
MESSAGES_SANDBOX_SMTP_PORT = 3025
# How long our HTTP servers keep an idle keep-alive connection open. Longer than any of our
# clients keeps one (httpx: 5 s): were both 5 s, a client could send a request on a connection
# at the instant the server closes it, and a POST lost that way is a 502 nobody may retry.
SERVER_KEEP_ALIVE_SECONDS = 30

ANALYTICS_DATABASE = "analytics_db"
DAGSTER_DATABASE = "dagster_db"

# Every database the local stack creates: one per service plus the data platform's two.
ALL_DATABASES: tuple[str, ...] = (
    *(spec.database for spec in SERVICES.values()),
    ANALYTICS_DATABASE,
    DAGSTER_DATABASE,
)

_API_DIR = Path(__file__).resolve().parents[1]


def _has_module(service: str, module: str) -> bool:
    package = _API_DIR / service
    return (package / f"{module}.py").is_file() or (package / module / "__init__.py").is_file()


def served_services() -> list[str]:
    """Services built so far that serve HTTP (``api/<service>/app.py``), in DESIGN §2's order."""
    return [name for name in SERVICES if _has_module(name, "app")]


def worker_services() -> list[str]:
    """Services built so far with consumers or periodic jobs (a worker has work to do)."""
    return [
        name for name in SERVICES if _has_module(name, "consumers") or _has_module(name, "jobs")
    ]
