"""logistic: the outbox's marks become HOT updates; txid for the relay's watermark.

Revision ID: logistic_0003
Revises: logistic_0002
"""

from __future__ import annotations

from alembic import op

from api.kit.tables import downgrade_kit_outbox, install_kit_tables

revision = "logistic_0003"
down_revision = "logistic_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    install_kit_tables(op.get_bind())


def downgrade() -> None:
    downgrade_kit_outbox(op.get_bind())
