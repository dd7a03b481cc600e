"""order: checkouts paid (partly or wholly) from the buyer's wallet.

A checkout records the share held in the wallet, the hold's id and what became of it; each order
records the part of its total that share pays.

Revision ID: order_0005
Revises: order_0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "order_0005"
down_revision = "order_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "checkouts",
        sa.Column("wallet_amount", sa.BigInteger(), nullable=False, server_default="0"),
    )
    op.add_column("checkouts", sa.Column("wallet_hold_id", sa.Uuid(), nullable=True))
    op.add_column(
        "checkouts",
        sa.Column("wallet_hold_status", sa.Text(), nullable=False, server_default="none"),
    )
    # the settling job scans only the holds with something due
    op.create_index(
        "ix_checkouts_wallet_hold_due",
        "checkouts",
        ["updated_at"],
        postgresql_where=sa.text("wallet_hold_status IN ('capture_due', 'void_due')"),
    )
    op.add_column(
        "orders",
        sa.Column("wallet_amount", sa.BigInteger(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    op.drop_column("orders", "wallet_amount")
    op.drop_index("ix_checkouts_wallet_hold_due", "checkouts")
    for column in ("wallet_hold_status", "wallet_hold_id", "wallet_amount"):
        op.drop_column("checkouts", column)
