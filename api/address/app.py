"""The address app (port 3010, address_db): the factory on the service's settings."""

from __future__ import annotations

from fastapi import FastAPI

from api.address.settings import AddressSettings, get_settings
from api.kit.app import create_service_app


def create_app(settings: AddressSettings | None = None) -> FastAPI:
    """The address service's FastAPI app."""
    from api.address.routes import router

    return create_service_app(
        settings=settings or get_settings(),
        routers=[router],
        title="LAKOO address",
        description="Indonesian regions (Kemendagri codes, postal codes) and shipping addresses.",
    )
