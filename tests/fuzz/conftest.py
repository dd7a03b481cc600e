"""The fuzz layer's platform: every built service in-process, seeded once per session."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.fuzz.callers import Identities
from tests.fuzz.platform import FuzzPlatform, fuzz_platform
from tests.fuzz.seeds import hook, run_seeds


@dataclass
class Seeded:
    """The running platform, the run's users, and the ids the seeds remembered."""

    platform: FuzzPlatform
    identities: Identities
    values: dict[str, list[str]]
    logins: dict[str, tuple[str, str]]


def _configure(platform: FuzzPlatform) -> None:
    for service, app in list(platform.apps.items()):
        if (configure := hook(service, "configure")) is not None:
            configure(platform, app)


@pytest.fixture(scope="session")
def seeded(postgres_url: str) -> Iterator[Seeded]:
    # one line per request would drown a failure's report
    logging.getLogger("httpx").setLevel(logging.WARNING)
    with fuzz_platform(postgres_url, configure=_configure) as platform:
        identities = Identities.fresh()
        seeds = run_seeds(platform, identities)
        yield Seeded(platform, identities, seeds.values, seeds.logins)
