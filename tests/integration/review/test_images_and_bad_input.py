"""Review photos (type and size checked like product images; up to 10 a review), and bad input:
a 4xx problem naming the field, nothing written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest

from api.kit.auth import Role
from api.kit.media import MAX_IMAGE_BYTES
from api.review import jobs
from tests.integration.review.harness import JPEG, PNG, Reviews
from tests.support.services import as_user


async def _upload(review: Reviews, headers: dict[str, str], data: bytes, kind: str) -> Any:
    return await review.client.post(
        "/api/reviews/images", headers={**headers, "content-type": kind}, content=data
    )


async def test_photos_are_uploaded_checked_and_attached_in_order(review: Reviews) -> None:
    bought = await review.bought()
    ids = []
    for data, kind in ((PNG, "image/png"), (JPEG, "image/jpeg")):
        r = await _upload(review, bought.headers, data, kind)
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    before = review.counts()
    for data, kind, field in (
        (b"GIF89a" + b"\x00" * 10, "image/gif", "content-type"),
        (b"#!/bin/sh\nrm -rf /", "image/png", "body"),  # declared PNG, is not one
        (b"", "image/jpeg", "body"),
        (PNG + b"\x00" * MAX_IMAGE_BYTES, "image/png", "body"),  # over 5 MiB
    ):
        r = await _upload(review, bought.headers, data, kind)
        assert r.status_code == 422, kind
        assert r.json()["errors"][0]["field"] == field
    assert review.counts() == before
    # someone else's upload cannot be attached
    stranger = await _upload(review, as_user(Role.customer), PNG, "image/png")
    r = await review.review(bought, images=[ids[0], stranger.json()["id"]])
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "images.1"
    assert review.count("reviews") == 0
    created = await review.approved(bought, images=list(reversed(ids)), text="Sesuai foto")
    assert [i["id"] for i in created["images"]] == list(reversed(ids))
    assert created["images"][0]["content_type"] == "image/jpeg"
    stored = sorted(p.name for p in review.media_root.rglob("*.*"))
    assert len(stored) == 3
    (event,) = review.events("review.created")
    assert event["image_count"] == 2
    # an upload never attached is pruned after a day, file and all
    review.at(datetime.now(UTC) + timedelta(hours=25))
    await jobs.prune_uploads(review.uows, review.settings)
    assert review.count("review_images") == 2
    assert len(list(review.media_root.rglob("*.*"))) == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"rating": "5"}, "rating"),
        ({"rating": 4.5}, "rating"),
        ({"images": [str(uuid4()) for _ in range(11)]}, "images"),  # 11 images
        ({"text": ""}, "text"),  # rating-only reviews leave text out; empty text is refused
        ({"text": "   "}, "text"),
        ({"text": "x" * 2001}, "text"),
        ({"order_item_id": "item-1"}, "order_item_id"),
        ({"stars": 5}, "stars"),
    ],
)
async def test_a_bad_review_is_refused_naming_the_field(
    shared_review: Reviews, change: dict[str, Any], field: str
) -> None:
    review = shared_review
    bought = await review.bought()
    before = review.counts()
    r = await review.review(bought, **change)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert field in [e["field"] for e in r.json()["errors"]]
    assert review.counts() == before


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("votes", {"helpful": "yes"}, "helpful"),
        ("votes", {}, "helpful"),
        ("reports", {"reason": "ugly"}, "reason"),
        ("reply", {"text": ""}, "text"),
        ("moderate", {"decision": "maybe"}, "decision"),
    ],
)
async def test_bad_review_actions_are_refused_naming_the_field(
    shared_review: Reviews, action: str, body: dict[str, Any], field: str
) -> None:
    review = shared_review
    created = await review.approved(await review.bought())
    before = review.counts()
    headers = review.admin if action == "moderate" else as_user(Role.seller)
    r = await review.client.post(
        f"/api/reviews/{created['id']}/{action}", headers=headers, json=body
    )
    assert r.status_code == 422, r.text
    assert field in [e["field"] for e in r.json()["errors"]]
    assert review.counts() == before


async def test_a_rating_only_review_is_approved_at_once(shared_review: Reviews) -> None:
    bought = await shared_review.bought()
    created = await shared_review.approved(bought, rating=3)
    assert created["text"] is None and created["images"] == []
