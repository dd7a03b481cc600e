"""auth: users, refresh tokens, one-time codes, sent messages (+ the kit's outbox and inbox).

Revision ID: auth_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from api.kit.tables import drop_kit_tables, install_kit_tables

revision = "auth_0001"
down_revision = None
branch_labels = ("auth",)
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    install_kit_tables(op.get_bind())
    op.create_table(
        "users",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("email", sa.Text, nullable=False, unique=True),
        sa.Column("phone", sa.Text, unique=True),
        sa.Column("full_name", sa.Text, nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False, server_default="customer"),
        sa.Column("status", sa.Text, nullable=False, server_default="pending_verification"),
        sa.Column("email_verified_at", TS),
        sa.Column("phone_verified_at", TS),
        sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", TS),
        sa.Column("last_login_at", TS),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.CheckConstraint("email = lower(email)", name="ck_users_email_lower"),
        sa.CheckConstraint(
            "role IN ('customer', 'seller', 'brand_manager', 'warehouse_staff',"
            " 'support_agent', 'admin')",
            name="ck_users_role",
        ),
        sa.CheckConstraint(
            "status IN ('pending_verification','active','suspended')", name="ck_users_status"
        ),
    )
    op.create_table(
        "refresh_tokens",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("family_id", sa.Uuid, nullable=False),
        sa.Column(
            "user_id", sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("token_hash", sa.Text, nullable=False, unique=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("rotated_at", TS),
        sa.Column("revoked_at", TS),
    )
    op.create_index("ix_refresh_tokens_family", "refresh_tokens", ["family_id"])
    op.create_index("ix_refresh_tokens_user", "refresh_tokens", ["user_id"])
    op.create_table(
        "one_time_codes",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column(
            "user_id", sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("code_hash", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("used_at", TS),
    )
    op.create_index(
        "ux_one_time_codes_live",
        "one_time_codes",
        ["user_id", "purpose"],
        unique=True,
        postgresql_where=sa.text("used_at IS NULL"),
    )
    op.create_table(
        "sent_messages",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("recipient", sa.Text, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False, server_default=sa.func.now()),
    )
    op.create_index("ix_sent_messages_recipient", "sent_messages", ["recipient"])


def downgrade() -> None:
    op.drop_table("sent_messages")
    op.drop_table("one_time_codes")
    op.drop_table("refresh_tokens")
    op.drop_table("users")
    drop_kit_tables(op.get_bind())
