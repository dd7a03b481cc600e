"""Fixtures of the support tests: the app on a fresh database (see ``harness.py``)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.integration.support.harness import Desk, desk


@pytest.fixture
async def support(postgres_url: str) -> AsyncIterator[Desk]:
    async with desk(postgres_url) as running:
        yield running


@pytest.fixture(scope="module")
async def shared_support(postgres_url: str) -> AsyncIterator[Desk]:
    """One desk for a module whose tests only read or refuse (bad-input tests count rows)."""
    async with desk(postgres_url) as running:
        yield running
