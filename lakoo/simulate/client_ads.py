"""Advertisers' and shoppers' ad calls: campaigns, their review and performance, sponsored
placements and clicks."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from lakoo.simulate.http import Gateway, User, expect


class AdCalls(Gateway):
    # --- ads --------------------------------------------------------------------------------

    async def create_campaign(
        self, seller: User, body: dict[str, Any], *, wait: float = 60.0
    ) -> dict[str, Any]:
        """``POST /api/ads/campaigns``; waits while the ad service has not learnt the seller's
        verification or the product yet (403 / 422 on ``product_ids``: events on their way)."""
        deadline = time.monotonic() + wait
        while True:
            response = await self.http.post(
                self.url("/api/ads/campaigns"), headers=seller.headers, json=body
            )
            learning = response.status_code == 403 or (
                response.status_code == 422 and "product_ids" in response.text
            )
            if learning and time.monotonic() < deadline:
                await asyncio.sleep(0.5)
                continue
            return dict(expect(response, 201))

    async def review_campaign(
        self, admin: User, campaign_id: str, *, approve: bool, reason: str = ""
    ) -> dict[str, Any]:
        """The admin approves a campaign under review, or rejects it with a reason."""
        if approve:
            path, body = f"/api/ads/campaigns/{campaign_id}/approve", {}
        else:
            path, body = f"/api/ads/campaigns/{campaign_id}/reject", {"reason": reason}
        return dict(await self.call("POST", path, admin, 200, json=body))

    async def campaigns(self, user: User, **params: Any) -> dict[str, Any]:
        return dict(await self.call("GET", "/api/ads/campaigns", user, 200, params=params))

    async def campaign_performance(self, user: User, campaign_id: str) -> dict[str, Any]:
        path = f"/api/ads/campaigns/{campaign_id}/performance"
        return dict(await self.call("GET", path, user, 200))

    async def placements(
        self, q: str, *, user: User | None = None, ip: str | None = None, limit: int = 3
    ) -> list[dict[str, Any]]:
        """Sponsored search results for ``q`` (each one an impression recorded)."""
        headers = {"X-Forwarded-For": ip} if ip else {}
        page = await self.call(
            "GET",
            "/api/ads/placements",
            user,
            200,
            params={"placement": "search", "q": q, "limit": limit},
            headers=headers,
        )
        return list(page["items"])

    async def click_ad(
        self, impression_id: str, *, user: User | None = None, ip: str | None = None
    ) -> dict[str, Any]:
        """``POST /api/ads/clicks``: ``{click_id, billable, flag_reason, target}``."""
        headers = {"X-Forwarded-For": ip} if ip else {}
        body = {"impression_id": impression_id}
        return dict(
            await self.call("POST", "/api/ads/clicks", user, 201, json=body, headers=headers)
        )
