"""Fixtures of the cart tests: the real cart, product and warehouse apps in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.integration.order.harness import Market, market


@pytest.fixture
async def shop(postgres_url: str) -> AsyncIterator[Market]:
    async with market(postgres_url, only=("product", "warehouse", "cart")) as running:
        yield running
