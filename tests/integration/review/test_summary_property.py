"""Property: after any sequence of approvals and removals, the product's rating — in the review
service and in the product service that keeps it from the events, whatever order they arrive
in — equals a recount of the approved reviews.

Reviews are written, approved, rejected, flagged by three reports and edited through the
review service's API; the recount reads ``reviews`` directly; the product service receives the
``review.*`` events through its real handlers, shuffled.
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from api.events import build_envelope, parse_event
from api.kit import inbox
from api.kit.auth import Role
from api.kit.db import make_async_engine, make_session_factory
from api.kit.tables import outbox
from api.kit.uow import UnitOfWorkFactory
from api.product.app import create_app as create_product_app
from api.product.app import get_settings as product_settings
from api.product.consumers import HANDLERS as PRODUCT_HANDLERS
from api.review.models import Review
from api.review.summary import tally_of
from tests.integration.product.harness import house_product
from tests.integration.review.harness import Reviews
from tests.support.databases import create_database, drop_database
from tests.support.services import app_client, as_user, migrated_database

SELLER = UUID("5e11e400-0000-4000-8000-000000000001")
AUTHORS: dict[str, dict[str, str]] = {}  # review id → its author's headers
CLEAN = "Bahannya bagus dan nyaman dipakai."
HELD = "Tanya stok lewat WA 0812 3456 7890"  # waits for a moderator


class Catalogue:
    def __init__(self, client: httpx.AsyncClient, uows: UnitOfWorkFactory) -> None:
        self.client, self.uows = client, uows

    async def apply(self, payloads: list[dict[str, Any]], event_types: list[str]) -> None:
        """Deliver review events to the product service's real handlers (inbox included)."""
        from api.events import registry

        for payload, event_type in zip(payloads, event_types, strict=True):
            envelope = build_envelope(
                registry()[event_type].model_validate(payload),
                aggregate_id=payload["review_id"],
                producer="review",
            )
            event = parse_event(envelope.model_dump_json().encode())
            async with self.uows() as uow:
                assert await inbox.claim(
                    uow.session, event_id=event.event_id, consumer="product", event_type=event_type
                )
                await PRODUCT_HANDLERS[event_type](event, uow)
                await uow.commit()


@pytest.fixture(scope="module")
async def catalogue(postgres_url: str) -> AsyncIterator[Catalogue]:
    url = migrated_database("product", create_database(postgres_url, "product"))
    engine = make_async_engine(url, pool_size=2)
    app = create_product_app(product_settings().model_copy(update={"database_url": url}))
    try:
        async with app_client(app) as client:
            yield Catalogue(
                client, UnitOfWorkFactory(make_session_factory(engine), producer="product")
            )
    finally:
        await engine.dispose()
        drop_database(postgres_url, url)


operation = st.one_of(
    st.tuples(st.just("write"), st.integers(1, 5), st.booleans()),  # rating, clean text?
    st.tuples(
        st.sampled_from(["approve", "reject", "report", "edit_held", "edit_clean"]),
        st.integers(0, 30),
    ),
)


async def _run(review: Reviews, product_id: UUID, ops: list[tuple[Any, ...]]) -> None:
    written: list[str] = []
    for op in ops:
        if op[0] == "write":
            bought = await review.bought(product_id=product_id, seller_id=SELLER)
            r = await review.review(bought, rating=op[1], text=CLEAN if op[2] else HELD)
            assert r.status_code == 201
            written.append(r.json()["id"])
            AUTHORS[r.json()["id"]] = bought.headers
            continue
        if not written:
            continue
        review_id = written[op[1] % len(written)]
        if op[0] in ("approve", "reject"):
            r = await review.client.post(
                f"/api/reviews/{review_id}/moderate", headers=review.admin, json={"decision": op[0]}
            )
            assert r.status_code in (200, 409)  # 409: not a move its status allows
        elif op[0] == "report":
            for _ in range(3):
                r = await review.client.post(
                    f"/api/reviews/{review_id}/reports",
                    headers=as_user(Role.customer),
                    json={"reason": "spam"},
                )
                assert r.status_code in (201, 404)  # 404: not public (pending or rejected)
        else:
            r = await review.client.patch(
                f"/api/reviews/{review_id}",
                headers=AUTHORS[review_id],
                json={"text": HELD if op[0] == "edit_held" else CLEAN},
            )
            assert r.status_code in (200, 409)  # 409: a rejected review is not edited


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(operation, min_size=1, max_size=14), order=st.randoms(use_true_random=False))
async def test_the_rating_always_equals_a_recount_of_the_approved_reviews(
    shared_review: Reviews, catalogue: Catalogue, ops: list[tuple[Any, ...]], order: random.Random
) -> None:
    review = shared_review
    created = await catalogue.client.post(
        "/api/products", headers=as_user(Role.admin), json=house_product()
    )
    product_id = UUID(created.json()["id"])
    await _run(review, product_id, ops)

    with review.db.connect() as conn:
        approved = (
            conn.execute(
                select(Review.rating).where(
                    Review.product_id == product_id, Review.status == "approved"
                )
            )
            .scalars()
            .all()
        )
        rows = conn.execute(
            select(outbox.c.event_type, outbox.c.payload)
            .where(
                outbox.c.event_type.in_(["review.approved", "review.flagged", "review.rejected"]),
                outbox.c.payload["product_id"].astext == str(product_id),
            )
            .order_by(outbox.c.id)
        ).all()
    recount = tally_of(approved)
    expected = {
        "count": recount.count,
        "average": recount.average,
        "bayesian_average": recount.bayesian_average,
        "distribution": recount.distribution,
    }
    summary = await review.client.get(f"/api/reviews/products/{product_id}/summary")
    assert summary.json() == expected

    shuffled = list(rows)
    order.shuffle(shuffled)
    await catalogue.apply([p for _, p in shuffled], [t for t, _ in shuffled])
    shown = await catalogue.client.get(f"/api/products/{product_id}/rating")
    assert shown.json() == expected
    page = await catalogue.client.get(f"/api/products/{product_id}")
    assert page.json()["rating"] == expected
