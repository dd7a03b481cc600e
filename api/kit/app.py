"""The app factory every service is built with: one shape, no I/O until the lifespan starts."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI

from api.kit.db import make_async_engine, make_session_factory
from api.kit.errors import install_error_handlers
from api.kit.health import router as health_router
from api.kit.logging import configure_logging
from api.kit.middleware import RequestIdMiddleware, WellFormedRequestMiddleware
from api.kit.responses import PROBLEM_RESPONSES, only_problem_json
from api.kit.settings import ServiceSettings
from api.kit.uow import UnitOfWorkFactory

Hook = Callable[[FastAPI], Awaitable[None]]


def create_service_app(
    *,
    settings: ServiceSettings,
    routers: Sequence[APIRouter],
    title: str | None = None,
    description: str = "",
    on_startup: Sequence[Hook] = (),
    on_shutdown: Sequence[Hook] = (),
    configure_logs: bool = True,
) -> FastAPI:
    """A service's FastAPI app: settings, database, unit of work, errors, health, routes.

    The engine is made in the lifespan, not here, so importing or building an app never touches
    the network. Services put their own clients (other services, providers) on ``app.state`` in
    an ``on_startup`` hook and close them in ``on_shutdown``.
    """
    name = settings.service_name

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if configure_logs:
            configure_logging(name, level=settings.log_level, json=settings.log_json)
        engine = make_async_engine(settings.resolved_database_url)
        app.state.engine = engine
        app.state.uow_factory = UnitOfWorkFactory(make_session_factory(engine), producer=name)
        try:
            for hook in on_startup:
                await hook(app)
            yield
        finally:
            for hook in on_shutdown:
                await hook(app)
            await engine.dispose()

    app = FastAPI(
        title=title or name,
        description=description,
        lifespan=lifespan,
        responses=PROBLEM_RESPONSES,  # errors are documented as the problem+json they are
    )
    generate_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        return only_problem_json(generate_openapi())

    app.openapi = openapi  # type: ignore[method-assign]
    app.state.settings = settings
    app.add_middleware(WellFormedRequestMiddleware)
    app.add_middleware(RequestIdMiddleware)  # outermost: even a 400 above carries the id
    install_error_handlers(app)
    app.include_router(health_router)
    for router in routers:
        app.include_router(router)
    return app
