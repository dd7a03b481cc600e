"""Who manages a house brand: asked of the brand service (``GET /api/brands/{id}`` names its
manager), so a brand manager replying for a brand is checked against the brand's own record."""

from __future__ import annotations

from uuid import UUID

from api.kit.client import ServiceClient
from api.kit.errors import UpstreamError


class BrandDirectory:
    """Reads brand managers from the brand service."""

    def __init__(self, client: ServiceClient) -> None:
        self._client = client

    async def manager_of(self, brand_id: UUID) -> UUID | None:
        """The user managing ``brand_id`` (None for an unknown brand or one without a manager)."""
        response = await self._client.get(f"/api/brands/{brand_id}")
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise UpstreamError(f"the brand service answered {response.status_code}")
        manager = response.json().get("manager_user_id")
        return UUID(manager) if manager else None

    async def aclose(self) -> None:
        await self._client.aclose()
