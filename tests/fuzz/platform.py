"""Every built service in-process, on its own fresh migrated database, for the fuzzer.

The apps run on one event loop in a thread of their own (an anyio blocking portal) with their
real lifespans, so a synchronous Hypothesis test can call them: :meth:`FuzzPlatform.request`
hands a request to the loop and waits for the answer. Services that call others reach the real
in-process apps: every ``app.state.transports`` dict (the kit's convention for upstream
clients) is filled with an ASGI transport per service, and a service's seed module may wire
anything else in its ``configure`` hook (providers' sandboxes, clients of other names).

Events do not travel by Kafka here: :meth:`FuzzPlatform.deliver` hands every outbox event to
every service that handles its type, through the kit inbox, as the consumer runtime would.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal
from fastapi import FastAPI
from sqlalchemy import select

from api.events import Envelope, parse_event
from api.gateway.routing import built_services
from api.kit import inbox
from api.kit.db import make_async_engine, make_session_factory
from api.kit.tables import outbox
from api.kit.uow import UnitOfWorkFactory
from tests.support.databases import create_database, drop_database
from tests.support.outbox import envelope_of
from tests.support.services import migrated_database

API = Path(__file__).resolve().parents[2] / "api"


def service_base_url(service: str) -> str:
    """The made-up base URL a service is reached at inside the fuzz platform."""
    return f"http://{service}.fuzz"


@dataclass
class FuzzPlatform:
    """The running apps, a client and a unit-of-work factory per service, on one loop."""

    portal: BlockingPortal
    apps: dict[str, FastAPI]
    databases: dict[str, str]
    clients: dict[str, httpx.AsyncClient] = field(default_factory=dict)
    uows: dict[str, UnitOfWorkFactory] = field(default_factory=dict)
    # a service's handler table when a seed module builds it around in-process stand-ins
    handlers: dict[str, dict[str, Any]] = field(default_factory=dict)

    def transport(self, service: str) -> httpx.AsyncBaseTransport:
        """An ASGI transport to ``service``'s app (for clients other apps hold): a failure in
        the app is its 500 answer, as over HTTP, not an exception in the caller."""
        return httpx.ASGITransport(app=self.apps[service], raise_app_exceptions=False)

    def request(self, service: str, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """One request to ``service`` (``url`` relative to it), answered on the apps' loop."""
        client = self.clients[service]
        return self.portal.call(partial(client.request, method, url, **kwargs))

    def run(self, coroutine_function: Callable[..., Any], *args: Any) -> Any:
        """Run ``await coroutine_function(*args)`` on the apps' loop (seeds reading tables)."""
        return self.portal.call(coroutine_function, *args)

    def deliver(self) -> int:
        """Hand every service's outbox events to every service that handles them; how many."""
        return int(self.portal.call(self._deliver))

    async def _deliver(self) -> int:
        envelopes: list[Envelope] = []
        for source, uows in self.uows.items():
            async with uows() as uow:
                rows = (await uow.session.execute(select(outbox).order_by(outbox.c.id))).mappings()
                envelopes += [envelope_of(row, source) for row in rows]
        applied = 0
        for target in self.uows:
            handlers = self.handlers.get(target) or _handlers(target)
            for envelope in envelopes:
                if envelope.event_type not in handlers:
                    continue
                event = parse_event(envelope.model_dump_json())
                async with self.uows[target]() as uow:
                    claimed = await inbox.claim(
                        uow.session,
                        event_id=event.event_id,
                        consumer=target,
                        event_type=event.event_type,
                    )
                    if claimed:
                        await handlers[event.event_type](event, uow)
                        await uow.commit()
                        applied += 1
        return applied


def _handlers(service: str) -> dict[str, Any]:
    if not (API / service / "consumers.py").is_file():
        return {}
    handlers: dict[str, Any] = importlib.import_module(f"api.{service}.consumers").HANDLERS
    return handlers


def _app(service: str, database_url: str) -> FastAPI:
    module = importlib.import_module(f"api.{service}.app")
    settings = module.get_settings().model_copy(update={"database_url": database_url})
    app: FastAPI = module.create_app(settings=settings)
    return app


@contextmanager
def fuzz_platform(
    postgres_url: str, configure: Callable[[FuzzPlatform], None] | None = None
) -> Iterator[FuzzPlatform]:
    """Every built service up, wired and started; stopped and its databases dropped after.

    ``configure`` runs after the apps are built and before their lifespans start (where the
    seed modules' ``configure`` hooks put sandboxes and clients on ``app.state``).
    """
    services = sorted(built_services())
    databases: dict[str, str] = {}
    try:
        for service in services:
            databases[service] = migrated_database(service, create_database(postgres_url, "fz"))
        apps = {service: _app(service, databases[service]) for service in services}
        with ExitStack() as stack:
            portal = stack.enter_context(start_blocking_portal())
            platform = FuzzPlatform(portal=portal, apps=apps, databases=databases)
            for app in apps.values():
                transports = getattr(app.state, "transports", None)
                if isinstance(transports, dict):
                    transports.update({name: platform.transport(name) for name in apps})
            if configure is not None:
                configure(platform)
            for service, app in apps.items():
                lifespan = app.router.lifespan_context(app)
                stack.enter_context(portal.wrap_async_context_manager(lifespan))
                # the fuzzer's own client sees an app's unexpected exception, traceback and all
                client = httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app), base_url=service_base_url(service)
                )
                platform.clients[service] = client
                stack.callback(portal.call, client.aclose)
                if service not in databases:
                    continue  # a provider's sandbox a seed module added: no database
                engine = make_async_engine(databases[service], pool_size=2)
                stack.callback(portal.call, engine.dispose)
                platform.uows[service] = UnitOfWorkFactory(
                    make_session_factory(engine), producer=service
                )
            yield platform
    finally:
        for url in databases.values():
            drop_database(postgres_url, url)
