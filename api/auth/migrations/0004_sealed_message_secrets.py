"""auth: the local message sink keeps a message's secret sealed, never in clear.

Revision ID: auth_0004
Revises: auth_0003

``sent_messages.body`` held verification codes and reset tokens in clear beside their hashes in
``one_time_codes`` (DOMAIN: secrets in a message are never stored in clear). The body now marks
the secret's place and ``sealed_secret`` holds it under AES-GCM (``api.auth.messaging``). Rows
recorded before cannot be told apart from their secret, so they are deleted: the sink is a
development stand-in for a mailbox, and any code they held is single use and short-lived.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "auth_0004"
down_revision = "auth_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM sent_messages")
    op.add_column("sent_messages", sa.Column("sealed_secret", sa.LargeBinary))


def downgrade() -> None:
    op.drop_column("sent_messages", "sealed_secret")
