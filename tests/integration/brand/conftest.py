"""Fixtures of the catalogue tests: both apps on fresh databases."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.integration.product.harness import Catalogue, catalogue


@pytest.fixture
async def cat(postgres_url: str, kafka_bootstrap: str) -> AsyncIterator[Catalogue]:
    async with catalogue(postgres_url, kafka_bootstrap) as running:
        yield running
