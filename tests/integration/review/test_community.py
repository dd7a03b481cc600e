"""Votes (one per user, changeable, never on one's own), reports (three send a review back to
moderation) and the one public reply of the product's seller or its house brand."""

from __future__ import annotations

from uuid import UUID, uuid4

from api.kit.auth import Role
from tests.integration.review.harness import Reviews
from tests.support.services import as_user


async def test_voting_on_ones_own_review_is_403_and_votes_can_change(review: Reviews) -> None:
    bought = await review.bought()
    created = await review.approved(bought)
    path = f"/api/reviews/{created['id']}/votes"
    before = review.counts()
    r = await review.client.post(path, headers=bought.headers, json={"helpful": True})
    assert r.status_code == 403 and r.json()["type"].endswith("/own-review")
    assert review.counts() == before
    voter = as_user(Role.customer)
    r = await review.client.post(path, headers=voter, json={"helpful": True})
    assert r.json() == {
        "review_id": created["id"],
        "helpful": True,
        "helpful_count": 1,
        "unhelpful_count": 0,
    }
    r = await review.client.post(path, headers=voter, json={"helpful": False})
    assert (r.json()["helpful_count"], r.json()["unhelpful_count"]) == (0, 1)
    await review.client.post(path, headers=as_user(Role.seller), json={"helpful": True})
    assert review.count("review_votes") == 2
    helpful_first = (
        await review.client.get(
            "/api/reviews", params={"product_id": str(bought.product_id), "sort": "helpful"}
        )
    ).json()
    assert helpful_first["items"][0]["helpful_count"] == 1


async def test_three_reports_flag_a_review_back_to_moderation(review: Reviews) -> None:
    seller = uuid4()
    bought = await review.bought(seller_id=seller)
    other = await review.bought(seller_id=seller, product_id=bought.product_id)
    await review.approved(other, rating=3)
    created = await review.approved(bought, rating=5, text="Mantap, asli original")
    path = f"/api/reviews/{created['id']}/reports"
    r = await review.client.post(path, headers=bought.headers, json={"reason": "spam"})
    assert r.status_code == 403
    reporters = [as_user(Role.customer) for _ in range(3)]
    r = await review.client.post(path, headers=reporters[0], json={"reason": "fake"})
    assert r.status_code == 201 and r.json()["status"] == "approved"
    r = await review.client.post(path, headers=reporters[0], json={"reason": "fake"})
    assert r.status_code == 409
    await review.client.post(path, headers=reporters[1], json={"reason": "spam"})
    assert review.events("review.flagged") == []
    r = await review.client.post(path, headers=reporters[2], json={"reason": "fake", "note": "bot"})
    assert r.status_code == 201 and r.json()["status"] == "pending"
    (flagged,) = review.events("review.flagged")
    assert (flagged["reason"], flagged["report_count"], flagged["flagged_by"]) == ("fake", 3, None)
    assert flagged["summary"]["count"] == 1 and flagged["summary"]["average"] == 3.0
    assert flagged["seller_summary"]["count"] == 1
    # out of public view: a fourth report finds nothing; the moderator sees why it is back
    r = await review.client.post(path, headers=as_user(Role.customer), json={"reason": "spam"})
    assert r.status_code == 404
    queue = (await review.client.get("/api/reviews/moderation/queue", headers=review.admin)).json()
    assert queue["items"][0]["moderation_reasons"] == ["reports"]
    r = await review.client.post(
        f"/api/reviews/{created['id']}/moderate", headers=review.admin, json={"decision": "approve"}
    )
    assert r.status_code == 200
    # the decision weighed those reports: it takes three new ones to flag it again
    r = await review.client.post(path, headers=as_user(Role.customer), json={"reason": "spam"})
    assert r.status_code == 201 and r.json()["status"] == "approved"


async def _house_brand(review: Reviews) -> UUID:
    brands = (await review.brand.get("/api/brands", params={"page_size": 50})).json()["items"]
    return UUID(brands[0]["id"])


async def test_one_public_reply_by_the_seller_or_the_house_brands_manager(review: Reviews) -> None:
    seller = uuid4()
    seller_item = await review.bought(seller_id=seller)
    seller_review = await review.approved(seller_item)
    path = f"/api/reviews/{seller_review['id']}/reply"
    for headers in (as_user(Role.seller), as_user(Role.customer), as_user(Role.brand_manager)):
        r = await review.client.post(path, headers=headers, json={"text": "Terima kasih!"})
        assert r.status_code == 403
    r = await review.client.post(
        path, headers=as_user(Role.seller, seller), json={"text": "Hubungi kami di 081234567890"}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "text"
    r = await review.client.post(
        path, headers=as_user(Role.seller, seller), json={"text": "Terima kasih, Kak!"}
    )
    assert r.status_code == 201 and r.json()["author_kind"] == "seller"
    r = await review.client.post(path, headers=as_user(Role.seller, seller), json={"text": "Lagi"})
    assert r.status_code == 409

    brand_id = await _house_brand(review)
    manager = uuid4()
    r = await review.brand.put(
        f"/api/brands/{brand_id}/manager",
        headers=review.admin,
        json={"manager_user_id": str(manager)},
    )
    assert r.status_code == 200
    house_item = await review.bought(brand_id=brand_id)
    house_review = await review.approved(house_item)
    path = f"/api/reviews/{house_review['id']}/reply"
    r = await review.client.post(
        path, headers=as_user(Role.brand_manager), json={"text": "Terima kasih"}
    )
    assert r.status_code == 403  # a manager of no brand, or another one
    r = await review.client.post(
        path,
        headers=as_user(Role.brand_manager, manager),
        json={"text": "Terima kasih sudah belanja"},
    )
    assert r.status_code == 201 and r.json()["author_kind"] == "brand"
    shown = (await review.client.get(f"/api/reviews/{house_review['id']}")).json()
    assert shown["reply"]["text"] == "Terima kasih sudah belanja"
    kinds = [e["reply_author_kind"] for e in review.events("review.replied")]
    assert kinds == ["seller", "brand"]
