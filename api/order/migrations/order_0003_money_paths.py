"""order: paid only with money and stock both in; refund retries; each line returned once.

- ``orders.payment_received_at`` / ``stock_confirmed_at``: the two halves of "paid";
- ``orders.refund_attempts`` / ``refund_retry_at`` / ``refund_failure``: transient failures are
  retried with backoff, a permanent refusal stops the retries (``refund_status = 'refused'``);
- ``order_return_items``: one row per returned line, its primary key the order item.

Revision ID: order_0003
Revises: order_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "order_0003"
down_revision = "order_0002"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("orders", sa.Column("payment_received_at", TS, nullable=True))
    op.add_column("orders", sa.Column("stock_confirmed_at", TS, nullable=True))
    op.add_column(
        "orders", sa.Column("refund_attempts", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column("orders", sa.Column("refund_retry_at", TS, nullable=True))
    op.add_column("orders", sa.Column("refund_failure", sa.Text(), nullable=True))
    # orders paid before this revision had both halves (they were paid on payment.paid alone)
    op.execute(
        "UPDATE orders SET payment_received_at = paid_at, stock_confirmed_at = paid_at "
        "WHERE paid_at IS NOT NULL"
    )
    # the unpaid-checkout limit counts a buyer's pending orders
    op.create_index(
        "ix_orders_unpaid_by_user",
        "orders",
        ["user_id"],
        postgresql_where=sa.text("status = 'pending_payment'"),
    )
    op.create_table(
        "order_return_items",
        sa.Column("order_item_id", sa.Uuid(), nullable=False),
        sa.Column("return_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("line_total", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_item_id"],
            ["order_items.id"],
            name=op.f("fk_order_return_items_order_item_id_order_items"),
        ),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["order_returns.id"],
            name=op.f("fk_order_return_items_return_id_order_returns"),
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_order_return_items_order_id_orders")
        ),
        sa.PrimaryKeyConstraint("order_item_id", name=op.f("pk_order_return_items")),
    )
    op.create_index(op.f("ix_order_return_items_return_id"), "order_return_items", ["return_id"])
    op.create_index(op.f("ix_order_return_items_order_id"), "order_return_items", ["order_id"])
    # returns written before this revision named their lines in order_returns.order_item_ids
    op.execute(
        "INSERT INTO order_return_items (order_item_id, return_id, order_id, line_total) "
        "SELECT DISTINCT ON (i.id) i.id, r.id, r.order_id, i.line_total "
        "FROM order_returns AS r "
        "CROSS JOIN LATERAL jsonb_array_elements_text(r.order_item_ids) AS named(item_id) "
        "JOIN order_items AS i ON i.id = named.item_id::uuid AND i.order_id = r.order_id "
        "ORDER BY i.id, r.requested_at"
    )


def downgrade() -> None:
    op.drop_table("order_return_items")
    op.drop_index("ix_orders_unpaid_by_user", table_name="orders")
    for column in (
        "refund_failure",
        "refund_retry_at",
        "refund_attempts",
        "stock_confirmed_at",
        "payment_received_at",
    ):
        op.drop_column("orders", column)
