"""The prefix table of DESIGN §5: which service owns ``/api/<prefix>/...``.

Resolution is one dictionary lookup on the first two path segments, so it costs the same for
every request whatever the size of the table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from api.kit.topology import SERVICES

PREFIXES: dict[str, str] = {
    "/api/auth": "auth",
    "/api/products": "product",
    "/api/categories": "product",
    "/api/cart": "cart",
    "/api/checkout": "order",  # DESIGN §6: checkout is the order service's saga
    "/api/suppliers": "supplier",
    "/api/brands": "brand",
    "/api/orders": "order",
    "/api/payments": "payment",
    "/api/refunds": "payment",
    "/api/notifications": "notification",
    "/api/shipments": "logistic",
    "/api/shipping": "logistic",
    "/api/addresses": "address",
    "/api/regions": "address",
    "/api/wallets": "wallet",
    "/api/inventory": "warehouse",
    "/api/grosir": "warehouse",
    "/api/purchase-orders": "warehouse",
    "/api/warehouse": "warehouse",
    "/api/ads": "advertisement",
    "/api/support": "support",
    "/api/sellers": "seller",
    "/api/reviews": "review",
    "/webhooks/xendit": "payment",
    "/webhooks/biteship": "logistic",
}

API_DIR = Path(__file__).resolve().parents[1]


def built_services() -> frozenset[str]:
    """Services whose package exists (``api/<service>/app.py``); the rest answer 503."""
    return frozenset(name for name in SERVICES if (API_DIR / name / "app.py").is_file())


def prefix_of(path: str) -> str:
    """``/api/auth/login`` → ``/api/auth`` (the first two segments)."""
    parts = path.split("/", 3)
    if len(parts) < 3:
        return path
    return f"/{parts[1]}/{parts[2]}"


@dataclass(frozen=True, slots=True)
class Route:
    """Where a request goes: the owning service, and whether it is built yet."""

    service: str
    built: bool


class RouteTable:
    """Resolves a request path to its upstream service."""

    def __init__(self, built: Iterable[str]) -> None:
        built_set = frozenset(built)
        self._routes = {
            prefix: Route(service, service in built_set) for prefix, service in PREFIXES.items()
        }
        self.built = built_set

    def resolve(self, path: str) -> Route | None:
        """The route of ``path``, or None when no service owns its prefix."""
        return self._routes.get(prefix_of(path))

    def prefixes_of(self, service: str) -> list[str]:
        """Every prefix a service owns (to pick its public paths out of its OpenAPI)."""
        return [prefix for prefix, owner in PREFIXES.items() if owner == service]
