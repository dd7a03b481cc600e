"""payment: a checkout's payment may be partly (or wholly) paid from the buyer's wallet.

``wallet_amount`` is the share the order service holds in the wallet (the invoice covers the
rest; a payment the wallet covers entirely has no invoice); ``wallet_refunded`` is what of it
was refunded to the wallet (refunds go back to the invoice first).

Revision ID: payment_0004
Revises: payment_0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "payment_0004"
down_revision = "payment_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for column in ("wallet_amount", "wallet_refunded"):
        op.add_column(
            "payments", sa.Column(column, sa.BigInteger(), nullable=False, server_default="0")
        )
    op.create_check_constraint(
        "wallet_share_within_amount",
        "payments",
        "wallet_amount >= 0 AND wallet_amount <= amount AND wallet_refunded <= wallet_amount",
    )


def downgrade() -> None:
    op.drop_constraint("wallet_share_within_amount", "payments")
    for column in ("wallet_refunded", "wallet_amount"):
        op.drop_column("payments", column)
