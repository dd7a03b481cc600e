"""address: the outbox's marks become HOT updates; txid for the relay's watermark.

Revision ID: address_0002
Revises: address_0001
"""

from __future__ import annotations

from api.kit.tables import kit_outbox_revision

revision = "address_0002"
down_revision = "address_0001"
branch_labels = None
depends_on = None


upgrade, downgrade = kit_outbox_revision()
