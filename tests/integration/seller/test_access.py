"""Who may call what: a seller sees only its own shop; admins decide; the gateway vouches."""

from __future__ import annotations

from uuid import uuid4

from api.kit.auth import Role
from tests.integration.seller.conftest import (
    ADMIN,
    INTERNAL,
    Platform,
    applied,
    seller_headers,
    verified,
)
from tests.support.services import as_user


async def test_forged_identity_headers_are_refused(p: Platform) -> None:
    user_id = await verified(p)
    forged = {"x-user-id": str(user_id), "x-user-role": "seller", "x-gateway-key": "guess"}
    for path in ("/api/sellers/me", "/api/sellers/me/dashboard", f"/api/sellers/{user_id}"):
        response = await p.seller.get(path, headers=forged)
        assert response.status_code == 401, path
    no_key = {"x-user-id": str(user_id), "x-user-role": "admin"}
    response = await p.seller.post(
        f"/api/sellers/{user_id}/suspend", json={"reason": "xyz"}, headers=no_key
    )
    assert response.status_code == 401


async def test_a_seller_cannot_see_another_sellers_shop(p: Platform) -> None:
    mine, theirs = await verified(p), await verified(p)
    for path in (f"/api/sellers/{theirs}", f"/api/sellers/{theirs}/commission-history"):
        response = await p.seller.get(path, headers=seller_headers(mine))
        assert response.status_code == 404, path
    own = await p.seller.get(f"/api/sellers/{mine}", headers=seller_headers(mine))
    assert own.status_code == 200
    # the dashboard and payouts are the caller's own: no route takes another shop's id
    board = await p.seller.get("/api/sellers/me/dashboard", headers=seller_headers(mine))
    assert board.status_code == 200


async def test_another_sellers_wallet_is_not_found(p: Platform) -> None:
    mine, theirs = await verified(p), await verified(p)
    theirs_wallet = await p.wallet.get(
        f"/internal/wallets/users/{theirs}", params={"owner_type": "seller"}, headers=INTERNAL
    )
    wallet_id = theirs_wallet.json()["id"]
    response = await p.wallet.get(f"/api/wallets/{wallet_id}", headers=seller_headers(mine))
    assert response.status_code == 404


async def test_only_admins_decide(p: Platform) -> None:
    pending = await applied(p)
    other = await verified(p)
    before = await p.counts()
    for headers in (
        as_user(Role.customer, pending),
        seller_headers(other),
        as_user(Role.support_agent),
    ):
        response = await p.seller.post(f"/api/sellers/{pending}/verify", json={}, headers=headers)
        assert response.status_code == 403
        response = await p.seller.put(
            f"/api/sellers/{other}/commission", json={"commission_rate_bps": 0}, headers=headers
        )
        assert response.status_code == 403
    assert await p.counts() == before


async def test_a_user_without_a_shop_has_none(p: Platform) -> None:
    response = await p.seller.get("/api/sellers/me", headers=as_user(user_id=uuid4()))
    assert response.status_code == 404
    board = await p.seller.get("/api/sellers/me/dashboard", headers=seller_headers(uuid4()))
    assert board.status_code == 404


async def test_a_pending_applicant_has_no_dashboard_or_payouts(p: Platform) -> None:
    pending = await applied(p)
    for path in ("/api/sellers/me/dashboard", "/api/sellers/me/payouts"):
        response = await p.seller.get(path, headers=as_user(Role.customer, pending))
        assert response.status_code == 403, path


async def test_internal_routes_need_the_internal_key(p: Platform) -> None:
    user_id = await verified(p)
    assert (await p.seller.get(f"/internal/sellers/{user_id}")).status_code == 401
    response = await p.seller.get(f"/internal/sellers/{user_id}", headers=INTERNAL)
    assert response.json()["pickup_postal_code"] == "10110"
    assert response.json()["status"] == "active"
    assert (await p.seller.get(f"/internal/sellers/{user_id}", headers=ADMIN)).status_code == 401
