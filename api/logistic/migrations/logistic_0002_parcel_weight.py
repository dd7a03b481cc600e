"""logistic: order_destinations.weight_grams (the parcel's weight from order.created's items).

Revision ID: logistic_0002
Revises: logistic_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "logistic_0002"
down_revision = "logistic_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("order_destinations", sa.Column("weight_grams", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("order_destinations", "weight_grams")
