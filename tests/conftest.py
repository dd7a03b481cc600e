"""Session-wide fixtures: the real stack (PostgreSQL + Kafka) every test tier runs against.

The stack comes from ``lakoo.runtime.stack.up()`` — embedded servers under ``.lakoo/`` — unless
``LAKOO_POSTGRES_URL`` / ``KAFKA_BOOTSTRAP_SERVERS`` point at running ones. Tests never share
data: each gets fresh databases and unique topic names.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from lakoo.runtime.secrets import generate as generate_secrets

# fixtures shared by several tiers' conftests (pytest only takes plugins from the root one)
pytest_plugins = ("tests.support.product_app",)

os.environ.setdefault("LAKOO_ENV", "test")
os.environ.setdefault("LAKOO_LOG_JSON", "false")
# No secret has a default (DESIGN §3): the session makes its own, inherited by every process a
# test starts (services, the gateway, the sandboxes, the e2e platform).
for _name, _value in generate_secrets().items():
    os.environ.setdefault(_name, _value)


@pytest.fixture(scope="session")
def stack() -> Iterator[object]:
    """The running stack (started once per test session if it is not up yet)."""
    from lakoo.runtime import stack as local_stack

    yield local_stack.up()


@pytest.fixture(scope="session")
def postgres_url(stack: object) -> str:
    return stack.postgres_url  # type: ignore[attr-defined, no-any-return]


@pytest.fixture(scope="session")
def kafka_bootstrap(stack: object) -> str:
    return stack.kafka_bootstrap  # type: ignore[attr-defined, no-any-return]


@pytest.fixture
def fresh_database(postgres_url: str) -> Iterator[str]:
    """An empty database of the test's own, dropped afterwards."""
    from tests.support.databases import create_database, drop_database

    url = create_database(postgres_url)
    yield url
    drop_database(postgres_url, url)


@pytest.fixture
def kit_database(fresh_database: str) -> str:
    """A fresh database with the kit's outbox and inbox installed."""
    from tests.support.databases import install_kit

    install_kit(fresh_database)
    return fresh_database
