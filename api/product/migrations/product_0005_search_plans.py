"""product: what catalogue search's plans need (issue 19) — the trigram operators' true cost, and
an expression index on the variant options shoppers filter by.

- ``name %> word`` (``word_similarity_commutator_op``) costs ~10 µs a row (trigrams of the whole
  name), not the 1 × ``cpu_operator_cost`` pg_trgm declares. Believing it free, the planner
  filtered tens of thousands of rows with it (a sequential scan, or one word's bitmap rechecked
  against every other word) instead of ANDing each word's GIN bitmaps; with the cost declared
  (100, as ``@@`` on text is) it ANDs them and rechecks only the rows every word's index yields.
- ``lower(size)`` / ``lower(color)`` had no statistics (estimated 6 variants of 256k for "M" in
  "Hitam", actually 5,687), so the planner drove the search from a sequential scan of variants;
  the index gives ANALYZE the expressions' statistics and a path to the matching variants.

Revision ID: product_0005
Revises: product_0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "product_0005"
down_revision = "product_0004"
branch_labels = None
depends_on = None

TRIGRAM_OPERATORS = ("word_similarity_op(text, text)", "word_similarity_commutator_op(text, text)")


def _set_cost(function: str, cost: int) -> None:
    # pg_trgm's functions belong to whoever installed the extension: a superuser here, maybe not
    # the migrating role in production. Search stays correct without the cost (only slower), so a
    # role that may not alter it gets a warning saying what a superuser should run, not a failure.
    statement = f"ALTER FUNCTION {function} COST {cost}"
    op.execute(
        f"""
        DO $$
        BEGIN
            EXECUTE '{statement}';
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE WARNING 'search plans: run as a superuser: {statement}';
        END
        $$
        """
    )


def upgrade() -> None:
    for function in TRIGRAM_OPERATORS:
        _set_cost(function, 100)
    op.create_index(
        "ix_variants_options", "variants", [sa.text("lower(size)"), sa.text("lower(color)")]
    )


def downgrade() -> None:
    op.drop_index("ix_variants_options", table_name="variants")
    for function in TRIGRAM_OPERATORS:
        _set_cost(function, 1)
