"""Ratings kept from the review service's events: shown on the product page and at
``/rating``, the newest summary winning whatever order events arrive in; search sorts by it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from api.events import Envelope, RatingSummary, ReviewApproved, ReviewFlagged, build_envelope
from api.kit.auth import Role
from api.product.consumers import HANDLERS as PRODUCT_HANDLERS
from api.review.summary import Tally, tally_of
from tests.integration.product.harness import Catalogue, house_product
from tests.support.kafka import unique_topic
from tests.support.services import as_user


def _summary(tally: Tally, version: int) -> RatingSummary:
    return RatingSummary(
        count=tally.count,
        rating_sum=tally.rating_sum,
        average=tally.average,
        bayesian_average=tally.bayesian_average,
        distribution=tally.distribution,  # type: ignore[arg-type]
        version=version,
    )


def _event(
    kind: type[ReviewApproved | ReviewFlagged],
    product_id: UUID,
    ratings: list[int],
    version: int,
    **extra: Any,
) -> Envelope:
    """A review event carrying the summary of ``ratings`` at ``version``."""
    review_id = uuid4()
    payload = kind(
        review_id=review_id,
        order_id=uuid4(),
        order_item_id=uuid4(),
        product_id=product_id,
        variant_id=uuid4(),
        user_id=uuid4(),
        seller_id=None,
        brand_id=uuid4(),
        rating=5,
        summary=_summary(tally_of(ratings), version),
        seller_summary=None,
        **extra,
    )
    return build_envelope(payload, aggregate_id=review_id, producer="review")


def _approved(product_id: UUID, ratings: list[int], version: int) -> Envelope:
    return _event(
        ReviewApproved,
        product_id,
        ratings,
        version,
        approved_by=None,
        approved_at=datetime.now(UTC),
    )


async def _active_product(cat: Catalogue, name: str) -> UUID:
    admin = as_user(Role.admin)
    created = (
        await cat.product.post("/api/products", headers=admin, json=house_product(name=name))
    ).json()
    r = await cat.product.post(
        f"/api/products/{created['id']}/status", headers=admin, json={"status": "active"}
    )
    assert r.status_code == 200, r.text
    return UUID(created["id"])


async def test_the_rating_follows_the_newest_summary_and_search_sorts_by_it(
    cat: Catalogue,
) -> None:
    word = f"ulasan{uuid4().hex[:6]}"
    ids = [await _active_product(cat, f"Kemeja {word} {n}") for n in ("satu", "dua", "tiga")]
    page = (await cat.product.get(f"/api/products/{ids[2]}")).json()
    assert page["rating"] == {
        "count": 0,
        "average": None,
        "bayesian_average": 4.0,
        "distribution": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0},
    }
    flagged = _event(
        ReviewFlagged,
        ids[0],
        [5],
        3,
        reason="spam",
        report_count=3,
        flagged_by=None,
        flagged_at=datetime.now(UTC),
    )
    envelopes = [
        # out of order: version 3 (after a flag) arrives before version 2, which must not win
        flagged,
        _approved(ids[0], [5, 5], 2),
        _approved(ids[1], [5] * 30 + [4] * 10, 40),
        _approved(uuid4(), [1], 1),  # a product this service does not know: ignored
    ]
    topic = unique_topic(cat.bootstrap, "review-events")
    runtime = await cat.deliver(envelopes, topic=topic, to="product", handlers=PRODUCT_HANDLERS)
    assert runtime.stats.dead_lettered == 0

    rating = (await cat.product.get(f"/api/products/{ids[0]}/rating")).json()
    assert rating["count"] == 1 and rating["average"] == 5.0
    assert rating["bayesian_average"] == round((40 + 5) / 11, 4)
    hits = (await cat.product.get("/api/products", params={"q": word, "sort": "rating"})).json()
    assert [h["id"] for h in hits["items"]] == [str(ids[1]), str(ids[0]), str(ids[2])]
    assert hits["items"][0]["rating"]["count"] == 40
    r = await cat.product.get(f"/api/products/{uuid4()}/rating")
    assert r.status_code == 404
