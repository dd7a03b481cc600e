"""product: each product's rating, kept from the review service's events (count, Σ ratings,
average, Bayesian average, distribution, and the summary version last applied).

Revision ID: product_0004
Revises: product_0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "product_0004"
down_revision = "product_0003"
branch_labels = None
depends_on = None

EMPTY = '{"1": 0, "2": 0, "3": 0, "4": 0, "5": 0}'


def upgrade() -> None:
    op.add_column(
        "products", sa.Column("rating_count", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column(
        "products", sa.Column("rating_sum", sa.BigInteger(), nullable=False, server_default="0")
    )
    op.add_column("products", sa.Column("rating_average", sa.Numeric(3, 2)))
    # an unrated product ranks at the prior mean (4.0), as DOMAIN.md's Bayesian average says
    op.add_column(
        "products",
        sa.Column("rating_bayesian", sa.Numeric(6, 4), nullable=False, server_default="4.0"),
    )
    op.add_column(
        "products",
        sa.Column(
            "rating_distribution",
            JSONB(),
            nullable=False,
            server_default=sa.text(f"'{EMPTY}'::jsonb"),
        ),
    )
    op.add_column(
        "products", sa.Column("rating_version", sa.BigInteger(), nullable=False, server_default="0")
    )
    op.create_index("ix_products_rating", "products", [sa.text("rating_bayesian DESC"), "id"])


def downgrade() -> None:
    op.drop_index("ix_products_rating", table_name="products")
    for column in (
        "rating_version",
        "rating_distribution",
        "rating_bayesian",
        "rating_average",
        "rating_sum",
        "rating_count",
    ):
        op.drop_column("products", column)
