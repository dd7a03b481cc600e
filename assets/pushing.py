"""Pushing mart rows back to a service through the kit's ``ServiceClient``, idempotently."""

from __future__ import annotations

import asyncio
from typing import Any

from api.kit.client import ServiceClient
from api.kit.errors import UpstreamError, UpstreamTimeout


def post_all(
    base_url: str, api_key: str, path: str, bodies: list[tuple[str, dict[str, Any]]], name: str
) -> dict[str, int | str]:
    """POST each ``(idempotency_key, body)``; return counts of answers by status class.

    A service that is installed but not running is reported, not raised: every push is
    idempotent by its key, so the next scheduled run delivers what this one could not.
    """

    async def send() -> dict[str, int | str]:
        client = ServiceClient(base_url, internal_api_key=api_key, name=name, retries=1)
        counts: dict[str, int | str] = {}
        try:
            for key, body in bodies:
                try:
                    response = await client.request("POST", path, json=body, idempotency_key=key)
                except (UpstreamError, UpstreamTimeout):
                    return {**counts, "status": "service unreachable"}
                label = f"{response.status_code // 100}xx"
                counts[label] = int(counts.get(label, 0)) + 1
        finally:
            await client.aclose()
        return counts

    return asyncio.run(send())


def put_all(
    base_url: str, api_key: str, path: str, body: dict[str, Any], name: str
) -> dict[str, int | str]:
    """PUT ``body`` (a replacement, idempotent by nature); the answer's status class counted."""

    async def send() -> dict[str, int | str]:
        client = ServiceClient(base_url, internal_api_key=api_key, name=name, retries=1)
        try:
            response = await client.request("PUT", path, json=body)
        except (UpstreamError, UpstreamTimeout):
            return {"status": "service unreachable"}
        finally:
            await client.aclose()
        return {f"{response.status_code // 100}xx": 1}

    return asyncio.run(send())
