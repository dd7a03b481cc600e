"""The kit's outbox revision: an outbox of the first shape is brought up to date and back.

Every service's history carries the same kit revision; the cart's (the smallest) stands for all.
"""

from __future__ import annotations

import psycopg
from alembic import command

from api.kit.db import libpq_url
from api.kit.migrate import alembic_config, upgrade

_SHAPE = """
SELECT
  (SELECT reloptions FROM pg_class WHERE relname = 'outbox'),
  EXISTS (SELECT 1 FROM information_schema.columns
          WHERE table_name = 'outbox' AND column_name = 'txid'),
  (SELECT array_agg(indexname::text ORDER BY indexname) FROM pg_indexes
   WHERE tablename = 'outbox'),
  to_regclass('outbox_watermark') IS NOT NULL
"""


def _shape(database_url: str) -> tuple[object, ...]:
    with psycopg.connect(libpq_url(database_url)) as conn:
        row = conn.execute(_SHAPE).fetchone()
    assert row is not None
    return tuple(row)


def test_the_outbox_revision_converts_the_first_shape_and_back(fresh_database: str) -> None:
    upgrade("cart", database_url=fresh_database)
    current = (
        ["fillfactor=50"],
        True,
        ["ix_outbox_txid", "outbox_event_id_key", "outbox_pkey"],
        True,
    )
    assert _shape(fresh_database) == current

    command.downgrade(alembic_config("cart", fresh_database), "cart_0001")
    first = (None, False, ["ix_outbox_unpublished", "outbox_event_id_key", "outbox_pkey"], False)
    assert _shape(fresh_database) == first

    with psycopg.connect(libpq_url(fresh_database), autocommit=True) as conn:
        conn.execute(
            "INSERT INTO outbox (event_id, aggregate_type, aggregate_id, event_type, topic,"
            " payload, headers) VALUES (gen_random_uuid(), 'cart', 'c1', 'cart.checked_out',"
            " 't', '{}', '{}')"
        )
    upgrade("cart", database_url=fresh_database)
    assert _shape(fresh_database) == current
    with psycopg.connect(libpq_url(fresh_database)) as conn:
        row = conn.execute("SELECT txid > 0, published_at FROM outbox").fetchone()
    assert row == (True, None), "an unpublished row of the first shape stays unpublished"
