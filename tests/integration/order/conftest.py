"""Fixtures of the checkout tests: the whole in-process marketplace (see ``harness.py``)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.integration.order.harness import WITH_WALLET, Market, market


@pytest.fixture
async def shop(postgres_url: str) -> AsyncIterator[Market]:
    async with market(postgres_url) as running:
        yield running


@pytest.fixture
async def wallet_shop(postgres_url: str) -> AsyncIterator[Market]:
    """The marketplace with the real wallet service (checkouts paid with the wallet)."""
    async with market(postgres_url, only=WITH_WALLET) as running:
        yield running
