"""Writing reviews: only a delivered purchase of one's own, once per item, clean text approved
at once, anything the filter catches waiting for a moderator; the rating is final."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from api.kit.auth import Role
from tests.integration.review.harness import Reviews
from tests.support.services import as_user


async def test_a_review_without_a_delivered_purchase_is_403_and_writes_nothing(
    review: Reviews,
) -> None:
    mine = await review.bought()
    undelivered = await review.bought(buyer=mine.buyer, deliver=False)
    before = review.counts()
    cases = [
        (as_user(Role.customer, mine.buyer), uuid4()),  # nothing bought
        (as_user(Role.customer), mine.order_item_id),  # someone else's purchase
        (as_user(Role.customer, mine.buyer), undelivered.order_item_id),  # not delivered yet
    ]
    for headers, item in cases:
        r = await review.client.post(
            "/api/reviews", headers=headers, json={"order_item_id": str(item), "rating": 4}
        )
        assert r.status_code == 403, r.text
        assert r.json()["type"].endswith("/not-a-verified-purchase")
    review.at(datetime.now(UTC) + timedelta(days=91))  # the 90 days have passed
    r = await review.review(mine)
    assert r.status_code == 403 and "90 days" in r.json()["detail"]
    assert review.counts() == before
    eligible = (await review.client.get("/api/reviews/eligible", headers=mine.headers)).json()
    assert eligible == []


async def test_the_second_review_of_an_item_is_409_even_when_sent_at_once(
    review: Reviews,
) -> None:
    bought = await review.bought()
    eligible = (await review.client.get("/api/reviews/eligible", headers=bought.headers)).json()
    assert [e["order_item_id"] for e in eligible] == [str(bought.order_item_id)]
    answers = await asyncio.gather(*(review.review(bought, rating=4) for _ in range(5)))
    assert sorted(r.status_code for r in answers) == [201, 409, 409, 409, 409]
    r = await review.review(bought, rating=1, text="Berubah pikiran")
    assert r.status_code == 409 and r.json()["type"].endswith("/already-reviewed")
    assert review.count("reviews") == 1
    assert (await review.client.get("/api/reviews/eligible", headers=bought.headers)).json() == []


async def test_a_clean_review_is_approved_at_once_and_counts_in_the_rating(
    review: Reviews,
) -> None:
    bought = await review.bought()
    created = await review.approved(bought, rating=4, text="Bahannya adem dan jahitannya rapi.")
    assert created["verified_purchase"] and created["size"] == "M"
    (event,) = review.events("review.created")
    assert event["status"] == "approved" and event["moderation_reasons"] == []
    (approved,) = review.events("review.approved")
    assert approved["approved_by"] is None
    assert approved["summary"] == {
        "count": 1,
        "rating_sum": 4,
        "average": 4.0,
        "bayesian_average": round((40 + 4) / 11, 4),
        "distribution": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0},
        "version": 1,
    }
    assert approved["seller_summary"] is None  # a house product
    summary = (await review.client.get(f"/api/reviews/products/{bought.product_id}/summary")).json()
    assert summary["count"] == 1 and summary["average"] == 4.0
    public = await review.client.get("/api/reviews", params={"product_id": str(bought.product_id)})
    assert [r["id"] for r in public.json()["items"]] == [created["id"]]


async def test_a_review_with_a_phone_number_waits_for_moderation(review: Reviews) -> None:
    seller = uuid4()
    bought = await review.bought(seller_id=seller)
    r = await review.review(bought, rating=2, text="Barang cacat. WA saya 0812-3456-7890 ya")
    assert r.status_code == 201
    pending = r.json()
    assert pending["status"] == "pending" and pending["moderation_reasons"] == ["phone_number"]
    assert review.events("review.approved") == [] and review.count("rating_summaries") == 0
    # hidden from everyone but its author and the moderators
    r = await review.client.get(f"/api/reviews/{pending['id']}")
    assert r.status_code == 404
    r = await review.client.post(
        f"/api/reviews/{pending['id']}/votes",
        headers=as_user(Role.customer),
        json={"helpful": True},
    )
    assert r.status_code == 404
    queue = (await review.client.get("/api/reviews/moderation/queue", headers=review.admin)).json()
    assert [q["id"] for q in queue["items"]] == [pending["id"]]
    r = await review.client.get("/api/reviews/moderation/queue", headers=bought.headers)
    assert r.status_code == 403
    r = await review.client.post(
        f"/api/reviews/{pending['id']}/moderate", headers=review.admin, json={"decision": "approve"}
    )
    assert r.status_code == 200 and r.json()["status"] == "approved"
    (approved,) = review.events("review.approved")
    assert approved["approved_by"] is not None
    assert approved["seller_summary"]["count"] == 1 and approved["summary"]["count"] == 1
    # the seller's rating over all its products (what its dashboard shows)
    seller_rating = f"/api/reviews/sellers/{seller}/summary"
    assert (await review.client.get(seller_rating)).json()["distribution"]["2"] == 1
    r = await review.client.post(
        f"/api/reviews/{pending['id']}/moderate", headers=review.admin, json={"decision": "approve"}
    )
    assert r.status_code == 409
    r = await review.client.post(
        f"/api/reviews/{pending['id']}/moderate", headers=review.admin, json={"decision": "reject"}
    )
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    (rejected,) = review.events("review.rejected")
    assert rejected["was_approved"] is True and rejected["summary"]["count"] == 0
    assert rejected["summary"]["version"] == 2
    assert (await review.client.get(seller_rating)).json()["count"] == 0


async def test_the_rating_is_final_and_an_edit_the_filter_stops_goes_back_to_moderation(
    review: Reviews,
) -> None:
    bought = await review.bought()
    created = await review.approved(bought, rating=5, text="Bagus sekali")
    path = f"/api/reviews/{created['id']}"
    before = review.counts()
    r = await review.client.patch(path, headers=bought.headers, json={"rating": 1})
    assert r.status_code == 422 and "rating" in [e["field"] for e in r.json()["errors"]]
    r = await review.client.patch(path, headers=as_user(Role.customer), json={"text": "Jelek"})
    assert r.status_code == 403
    assert review.counts() == before
    r = await review.client.patch(
        path, headers=bought.headers, json={"text": "Bagus, ukurannya pas"}
    )
    assert r.status_code == 200 and r.json()["status"] == "approved" and r.json()["rating"] == 5
    r = await review.client.patch(
        path, headers=bought.headers, json={"text": "Lebih murah di www.tokosebelah.example.com"}
    )
    assert r.status_code == 200 and r.json()["status"] == "pending"
    (flagged,) = review.events("review.flagged")
    assert flagged["reason"] == "text_filter" and flagged["summary"]["count"] == 0
    r = await review.client.patch(path, headers=bought.headers, json={"text": None})
    assert r.status_code == 200 and r.json()["status"] == "approved"  # rating-only now
    assert len(review.events("review.approved")) == 2


async def test_reviews_approved_at_the_same_moment_each_count_once(review: Reviews) -> None:
    product, seller = uuid4(), uuid4()
    purchases = [await review.bought(product_id=product, seller_id=seller) for _ in range(16)]
    answers = await asyncio.gather(
        *(review.review(b, rating=1 + i % 5, text="Rapi") for i, b in enumerate(purchases))
    )
    assert all(r.status_code == 201 for r in answers)
    summary = (await review.client.get(f"/api/reviews/products/{product}/summary")).json()
    ratings = [1 + i % 5 for i in range(16)]
    assert summary["count"] == 16 and summary["distribution"] == {
        str(stars): ratings.count(stars) for stars in range(1, 6)
    }
    versions = sorted(e["summary"]["version"] for e in review.events("review.approved"))
    assert versions == list(range(1, 17))  # each approval saw the one before it
    sellers = sorted(e["seller_summary"]["version"] for e in review.events("review.approved"))
    assert sellers == list(range(1, 17))
