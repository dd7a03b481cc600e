"""product: sellers' standing, learnt from seller events (suspended sellers' products hidden).

Revision ID: product_0003
Revises: product_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "product_0003"
down_revision = "product_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seller_standings",
        sa.Column("seller_id", sa.Uuid(), primary_key=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("seller_standings")
