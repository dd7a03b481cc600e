"""product: the outbox's marks become HOT updates; txid for the relay's watermark.

Revision ID: product_0002
Revises: product_0001
"""

from __future__ import annotations

from api.kit.tables import kit_outbox_revision

revision = "product_0002"
down_revision = "product_0001"
branch_labels = None
depends_on = None


upgrade, downgrade = kit_outbox_revision()
