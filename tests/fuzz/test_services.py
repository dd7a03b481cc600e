"""Property-based fuzzing of every built service's OpenAPI (DESIGN §5): no generated request
— valid, invalid, or aimed at seeded data — answers a 5xx, for any caller the route admits,
and every answer matches the schema the service documents.

Services are found on disk: a new service is fuzzed the day its package lands.
"""

from __future__ import annotations

import pytest

from api.gateway.routing import built_services
from tests.fuzz.conftest import Seeded
from tests.fuzz.runner import fuzz_service


@pytest.mark.parametrize("service", sorted(built_services()))
def test_no_request_reaches_a_server_error(seeded: Seeded, service: str) -> None:
    outcome = fuzz_service(seeded.platform, service, seeded.identities, seeded.values)
    print(
        f"\n{service}: {outcome.sent} requests; 2xx reached on {len(outcome.reached())} of "
        f"{len(outcome.statuses)} operations"
    )
    for operation, statuses in sorted(outcome.statuses.items()):
        print(f"  {operation}: {dict(sorted(statuses.items()))}")
    assert outcome.sent > 0
    assert not outcome.findings, f"{len(outcome.findings)} failing operations:\n\n" + "\n\n".join(
        str(f) for f in outcome.findings
    )
