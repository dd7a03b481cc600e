"""brand: the outbox's marks become HOT updates; txid for the relay's watermark.

Revision ID: brand_0002
Revises: brand_0001
"""

from __future__ import annotations

from alembic import op

from api.kit.tables import downgrade_kit_outbox, install_kit_tables

revision = "brand_0002"
down_revision = "brand_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    install_kit_tables(op.get_bind())


def downgrade() -> None:
    downgrade_kit_outbox(op.get_bind())
