"""Catalogue search over 100,000 products: HTTP (gateway and direct) vs the same SQL in PostgreSQL.

Loads a scratch product database with COPY (products, 3 variants each, brand offers), starts
``lakoo serve product`` and ``lakoo serve gateway`` as processes, then runs the same mix of
queries (plain words, Indonesian words, typos, filters, sorting) three ways, one at a time:

- through the gateway (anonymous ``GET /api/products?...``),
- directly to the product service,
- the same SQL statements (``api.product.search.statements``: the page, counting its capped
  total in the same statement when it can, else the count first) through psycopg.

    .venv/bin/python -m bench.search --products 100000 --requests 400
"""

from __future__ import annotations

import argparse
import io
import os
import random
import time
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import httpx
import psycopg
from sqlalchemy.dialects import postgresql

from api.brand.house_brands import HOUSE_BRANDS
from api.kit.db import libpq_url
from api.kit.schemas import PageParams
from api.product.models import UNCATEGORIZED_ID
from api.product.search import TYPO_THRESHOLD, SearchFilters, statements
from bench.common import create_database, drop_database, percentile, stack_info
from bench.gateway import _free_port, _serve
from bench.serving import wait_healthy
from lakoo.runtime.secrets import generate as generate_secrets
from lakoo.seed.fashion import COLOURS, FABRICS, GARMENTS, MOTIFS, OCCASIONS
from tests.support.services import migrated_database

QUERIES: list[dict[str, str]] = [
    {"q": "kemeja batik"},
    {"q": "batik parang katun"},
    {"q": "kemja battik"},  # typos
    {"q": "nyaman kantor"},  # Indonesian description words
    {"q": "linen shirt"},  # English
    {"q": "dress", "sort": "price_asc"},
    {"q": "kaos", "size": "M", "color": "Hitam"},
    {"q": "gamis", "min_price": "100000", "max_price": "300000"},
    {"q": "Nusa Atelier"},  # brand name
    {"sort": "newest"},
]


def _load(database_url: str, n: int, rng: random.Random) -> None:
    """COPY ``n`` products with 3 variants each and brand offers on the house ones."""
    now = datetime.now(UTC)
    garments = [g for items in GARMENTS.values() for g in items]
    products, variants, offers = io.StringIO(), io.StringIO(), io.StringIO()
    for i in range(n):
        pid = uuid4()
        name, english, cost, weight, sizes = rng.choice(garments)
        motif, (fabric, fabric_en) = rng.choice(MOTIFS), rng.choice(FABRICS)
        occasion, occasion_en = rng.choice(OCCASIONS)
        title = f"{name} {motif} {fabric.title()} {i}"
        desc = (
            f"{name} motif {motif.lower()} berbahan {fabric}, nyaman untuk {occasion}. "
            f"{english} in {fabric_en} for {occasion_en}."
        )
        house = rng.random() < 0.7
        brands = rng.sample(HOUSE_BRANDS, k=2) if house else []
        seller = "\\N" if house else str(uuid4())
        created = (now - timedelta(minutes=i)).isoformat()
        price = cost * 2
        products.write(
            "\t".join(
                [
                    str(pid),
                    title,
                    f"p-{i}-{pid.hex[:6]}",
                    desc,
                    str(UNCATEGORIZED_ID),
                    "Lainnya",
                    ", ".join(b.name for b in brands),
                    seller,
                    "active",
                    str(price),
                    str(price + 10_000),
                    str(uuid4()),
                    created,
                    created,
                ]
            )
            + "\n"
        )
        for k, size in enumerate(sizes[:3]):
            vid = uuid4()
            variants.write(
                "\t".join(
                    [
                        str(vid),
                        str(pid),
                        f"B{i}-{k}",
                        size,
                        rng.choice(COLOURS),
                        str(weight),
                        str(price + k * 5000),
                        str(cost),
                        created,
                    ]
                )
                + "\n"
            )
            for brand in brands:
                offers.write(
                    "\t".join(
                        [
                            str(brand.id),
                            str(vid),
                            str(pid),
                            brand.code,
                            str(int(price * 1.1)),
                            created,
                        ]
                    )
                    + "\n"
                )
    with psycopg.connect(libpq_url(database_url)) as conn:
        for table, columns, buffer in (
            (
                "products",
                "id, name, slug, description, category_id, category_name, brand_names,"
                " seller_id, status, min_price, max_price, created_by, created_at, updated_at",
                products,
            ),
            (
                "variants",
                "id, product_id, sku, size, color, weight_grams, price, cost_price, created_at",
                variants,
            ),
            (
                "brand_offers",
                "brand_id, variant_id, product_id, brand_code, price, updated_at",
                offers,
            ),
        ):
            with conn.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                copy.write(buffer.getvalue())
        conn.execute("ANALYZE")


def _filters(params: dict[str, str]) -> SearchFilters:
    return SearchFilters(
        q=params.get("q"),
        size=params.get("size"),
        color=params.get("color"),
        min_price=int(params["min_price"]) if "min_price" in params else None,
        max_price=int(params["max_price"]) if "max_price" in params else None,
        sort=params.get("sort", "relevance"),  # type: ignore[arg-type]
    )


def _sql(params: dict[str, str], *, typos: bool) -> list[tuple[str, dict[str, object]]]:
    """The service's statements for a first page, compiled by SQLAlchemy with their parameters."""
    dialect = postgresql.psycopg.dialect()  # type: ignore[attr-defined]
    first = PageParams(page=1, page_size=20)
    compiled = [
        statement.compile(dialect=dialect)
        for statement in statements(_filters(params), first, typos=typos)
    ]
    return [(str(c), dict(c.params)) for c in compiled]


def _time_http(base: str, requests: int) -> list[float]:
    timings = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for i in range(requests):
            params = QUERIES[i % len(QUERIES)]
            start = time.perf_counter()
            response = client.get("/api/products", params=params)
            timings.append(time.perf_counter() - start)
            assert response.status_code == 200, response.text
    return timings


def _time_sql(database_url: str, requests: int) -> list[float]:
    # as the service: the words as written, then with typo tolerance if that found nothing
    statements = [
        (_sql(p, typos=False), _sql(p, typos=True) if p.get("q") else []) for p in QUERIES
    ]
    timings = []
    with psycopg.connect(libpq_url(database_url), autocommit=True) as conn:
        conn.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false),"
            " set_config('plan_cache_mode', 'force_custom_plan', false)",  # as the service
            (TYPO_THRESHOLD,),
        )
        for i in range(requests):
            start = time.perf_counter()
            written, typos = statements[i % len(statements)]
            for sql, values in written:
                rows = conn.execute(sql, values).fetchall()  # type: ignore[call-overload]
            if not rows:
                for sql, values in typos:
                    conn.execute(sql, values).fetchall()  # type: ignore[call-overload]
            timings.append(time.perf_counter() - start)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    server = stack_info().postgres_url
    database = migrated_database("product", create_database(server, prefix="bench"))
    product_port, gateway_port = _free_port(), _free_port()
    product_url = f"http://127.0.0.1:{product_port}"
    gateway_url = f"http://127.0.0.1:{gateway_port}"
    processes = []
    try:
        started = time.perf_counter()
        _load(database, args.products, random.Random(1))
        print(f"loaded {args.products} products in {time.perf_counter() - started:.1f} s")
        processes = [
            _serve("product", product_port, {"PRODUCT_DATABASE_URL": database}),
            _serve(
                "gateway",
                gateway_port,
                {"PRODUCT_SERVICE_URL": product_url, "GATEWAY_RATE_LIMIT_ENABLED": "false"},
            ),
        ]
        wait_healthy(product_url)  # a loaded machine takes a minute to start one
        wait_healthy(gateway_url)
        _time_http(product_url, 20)  # warm-up: pools, plans, caches
        _time_sql(database, 20)
        sql = _time_sql(database, args.requests)
        direct = _time_http(product_url, args.requests)
        via = _time_http(gateway_url, args.requests)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
        drop_database(server, database)
    s50, s99 = percentile(sql, 50) * 1000, percentile(sql, 99) * 1000
    print(f"{'path':<28}{'p50 ms':>10}{'p99 ms':>10}{'p50 ratio to SQL':>20}")
    print(f"{'SQL in PostgreSQL':<28}{s50:>10.2f}{s99:>10.2f}{1.0:>20.2f}")
    for label, timings in (("product service (HTTP)", direct), ("through gateway (HTTP)", via)):
        p50, p99 = percentile(timings, 50) * 1000, percentile(timings, 99) * 1000
        print(f"{label:<28}{p50:>10.2f}{p99:>10.2f}{p50 / s50:>20.2f}")


if __name__ == "__main__":
    os.environ.setdefault("LAKOO_ENV", "test")
    # the services it starts need secrets (none has a default): throw-away ones unless set
    for name, value in generate_secrets().items():
        os.environ.setdefault(name, value)
    main()
