"""The review service's app (port 3016, review_db): verified reviews, moderation, summaries."""

from __future__ import annotations

from fastapi import FastAPI

from api.kit.app import create_service_app
from api.kit.client import ServiceClient
from api.review.service.brands import BrandDirectory
from api.review.settings import ReviewSettings, get_settings

__all__ = ["create_app", "get_settings"]


async def _open(app: FastAPI) -> None:
    # Tests put an in-process transport to a real brand app on app.state.brand_transport.
    settings: ReviewSettings = app.state.settings
    app.state.media_storage = settings.make_storage()
    app.state.brands = BrandDirectory(
        ServiceClient(
            settings.brand_service_url,
            internal_api_key=settings.internal_api_key.get_secret_value(),
            name="brand",
            timeout=settings.upstream_timeout_seconds,
            transport=app.state.brand_transport,
        )
    )


async def _close(app: FastAPI) -> None:
    await app.state.brands.aclose()
    await app.state.media_storage.aclose()


def create_app(settings: ReviewSettings | None = None) -> FastAPI:
    """The review service's FastAPI app."""
    from api.review.routes import routers

    app = create_service_app(
        settings=settings or get_settings(),
        routers=routers,
        title="LAKOO review",
        description="Verified-purchase reviews, moderation, votes, replies, rating summaries.",
        on_startup=[_open],
        on_shutdown=[_close],
    )
    app.state.brand_transport = None
    return app
