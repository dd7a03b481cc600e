"""Races: one user's applications at once make one shop; one shop's verifications at once
verify it once (one event, one role change)."""

from __future__ import annotations

import asyncio

from tests.integration.seller.conftest import (
    ADMIN,
    Platform,
    application,
    applied,
    registered_user,
    upload,
)
from tests.support.services import as_user


async def test_concurrent_applications_of_one_user_make_one_shop(p: Platform) -> None:
    user_id = await registered_user(p)
    responses = await asyncio.gather(
        *(
            p.seller.post("/api/sellers", json=application(), headers=as_user(user_id=user_id))
            for _ in range(8)
        )
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * 7, [r.text for r in responses]
    assert await p.scalar("seller", "SELECT count(*) FROM sellers WHERE id = :id", id=user_id) == 1
    assert len(await p.events("seller.registered", user_id)) == 1


async def test_concurrent_verifications_verify_once(p: Platform) -> None:
    user_id = await applied(p)
    assert (await upload(p, user_id, "ktp")).status_code == 201
    responses = await asyncio.gather(
        *(p.seller.post(f"/api/sellers/{user_id}/verify", json={}, headers=ADMIN) for _ in range(6))
    )
    assert sorted(r.status_code for r in responses) == [200] + [409] * 5
    assert len(await p.events("seller.verified", user_id)) == 1
    assert len(await p.events("seller.registered", user_id)) == 1
