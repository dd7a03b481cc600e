"""A user applies, uploads documents, and an admin verifies, rejects, suspends, reinstates."""

from __future__ import annotations

from uuid import uuid4

from api.kit.auth import Role
from tests.integration.seller.conftest import (
    ADMIN,
    Platform,
    application,
    applied,
    registered_user,
    seller_headers,
    upload,
    verified,
)
from tests.support.services import as_user


async def test_application_is_pending_with_its_validated_pickup_address(p: Platform) -> None:
    user_id = await registered_user(p)
    body = application(shop_name=f"Batik Bu Siti & Anak {user_id.hex[:4]}")
    response = await p.seller.post("/api/sellers", json=body, headers=as_user(user_id=user_id))
    assert response.status_code == 201, response.text
    shop = response.json()
    assert shop["id"] == str(user_id)
    assert shop["status"] == "pending"
    assert shop["shop_slug"] == f"batik-bu-siti-anak-{user_id.hex[:4]}"
    assert shop["number"].startswith("SLR-")
    # the address service resolved the village: names filled in, phone in E.164
    assert shop["pickup_address"]["city"].upper().endswith("JAKARTA PUSAT")
    assert shop["pickup_address"]["phone"] == "+6281234567890"
    assert [e["shop_slug"] for e in await p.events("seller.registered", user_id)] == [
        shop["shop_slug"]
    ]
    mine = await p.seller.get("/api/sellers/me", headers=as_user(user_id=user_id))
    assert mine.json()["shop_slug"] == shop["shop_slug"]


async def test_verification_makes_the_user_a_seller_in_auth(p: Platform) -> None:
    user_id = await applied(p)
    assert (await upload(p, user_id, "ktp")).status_code == 201
    response = await p.seller.post(
        f"/api/sellers/{user_id}/verify", json={"commission_rate_bps": 250}, headers=ADMIN
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "active"
    assert response.json()["commission_rate_bps"] == 250
    assert await p.scalar("auth", "SELECT role FROM users WHERE id = :id", id=user_id) == "seller"
    (event,) = await p.events("seller.verified", user_id)
    assert event["commission_rate_bps"] == 250 and event["seller_id"] == str(user_id)
    history = await p.seller.get(
        f"/api/sellers/{user_id}/commission-history", headers=seller_headers(user_id)
    )
    assert [h["rate_bps"] for h in history.json()] == [250]


async def test_verifying_twice_is_a_conflict_and_auth_hears_once(p: Platform) -> None:
    user_id = await verified(p)
    again = await p.seller.post(f"/api/sellers/{user_id}/verify", json={}, headers=ADMIN)
    assert again.status_code == 409
    role_changes = await p.scalar(
        "auth",
        "SELECT count(*) FROM outbox WHERE event_type = 'user.role_changed' AND aggregate_id = :id",
        id=str(user_id),
    )
    assert role_changes == 1


async def test_a_company_needs_nib_and_npwp_before_verification(p: Platform) -> None:
    user_id = await applied(p, business_type="company", legal_name="PT Batik Nusantara")
    assert (await upload(p, user_id, "nib")).status_code == 201
    before = await p.counts()
    refused = await p.seller.post(f"/api/sellers/{user_id}/verify", json={}, headers=ADMIN)
    assert refused.status_code == 409
    assert refused.json()["missing"] == ["npwp"]
    assert await p.counts() == before
    assert await p.scalar("auth", "SELECT role FROM users WHERE id = :id", id=user_id) == (
        "customer"
    )
    assert (await upload(p, user_id, "npwp")).status_code == 201
    ok = await p.seller.post(f"/api/sellers/{user_id}/verify", json={}, headers=ADMIN)
    assert ok.status_code == 200, ok.text


async def test_a_rejected_applicant_may_apply_again(p: Platform) -> None:
    user_id = await applied(p)
    rejected = await p.seller.post(
        f"/api/sellers/{user_id}/reject", json={"reason": "KTP unreadable"}, headers=ADMIN
    )
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["status_reason"] == "KTP unreadable"
    again = await p.seller.post(
        "/api/sellers", json=application(), headers=as_user(user_id=user_id)
    )
    assert again.status_code == 201
    assert again.json()["status"] == "pending"
    assert again.json()["number"] == rejected.json()["number"]
    assert len(await p.events("seller.registered", user_id)) == 2


async def test_applying_twice_is_a_conflict(p: Platform) -> None:
    user_id = await applied(p)
    before = await p.counts()
    again = await p.seller.post(
        "/api/sellers", json=application(), headers=as_user(user_id=user_id)
    )
    assert again.status_code == 409
    assert again.json()["type"].endswith("already-applied")
    assert await p.counts() == before


async def test_a_taken_shop_name_gets_a_slug_of_its_own(p: Platform) -> None:
    name = f"Toko Sama {uuid4().hex[:6]}"
    first = await applied(p, shop_name=name)
    second = await applied(p, shop_name=name)
    slugs = [
        (await p.seller.get("/api/sellers/me", headers=as_user(user_id=u))).json()["shop_slug"]
        for u in (first, second)
    ]
    assert slugs[0] == f"toko-sama-{name[-6:]}"
    assert slugs[1].startswith(f"{slugs[0]}-")


async def test_suspend_and_reinstate(p: Platform) -> None:
    user_id = await verified(p)
    suspended = await p.seller.post(
        f"/api/sellers/{user_id}/suspend", json={"reason": "counterfeit goods"}, headers=ADMIN
    )
    assert suspended.json()["status"] == "suspended"
    shop = await p.seller.get(f"/api/sellers/shops/{suspended.json()['shop_slug']}")
    assert shop.status_code == 404  # a suspended shop has no public page
    reinstated = await p.seller.post(f"/api/sellers/{user_id}/reinstate", headers=ADMIN)
    assert reinstated.json()["status"] == "active"
    shop = await p.seller.get(f"/api/sellers/shops/{suspended.json()['shop_slug']}")
    assert shop.status_code == 200 and "legal_name" not in shop.json()
    types = await p.event_types(user_id)
    assert types[-2:] == ["seller.suspended", "seller.reinstated"]


async def test_illegal_transitions_are_conflicts_with_nothing_written(p: Platform) -> None:
    pending = await applied(p)
    before = await p.counts()
    for action, body in (("suspend", {"reason": "why not"}), ("reinstate", None)):
        response = await p.seller.post(f"/api/sellers/{pending}/{action}", json=body, headers=ADMIN)
        assert response.status_code == 409, action
    assert await p.counts() == before
    unknown = await p.seller.post(f"/api/sellers/{uuid4()}/verify", json={}, headers=ADMIN)
    assert unknown.status_code == 404


async def test_a_commission_change_applies_from_next_week(p: Platform) -> None:
    user_id = await verified(p)
    response = await p.seller.put(
        f"/api/sellers/{user_id}/commission", json={"commission_rate_bps": 500}, headers=ADMIN
    )
    assert response.status_code == 200
    (event,) = await p.events("seller.commission_changed", user_id)
    assert (event["previous_rate_bps"], event["commission_rate_bps"]) == (0, 500)
    history = (
        await p.seller.get(f"/api/sellers/{user_id}/commission-history", headers=ADMIN)
    ).json()
    assert history[0]["rate_bps"] == 500
    assert history[0]["effective_from"] > history[1]["effective_from"]
    # the same rate again announces nothing
    await p.seller.put(
        f"/api/sellers/{user_id}/commission", json={"commission_rate_bps": 500}, headers=ADMIN
    )
    assert len(await p.events("seller.commission_changed", user_id)) == 1


async def test_admins_list_the_review_queue(p: Platform) -> None:
    pending = await applied(p)
    active = await verified(p)
    queue = await p.seller.get(
        "/api/sellers", params={"status": "pending", "page_size": 100}, headers=ADMIN
    )
    ids = [s["id"] for s in queue.json()["items"]]
    assert str(pending) in ids and str(active) not in ids
    forbidden = await p.seller.get("/api/sellers", headers=as_user(Role.seller, active))
    assert forbidden.status_code == 403
