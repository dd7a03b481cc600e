"""Warehouse: registry, stock, movements, reservations, grosir, alerts.

Revision ID: warehouse_0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from api.kit.tables import drop_kit_tables, install_kit_tables

revision = "warehouse_0001"
down_revision = None
branch_labels = None
depends_on = None

# Movements are the audit trail of stock: once written they are never edited or deleted.
_IMMUTABLE_FUNCTION = """
CREATE OR REPLACE FUNCTION warehouse_movements_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'stock movements are immutable';
END $$
"""


def upgrade() -> None:
    install_kit_tables(op.get_bind())
    op.create_table(
        "bundle_configs",
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("bundle_cost", sa.BigInteger(), nullable=True),
        sa.Column("supplier_id", sa.Uuid(), nullable=True),
        sa.Column("min_bundles_per_po", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("bundle_cost >= 0", name=op.f("ck_bundle_configs_bundle_cost")),
        sa.CheckConstraint("min_bundles_per_po >= 1", name=op.f("ck_bundle_configs_min_bundles")),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_bundle_configs")),
    )
    op.create_table(
        "locations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("seller_id", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("type IN ('central', 'seller')", name=op.f("ck_locations_type")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_locations")),
        sa.UniqueConstraint("key", name=op.f("uq_locations_key")),
    )
    op.create_table(
        "reservation_checkouts",
        sa.Column("checkout_id", sa.Uuid(), nullable=False),
        sa.Column("fingerprint", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("checkout_id", name=op.f("pk_reservation_checkouts")),
    )
    op.create_table(
        "reservations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("checkout_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("seller_id", sa.Uuid(), nullable=True),
        sa.Column("fulfilment", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reserved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fulfilled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("release_reason", sa.Text(), nullable=True),
        sa.Column("payment_id", sa.Uuid(), nullable=True),
        sa.Column("shipment_id", sa.Uuid(), nullable=True),
        sa.CheckConstraint(
            "status IN ('reserved', 'confirmed', 'fulfilled', 'released', 'expired')",
            name=op.f("ck_reservations_status"),
        ),
        sa.ForeignKeyConstraint(
            ["checkout_id"],
            ["reservation_checkouts.checkout_id"],
            name=op.f("fk_reservations_checkout_id_reservation_checkouts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reservations")),
        sa.UniqueConstraint("order_id", name=op.f("uq_reservations_order_id")),
    )
    op.create_index("ix_reservations_checkout", "reservations", ["checkout_id"], unique=False)
    op.create_index(
        "ix_reservations_expiring",
        "reservations",
        ["expires_at"],
        unique=False,
        postgresql_where=sa.text("status = 'reserved'"),
    )
    op.create_table(
        "variants",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("sku", sa.Text(), nullable=False),
        sa.Column("seller_id", sa.Uuid(), nullable=True),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("cost", sa.BigInteger(), nullable=False),
        sa.Column("reorder_point", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("cost >= 0", name=op.f("ck_variants_cost")),
        sa.CheckConstraint("reorder_point >= 0", name=op.f("ck_variants_reorder_point")),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_variants_location_id_locations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_variants")),
        sa.UniqueConstraint("sku", name=op.f("uq_variants_sku")),
    )
    op.create_index(op.f("ix_variants_product_id"), "variants", ["product_id"], unique=False)
    op.create_table(
        "bundle_items",
        sa.Column("variant_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("units_per_bundle", sa.Integer(), nullable=False),
        sa.Column("max_excess_units", sa.Integer(), nullable=False),
        sa.CheckConstraint("max_excess_units >= 0", name=op.f("ck_bundle_items_tolerance")),
        sa.CheckConstraint("units_per_bundle >= 1", name=op.f("ck_bundle_items_units")),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["bundle_configs.product_id"],
            name=op.f("fk_bundle_items_product_id_bundle_configs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["variant_id"], ["variants.id"], name=op.f("fk_bundle_items_variant_id_variants")
        ),
        sa.PrimaryKeyConstraint("variant_id", name=op.f("pk_bundle_items")),
    )
    op.create_index(
        op.f("ix_bundle_items_product_id"), "bundle_items", ["product_id"], unique=False
    )
    op.create_table(
        "grosir_states",
        sa.Column("variant_id", sa.Uuid(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("constraining_variant_id", sa.Uuid(), nullable=True),
        sa.Column("max_orderable", sa.Integer(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["variant_id"], ["variants.id"], name=op.f("fk_grosir_states_variant_id_variants")
        ),
        sa.PrimaryKeyConstraint("variant_id", name=op.f("pk_grosir_states")),
    )
    op.create_table(
        "reservation_lines",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reservation_id", sa.Uuid(), nullable=False),
        sa.Column("order_item_id", sa.Uuid(), nullable=False),
        sa.Column("variant_id", sa.Uuid(), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("from_stock", sa.Integer(), nullable=False),
        sa.Column("from_backorder", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "quantity > 0 AND from_stock >= 0 AND from_backorder >= 0 "
            "AND from_stock + from_backorder = quantity",
            name=op.f("ck_reservation_lines_split"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_reservation_lines_location_id_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["reservation_id"],
            ["reservations.id"],
            name=op.f("fk_reservation_lines_reservation_id_reservations"),
        ),
        sa.ForeignKeyConstraint(
            ["variant_id"], ["variants.id"], name=op.f("fk_reservation_lines_variant_id_variants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reservation_lines")),
    )
    op.create_index(
        op.f("ix_reservation_lines_reservation_id"),
        "reservation_lines",
        ["reservation_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_reservation_lines_variant_id"), "reservation_lines", ["variant_id"], unique=False
    )
    op.create_table(
        "stock",
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("variant_id", sa.Uuid(), nullable=False),
        sa.Column("on_hand", sa.Integer(), nullable=False),
        sa.Column("reserved", sa.Integer(), nullable=False),
        sa.Column(
            "available",
            sa.Integer(),
            sa.Computed("on_hand - reserved", persisted=True),
            nullable=False,
        ),
        sa.Column("backordered", sa.Integer(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("backordered >= 0", name=op.f("ck_stock_backordered")),
        sa.CheckConstraint("on_hand >= 0", name=op.f("ck_stock_on_hand")),
        sa.CheckConstraint("reserved >= 0 AND reserved <= on_hand", name=op.f("ck_stock_reserved")),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_stock_location_id_locations")
        ),
        sa.ForeignKeyConstraint(
            ["variant_id"], ["variants.id"], name=op.f("fk_stock_variant_id_variants")
        ),
        sa.PrimaryKeyConstraint("location_id", "variant_id", name=op.f("pk_stock")),
    )
    op.create_index("uq_stock_variant", "stock", ["variant_id"], unique=True)
    op.create_table(
        "stock_alerts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("variant_id", sa.Uuid(), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("available", sa.Integer(), nullable=False),
        sa.Column("reorder_point", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.Uuid(), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.CheckConstraint("status IN ('open', 'resolved')", name=op.f("ck_stock_alerts_status")),
        sa.CheckConstraint(
            "type IN ('low_stock', 'out_of_stock')", name=op.f("ck_stock_alerts_type")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_stock_alerts_location_id_locations")
        ),
        sa.ForeignKeyConstraint(
            ["variant_id"], ["variants.id"], name=op.f("fk_stock_alerts_variant_id_variants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_alerts")),
    )
    op.create_index(
        "uq_stock_alerts_open",
        "stock_alerts",
        ["variant_id", "type"],
        unique=True,
        postgresql_where=sa.text("status = 'open'"),
    )
    op.create_table(
        "stock_movements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Text(), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("variant_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("measure", sa.Text(), nullable=False),
        sa.Column("before", sa.Integer(), nullable=False),
        sa.Column("change", sa.Integer(), nullable=False),
        sa.Column("after", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("reference_type", sa.Text(), nullable=True),
        sa.Column("reference_id", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "measure IN ('on_hand', 'reserved', 'backordered')",
            name=op.f("ck_stock_movements_measure"),
        ),
        sa.CheckConstraint(
            "before + change = after AND after >= 0", name=op.f("ck_stock_movements_arithmetic")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_stock_movements_location_id_locations")
        ),
        sa.ForeignKeyConstraint(
            ["variant_id"], ["variants.id"], name=op.f("fk_stock_movements_variant_id_variants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_movements")),
        sa.UniqueConstraint("number", name=op.f("uq_stock_movements_number")),
    )
    op.create_index(
        op.f("ix_stock_movements_variant_id"), "stock_movements", ["variant_id"], unique=False
    )
    op.execute("CREATE SEQUENCE movement_number_seq")
    op.execute(_IMMUTABLE_FUNCTION)
    op.execute(
        "CREATE TRIGGER stock_movements_immutable BEFORE UPDATE OR DELETE ON stock_movements "
        "FOR EACH ROW EXECUTE FUNCTION warehouse_movements_immutable()"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_stock_movements_variant_id"), table_name="stock_movements")
    op.drop_table("stock_movements")
    op.drop_index(
        "uq_stock_alerts_open",
        table_name="stock_alerts",
        postgresql_where=sa.text("status = 'open'"),
    )
    op.drop_table("stock_alerts")
    op.drop_index("uq_stock_variant", table_name="stock")
    op.drop_table("stock")
    op.drop_index(op.f("ix_reservation_lines_variant_id"), table_name="reservation_lines")
    op.drop_index(op.f("ix_reservation_lines_reservation_id"), table_name="reservation_lines")
    op.drop_table("reservation_lines")
    op.drop_table("grosir_states")
    op.drop_index(op.f("ix_bundle_items_product_id"), table_name="bundle_items")
    op.drop_table("bundle_items")
    op.drop_index(op.f("ix_variants_product_id"), table_name="variants")
    op.drop_table("variants")
    op.drop_index(
        "ix_reservations_expiring",
        table_name="reservations",
        postgresql_where=sa.text("status = 'reserved'"),
    )
    op.drop_index("ix_reservations_checkout", table_name="reservations")
    op.drop_table("reservations")
    op.drop_table("reservation_checkouts")
    op.drop_table("locations")
    op.drop_table("bundle_configs")
    op.execute("DROP FUNCTION IF EXISTS warehouse_movements_immutable()")
    op.execute("DROP SEQUENCE IF EXISTS movement_number_seq")
    drop_kit_tables(op.get_bind())
