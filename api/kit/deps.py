"""Typed dependency aliases every service's routes use (``Uow``, ``Settings``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request

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


Uow = Annotated[UnitOfWork, Depends(unit_of_work)]
Settings = Annotated[ServiceSettings, Depends(service_settings)]
