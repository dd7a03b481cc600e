"""logistic: shipping_rates, order_destinations, shipments, tracking_events
(+ the kit's outbox and inbox).

Revision ID: logistic_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from api.kit.tables import drop_kit_tables, install_kit_tables

revision = "logistic_0001"
down_revision = None
branch_labels = ("logistic",)
depends_on = None


def upgrade() -> None:
    install_kit_tables(op.get_bind())
    op.execute(sa.schema.CreateSequence(sa.Sequence("shipment_number_seq")))
    op.create_table(
        "order_destinations",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("order_number", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("seller_id", sa.Uuid(), nullable=True),
        sa.Column("fulfilment", sa.Text(), nullable=False),
        sa.Column("address", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.Column("items_value", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("order_id"),
    )
    op.create_table(
        "shipments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Text(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("seller_id", sa.Uuid(), nullable=True),
        sa.Column("fulfilment", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("courier", sa.Text(), nullable=False),
        sa.Column("service", sa.Text(), nullable=False),
        sa.Column("courier_order_id", sa.Text(), nullable=True),
        sa.Column("courier_tracking_id", sa.Text(), nullable=True),
        sa.Column("tracking_number", sa.Text(), nullable=True),
        sa.Column("origin_postal_code", sa.Text(), nullable=False),
        sa.Column("destination_postal_code", sa.Text(), nullable=False),
        sa.Column("destination_village_code", sa.Text(), nullable=False),
        sa.Column("weight_grams", sa.Integer(), nullable=False),
        sa.Column("shipping_cost", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("courier_order_id"),
        sa.UniqueConstraint("number"),
        sa.UniqueConstraint("order_id"),
    )
    op.create_index(op.f("ix_shipments_user_id"), "shipments", ["user_id"], unique=False)
    op.create_table(
        "shipping_rates",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("origin_postal_code", sa.Text(), nullable=False),
        sa.Column("destination_postal_code", sa.Text(), nullable=False),
        sa.Column("weight_grams", sa.Integer(), nullable=False),
        sa.Column("courier", sa.Text(), nullable=False),
        sa.Column("service", sa.Text(), nullable=False),
        sa.Column("service_name", sa.Text(), nullable=False),
        sa.Column("service_type", sa.Text(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("etd", sa.Text(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "origin_postal_code", "destination_postal_code", "weight_grams", "courier", "service"
        ),
    )
    op.create_table(
        "tracking_events",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("shipment_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("courier_status", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["shipment_id"], ["shipments.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shipment_id", "status"),
    )
    op.create_index(
        "ix_tracking_events_shipment",
        "tracking_events",
        ["shipment_id", "occurred_at"],
        unique=False,
    )
    op.execute(
        "ALTER TABLE shipments ADD CONSTRAINT ck_shipments_status CHECK (status IN ('pending',"
        "'booked','picked_up','in_transit','out_for_delivery','delivered','failed','returned',"
        "'cancelled'))"
    )


def downgrade() -> None:
    for table in ("tracking_events", "shipments", "order_destinations", "shipping_rates"):
        op.drop_table(table)
    op.execute(sa.schema.DropSequence(sa.Sequence("shipment_number_seq")))
    drop_kit_tables(op.get_bind())
