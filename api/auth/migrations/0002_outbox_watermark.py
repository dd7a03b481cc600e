"""auth: the outbox's marks become HOT updates; txid for the relay's watermark.

Revision ID: auth_0002
Revises: auth_0001
"""

from __future__ import annotations

from api.kit.tables import kit_outbox_revision

revision = "auth_0002"
down_revision = "auth_0001"
branch_labels = None
depends_on = None


upgrade, downgrade = kit_outbox_revision()
