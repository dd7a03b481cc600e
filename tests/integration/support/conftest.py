"""Fixtures of the support tests: the app on a fresh database (see ``harness.py``)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.integration.support.harness import Desk, desk


@pytest.fixture
async def support(postgres_url: str) -> AsyncIterator[Desk]:
    async with desk(postgres_url) as running:
        yield running
