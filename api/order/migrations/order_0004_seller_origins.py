"""order: sellers' pickup postcodes, learnt from ``seller.verified`` (shipping is quoted from them).

Revision ID: order_0004
Revises: order_0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "order_0004"
down_revision = "order_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seller_origins",
        sa.Column("seller_id", sa.Uuid(), primary_key=True),
        sa.Column("postal_code", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("seller_origins")
