"""logistic: the outbox's marks become HOT updates; txid for the relay's watermark.

Revision ID: logistic_0003
Revises: logistic_0002
"""

from __future__ import annotations

from api.kit.tables import kit_outbox_revision

revision = "logistic_0003"
down_revision = "logistic_0002"
branch_labels = None
depends_on = None


upgrade, downgrade = kit_outbox_revision()
