"""Fixtures of the review tests: the app on a fresh database per test, a real brand app per
module (see ``harness.py``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.integration.review.harness import BrandService, Reviews, brand_service, reviews


@pytest.fixture(scope="module")
async def brands(postgres_url: str) -> AsyncIterator[BrandService]:
    async with brand_service(postgres_url) as running:
        yield running


@pytest.fixture
async def review(postgres_url: str, tmp_path: Path, brands: BrandService) -> AsyncIterator[Reviews]:
    async with reviews(postgres_url, tmp_path / "media", brands) as running:
        yield running


@pytest.fixture(scope="module")
async def shared_review(
    postgres_url: str, tmp_path_factory: pytest.TempPathFactory, brands: BrandService
) -> AsyncIterator[Reviews]:
    """One review service for a module whose tests only read or refuse."""
    async with reviews(postgres_url, tmp_path_factory.mktemp("media"), brands) as running:
        yield running
