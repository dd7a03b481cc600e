"""Fixtures of the notification's integration tests: app ⇄ messaging sandbox, in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support.messaging import Messaging, messaging


@pytest.fixture
async def h(fresh_database: str) -> AsyncIterator[Messaging]:
    async with messaging(fresh_database) as harness:
        yield harness
