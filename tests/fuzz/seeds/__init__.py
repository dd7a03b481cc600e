"""Seed hooks: what a service gives the fuzzer so its operations reach past "not found".

A service needs no hook to be fuzzed: every built service is, from its OpenAPI, as every
caller its routes admit. Without data, though, each ``/{id}`` is a random UUID and a 404; a
module ``tests/fuzz/seeds/<service>.py`` fixes that. Everything in it is optional:

    ORDER = 30        # seeds run in this order (lower first), after the ones they build on

    def configure(platform: FuzzPlatform, app: FastAPI) -> None:
        '''Before start-up: put in-process stand-ins on app.state (a provider's sandbox).'''

    def seed(fuzz: FuzzSeed) -> None:
        '''After start-up: make data through the API, and remember ids for the path
        parameters of the same name.'''
        product = fuzz.call("product", "POST", "/api/products", as_="seller", json={...})
        fuzz.remember("product_id", product["id"])

    def webhook_headers(app: FastAPI, body: bytes) -> dict[str, str]:
        '''The headers that make ``body`` a genuine webhook (a token, a signature).'''

Remembered values are shared by name across services (a ``variant_id`` of product is a
``variant_id`` of warehouse and cart too), and data is created as the run's users
(``fuzz.users``), the same identities the fuzzer calls with, so owned data is reachable.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from tests.fuzz.callers import Identities
from tests.fuzz.platform import FuzzPlatform

DEFAULT_ORDER = 50


def hooks() -> dict[str, ModuleType]:
    """Every seed module by service name (``tests/fuzz/seeds/<service>.py``)."""
    return {
        info.name: importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_")
    }


def hook(service: str, name: str) -> Any:
    """One hook function of a service (None when its module or the function is missing)."""
    module = hooks().get(service)
    return getattr(module, name, None) if module else None


@dataclass
class FuzzSeed:
    """What a seed hook works with: the platform, the run's users, the values it remembers."""

    platform: FuzzPlatform
    identities: Identities
    values: dict[str, list[str]] = field(default_factory=dict)
    logins: dict[str, tuple[str, str]] = field(default_factory=dict)  # role → (email, password)

    @property
    def users(self) -> Any:
        return self.identities.users

    def call(
        self,
        service: str,
        method: str,
        url: str,
        *,
        as_: str = "admin",
        expect: int | tuple[int, ...] = (200, 201),
        **kwargs: Any,
    ) -> Any:
        """One request as caller ``as_``; asserts the status, answers the JSON (or None)."""
        headers = {**self.identities.headers(as_), **kwargs.pop("headers", {})}
        response = self.platform.request(service, method, url, headers=headers, **kwargs)
        wanted = (expect,) if isinstance(expect, int) else expect
        assert response.status_code in wanted, f"{method} {url}: {response.text}"
        return response.json() if response.content else None

    def remember(self, name: str, *values: object) -> None:
        """Offer ``values`` for every path parameter called ``name``."""
        self.values.setdefault(name, []).extend(str(v) for v in values)

    def deliver(self) -> int:
        """Let the events so far reach the services that consume them."""
        return self.platform.deliver()


def run_seeds(platform: FuzzPlatform, identities: Identities) -> FuzzSeed:
    """Every built service's seed hook, in ``ORDER``; the values they remembered."""
    fuzz = FuzzSeed(platform=platform, identities=identities)
    modules = {s: m for s, m in hooks().items() if s in platform.apps and hasattr(m, "seed")}
    for service in sorted(modules, key=lambda s: (getattr(modules[s], "ORDER", DEFAULT_ORDER), s)):
        modules[service].seed(fuzz)
        fuzz.deliver()
    return fuzz
