"""The gateway's default upload routes: photos get the larger body limit, nothing else does."""

from __future__ import annotations

import pytest

from api.gateway.bodies import BodyLimits
from api.gateway.settings import GatewaySettings

UPLOADS = GatewaySettings.model_fields["upload_paths"].default
LIMITS = BodyLimits(default=1024, upload=8192, upload_paths=UPLOADS)


@pytest.mark.parametrize("path", ["/api/products/p-1/images", "/api/reviews/images"])
def test_photo_uploads_get_the_upload_limit(path: str) -> None:
    assert LIMITS.for_path(path) == 8192


@pytest.mark.parametrize(
    "path", ["/api/reviews", "/api/reviews/r-1/votes", "/api/reviews/images/x", "/api/products"]
)
def test_every_other_route_keeps_the_default_limit(path: str) -> None:
    assert LIMITS.for_path(path) == 1024
