"""The prefix table of DESIGN §5: which service owns ``/api/<prefix>/...``.

A prefix has two or three segments (``/webhooks/xendit`` → payment, but
``/webhooks/xendit/disbursement`` → wallet): the longest that matches wins. Resolution is at
most two dictionary lookups (three segments, then two), so it costs the same for every request
whatever the size of the table. Paths are resolved after ``api.gateway.paths`` normalised them.
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
    "/webhooks/xendit/disbursement": "wallet",  # DESIGN §10: longer than payment's prefix
    "/webhooks/messages": "notification",
}

API_DIR = Path(__file__).resolve().parents[1]


def built_services() -> frozenset[str]:
    """Services whose package exists (``api/<service>/app.py``); the rest answer 503."""
    return frozenset(name for name in SERVICES if (API_DIR / name / "app.py").is_file())


def candidate_prefixes(path: str) -> tuple[str, ...]:
    """The prefixes ``path`` could fall under, longest first (three segments, then two)."""
    parts = path.split("/", 4)
    if len(parts) < 3:
        return (path,)
    two = f"/{parts[1]}/{parts[2]}"
    if len(parts) < 4:
        return (two,)
    return (f"{two}/{parts[3]}", two)


def owner_of(path: str) -> str | None:
    """The service that owns ``path`` by the longest matching prefix (None: no service)."""
    for prefix in candidate_prefixes(path):
        if prefix in PREFIXES:
            return PREFIXES[prefix]
    return None


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
        """The route of ``path`` by its longest prefix, or None when no service owns it."""
        for prefix in candidate_prefixes(path):
            route = self._routes.get(prefix)
            if route is not None:
                return route
        return None
