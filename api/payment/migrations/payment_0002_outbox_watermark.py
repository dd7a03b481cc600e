"""payment: the outbox's marks become HOT updates; txid for the relay's watermark.

Revision ID: payment_0002
Revises: payment_0001
"""

from __future__ import annotations

from api.kit.tables import kit_outbox_revision

revision = "payment_0002"
down_revision = "payment_0001"
branch_labels = None
depends_on = None


upgrade, downgrade = kit_outbox_revision()
