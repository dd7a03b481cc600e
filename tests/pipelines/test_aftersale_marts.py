"""The after-sale marts on hand-checkable cases (tests/pipelines/trading_aftersale.py): the
support desk's SLA per day and priority, and ratings per product and seller."""

from __future__ import annotations

from decimal import Decimal

from tests.pipelines.conftest import Platform
from tests.pipelines.trading import WEEK


def test_support_sla_per_day_and_priority_in_business_hours(platform: Platform) -> None:
    rows = platform.query(
        "select priority, tickets_opened, tickets_responded, avg_first_response_hours,"
        " median_first_response_hours, tickets_resolved, avg_resolution_hours,"
        " median_resolution_hours, tickets_breached, breach_rate, tickets_escalated,"
        " csat_responses, csat_average, csat_satisfied_rate"
        " from core.support_sla where opened_date = %s order by priority",
        (WEEK,),
    )
    d = Decimal
    assert rows == [
        ("high", 1, 1, d("5.00"), d("5.00"), 0, None, None, 1, d("1.0000"), 0, 0, None, None),
        (
            "medium",
            4,
            3,
            d("1.50"),
            d("1.00"),
            3,
            d("23.19"),  # (10 h + 200,000 s + 4 h, the reopened ticket's latest) / 3
            d("10.00"),
            1,
            d("0.2500"),
            1,
            2,
            d("3.50"),
            d("0.5000"),
        ),
    ]


def test_product_ratings_count_only_the_approved_set(platform: Platform) -> None:
    products = platform.trading.products
    rows = platform.query(
        "select product_id, seller_id, approved_reviews, average_rating, bayesian_average,"
        " stars_1, stars_4, stars_5, pending_reviews, rejected_reviews, service_count"
        " from marketing.product_ratings where product_id = any(%s) order by approved_reviews",
        ([products["P1"], products["P2"], products["P3"]],),
    )
    seller = platform.trading.sellers["reviewed"]
    by_product = {row[0]: row[1:] for row in rows}
    assert by_product[products["P1"]] == (
        seller, 2, Decimal("4.50"), Decimal("4.0833"), 0, 1, 1, 2, 2, 2
    )  # fmt: skip
    assert by_product[products["P2"]][:4] == (seller, 1, Decimal("2.00"), Decimal("3.8182"))
    assert by_product[products["P3"]][:4] == (None, 1, Decimal("5.00"), Decimal("4.0909"))


def test_seller_ratings_roll_up_the_sellers_products(platform: Platform) -> None:
    rows = platform.query(
        "select rated_products, approved_reviews, average_rating, bayesian_average"
        " from marketing.seller_ratings where seller_id = %s",
        (platform.trading.sellers["reviewed"],),
    )
    assert rows == [(2, 3, Decimal("3.67"), Decimal("3.9231"))]


def test_the_demo_reads_the_sla_headline_and_the_best_rated_products(platform: Platform) -> None:
    from rich.console import Console

    from lakoo.demo import aftersale

    console = Console(record=True, width=120)
    console.print(aftersale.sla_headline(platform.database_url))
    rows = aftersale.best_rated(platform.database_url, limit=3)
    console.print(aftersale.best_rated_products(rows))
    text = console.export_text()
    assert "tickets opened" in text and "CSAT" in text and "3.50 / 5 over 2" in text
    assert "2 (40%)" in text  # two of five tickets breached a target
    products = platform.trading.products
    assert [row[0] for row in rows][:2] == [
        f"Kemeja {products['P3'].hex[:4]}",
        f"Kemeja {products['P1'].hex[:4]}",
    ]
    assert f"Kemeja {products['P3'].hex[:4]}" in text
