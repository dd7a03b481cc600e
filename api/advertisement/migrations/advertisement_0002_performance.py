"""advertisement: campaign performance per day, pushed back by the data platform
(``marketing.campaign_performance``).

Revision ID: advertisement_0002
Revises: advertisement_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "advertisement_0002"
down_revision = "advertisement_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaign_days",
        sa.Column("campaign_id", sa.Uuid(), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("impressions", sa.BigInteger(), nullable=False),
        sa.Column("clicks", sa.BigInteger(), nullable=False),
        sa.Column("billable_clicks", sa.BigInteger(), nullable=False),
        sa.Column("spend", sa.BigInteger(), nullable=False),
        sa.Column("attributed_orders", sa.BigInteger(), nullable=False),
        sa.Column("attributed_revenue", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("campaign_days")
