"""notification: recipients, devices, suppliers, preferences, templates, messages,
delivery_attempts, receipts (+ the kit's outbox and inbox).

Revision ID: notification_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from api.kit.tables import drop_kit_tables, install_kit_tables

revision = "notification_0001"
down_revision = None
branch_labels = ("notification",)
depends_on = None

TS = sa.DateTime(timezone=True)
NOW = sa.func.now()


def upgrade() -> None:
    install_kit_tables(op.get_bind())
    op.create_table(
        "recipients",
        sa.Column("user_id", sa.Uuid(), primary_key=True),
        sa.Column("email", sa.Text()),
        sa.Column("phone", sa.Text()),
        sa.Column("full_name", sa.Text()),
        sa.Column("role", sa.Text(), nullable=False, server_default="customer"),
        sa.Column("locale", sa.Text(), nullable=False, server_default="id"),
        sa.Column("updated_at", TS, nullable=False, server_default=NOW),
    )
    op.create_index("ix_recipients_role", "recipients", ["role"])
    op.create_table(
        "devices",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("token", sa.Text(), nullable=False, unique=True),
        sa.Column("platform", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.text("true")),
        sa.Column("created_at", TS, nullable=False, server_default=NOW),
        sa.Column("last_seen_at", TS, nullable=False, server_default=NOW),
    )
    op.create_index("ix_devices_user_id", "devices", ["user_id"])
    op.create_table(
        "suppliers",
        sa.Column("supplier_id", sa.Uuid(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("contact_name", sa.Text()),
        sa.Column("whatsapp", sa.Text()),
        sa.Column("email", sa.Text()),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("updated_at", TS, nullable=False, server_default=NOW),
    )
    op.create_table(
        "preferences",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("category", sa.Text(), nullable=False),
        sa.Column("channel", sa.Text(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("updated_at", TS, nullable=False, server_default=NOW),
        sa.PrimaryKeyConstraint("user_id", "category", "channel"),
    )
    op.create_table(
        "templates",
        sa.Column("id", sa.Uuid(), primary_key=True, server_default=sa.text("gen_random_uuid()")),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("channel", sa.Text(), nullable=False),
        sa.Column("locale", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text()),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("html_body", sa.Text()),
        sa.Column("whatsapp_template", sa.Text()),
        sa.Column(
            "whatsapp_parameters",
            postgresql.JSONB(),
            nullable=False,
            server_default=sa.text("'[]'::jsonb"),
        ),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("updated_by", sa.Uuid()),
        sa.Column("updated_at", TS, nullable=False, server_default=NOW),
        sa.UniqueConstraint("kind", "channel", "locale", name="uq_templates_variant"),
    )
    op.create_table(
        "messages",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("dedup_key", sa.Text(), nullable=False),
        sa.Column("recipient_key", sa.Text(), nullable=False),
        sa.Column("channel", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("category", sa.Text(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.text("false")),
        sa.Column("user_id", sa.Uuid()),
        sa.Column("supplier_id", sa.Uuid()),
        sa.Column("to_address", sa.Text()),
        sa.Column("locale", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text()),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("html_body", sa.Text()),
        sa.Column("whatsapp_template", sa.Text()),
        sa.Column(
            "whatsapp_parameters",
            postgresql.JSONB(),
            nullable=False,
            server_default=sa.text("'[]'::jsonb"),
        ),
        sa.Column("segments", sa.Integer()),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("provider", sa.Text()),
        sa.Column("provider_message_id", sa.Text()),
        sa.Column("next_attempt_at", TS),
        sa.Column("lease_until", TS),
        sa.Column("held_until", TS),
        sa.Column("last_error", sa.Text()),
        sa.Column("source_event_id", sa.Uuid()),
        sa.Column("source_event_type", sa.Text()),
        sa.Column("source_occurred_at", TS),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("sent_at", TS),
        sa.Column("delivered_at", TS),
        sa.Column("failed_at", TS),
        sa.Column("read_at", TS),
        sa.UniqueConstraint("dedup_key", "recipient_key", "channel", name="uq_messages_once"),
    )
    op.create_index(
        "ix_messages_due",
        "messages",
        ["next_attempt_at"],
        postgresql_where=sa.text("status IN ('queued', 'sending')"),
    )
    op.create_index(
        "ix_messages_inbox",
        "messages",
        ["user_id", "created_at"],
        postgresql_where=sa.text("channel = 'in_app'"),
    )
    op.create_index("ix_messages_provider_id", "messages", ["provider", "provider_message_id"])
    op.create_table(
        "delivery_attempts",
        sa.Column("id", sa.BigInteger(), primary_key=True, autoincrement=True),
        sa.Column(
            "message_id",
            sa.Uuid(),
            sa.ForeignKey("messages.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("provider", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("status_code", sa.Integer()),
        sa.Column("error", sa.Text()),
        sa.Column("attempted_at", TS, nullable=False),
    )
    op.create_index("ix_delivery_attempts_message", "delivery_attempts", ["message_id"])
    op.create_table(
        "receipts",
        sa.Column("id", sa.BigInteger(), primary_key=True, autoincrement=True),
        sa.Column("provider", sa.Text(), nullable=False),
        sa.Column("provider_message_id", sa.Text()),
        sa.Column("message_id", sa.Uuid()),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("detail", postgresql.JSONB()),
        sa.Column("received_at", TS, nullable=False, server_default=NOW),
        sa.Column("applied", sa.Boolean(), nullable=False, server_default=sa.text("false")),
    )
    op.create_index(
        "ix_receipts_stray", "receipts", ["received_at"], postgresql_where=sa.text("NOT applied")
    )
    op.create_index("ix_receipts_message", "receipts", ["message_id"])


def downgrade() -> None:
    for table in (
        "receipts",
        "delivery_attempts",
        "messages",
        "templates",
        "preferences",
        "suppliers",
        "devices",
        "recipients",
    ):
        op.drop_table(table)
    drop_kit_tables(op.get_bind())
