"""Typed dependency aliases every service's routes use (``Uow``, ``Settings``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, Request

from api.kit.lean import lean_form
from api.kit.settings import ServiceSettings
from api.kit.uow import UnitOfWork


async def unit_of_work(request: Request) -> AsyncIterator[UnitOfWork]:
    """A unit of work for the request; the route commits it, anything else rolls back."""
    async with request.app.state.uow_factory() as uow:
        yield uow


def service_settings(request: Request) -> ServiceSettings:
    """The settings the app was built with."""
    settings: ServiceSettings = request.app.state.settings
    return settings


def app_state(name: str) -> Callable[[Request], Awaitable[Any]]:
    """A dependency answering ``request.app.state.<name>`` (a client, policy or settings object the
    app factory put there); annotate the parameter with its type::

        Courier = Annotated[BiteshipClient, Depends(app_state("biteship"))]

    It is a coroutine although it does no I/O: FastAPI runs a plain function dependency in a
    worker thread, a thread hop per dependency per request for an attribute read.
    """

    async def dependency(request: Request) -> Any:
        return getattr(request.app.state, name)

    dependency.__name__ = f"app_state_{name}"
    return lean_form(dependency)(dependency)  # it needs nothing but the request


Uow = Annotated[UnitOfWork, Depends(unit_of_work)]
Settings = Annotated[ServiceSettings, Depends(service_settings)]
