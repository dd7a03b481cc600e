"""auth: failed logins are counted per email, whether or not an account has it.

Revision ID: auth_0003
Revises: auth_0002

A lock kept on the user row answered 423 only for emails with an account, which told an attacker
which emails exist. ``login_throttles`` counts failures by the sha256 of the normalised email,
so an unknown email locks exactly like a known one. Existing counts and locks move over.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "auth_0003"
down_revision = "auth_0002"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
DIGEST = "encode(sha256(convert_to(email, 'UTF8')), 'hex')"


def upgrade() -> None:
    op.create_table(
        "login_throttles",
        sa.Column("email_digest", sa.Text, primary_key=True),
        sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", TS),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.execute(
        "INSERT INTO login_throttles (email_digest, failed_logins, locked_until, updated_at) "
        f"SELECT {DIGEST}, failed_logins, locked_until, updated_at FROM users "
        "WHERE failed_logins > 0 OR locked_until IS NOT NULL"
    )
    op.drop_column("users", "failed_logins")
    op.drop_column("users", "locked_until")


def downgrade() -> None:
    op.add_column(
        "users", sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0")
    )
    op.add_column("users", sa.Column("locked_until", TS))
    op.execute(
        "UPDATE users SET failed_logins = t.failed_logins, locked_until = t.locked_until "
        f"FROM login_throttles t WHERE t.email_digest = {DIGEST.replace('email', 'users.email')}"
    )
    op.drop_table("login_throttles")
