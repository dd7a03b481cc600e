"""Support: agents and the users and orders the desk knows, tickets with their SLA clock,
messages, FAQs (full text in Indonesian and English); kit tables.

Revision ID: support_0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR

from api.kit.tables import drop_kit_tables, install_kit_tables
from api.support.models import FAQ_KEYWORD_LEXEMES_SQL, FAQ_QUESTION_LEXEMES_SQL, FAQ_VECTOR_SQL

revision = "support_0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
CATEGORIES = "('order', 'payment', 'shipping', 'return', 'product', 'account', 'other')"
PRIORITIES = "('low', 'medium', 'high', 'urgent')"


def upgrade() -> None:
    install_kit_tables(op.get_bind())
    op.execute(sa.schema.CreateSequence(sa.Sequence("ticket_numbers")))
    op.create_table(
        "agents",
        sa.Column("user_id", sa.Uuid(), primary_key=True),
        sa.Column("email", sa.Text()),
        sa.Column("full_name", sa.Text()),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("available", sa.Boolean(), nullable=False),
        sa.Column("categories", ARRAY(sa.Text()), nullable=False),
        sa.Column("is_lead", sa.Boolean(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.CheckConstraint(f"categories <@ ARRAY[{CATEGORIES[1:-1]}]::text[]", name="categories"),
    )
    op.create_index("ix_agents_categories", "agents", ["categories"], postgresql_using="gin")
    op.create_table(
        "known_users",
        sa.Column("user_id", sa.Uuid(), primary_key=True),
        sa.Column("email", sa.Text()),
        sa.Column("full_name", sa.Text()),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_table(
        "known_orders",
        sa.Column("order_id", sa.Uuid(), primary_key=True),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("order_number", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_known_orders_user_id", "known_orders", ["user_id"])
    op.create_table(
        "refunds_paid",
        sa.Column("refund_id", sa.Uuid(), primary_key=True),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("completed_at", TS, nullable=False),
    )
    op.create_index("ix_refunds_paid_order_id", "refunds_paid", ["order_id"])
    op.create_table(
        "faqs",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("keywords", sa.Text(), nullable=False),
        sa.Column("language", sa.Text(), nullable=False),
        sa.Column("category", sa.Text()),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("search_vector", TSVECTOR, sa.Computed(FAQ_VECTOR_SQL, persisted=True)),
        sa.Column(
            "question_lexemes",
            ARRAY(sa.Text()),
            sa.Computed(FAQ_QUESTION_LEXEMES_SQL, persisted=True),
        ),
        sa.Column(
            "keyword_lexemes",
            ARRAY(sa.Text()),
            sa.Computed(FAQ_KEYWORD_LEXEMES_SQL, persisted=True),
        ),
        sa.CheckConstraint("language IN ('id', 'en')", name="language"),
    )
    op.create_index("ix_faqs_search", "faqs", ["search_vector"], postgresql_using="gin")
    op.create_table(
        "tickets",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("number", sa.Text(), nullable=False, unique=True),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid()),
        sa.Column("return_id", sa.Uuid(), unique=True),
        sa.Column("category", sa.Text(), nullable=False),
        sa.Column("priority", sa.Text(), nullable=False),
        sa.Column("opening_priority", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("assigned_agent_id", sa.Uuid(), sa.ForeignKey("agents.user_id")),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("first_responded_at", TS),
        sa.Column("resolved_at", TS),
        sa.Column("closed_at", TS),
        sa.Column("resolution", sa.Text()),
        *(
            sa.Column(f"{target}_{mark}_at", TS)
            for target in ("first_response", "resolution")
            for mark in ("due", "warning", "warned", "breached")
        ),
        sa.Column("escalated_at", TS),
        sa.Column("csat_score", sa.SmallInteger()),
        sa.Column("csat_comment", sa.Text()),
        sa.Column("rated_at", TS),
        sa.Column("return_received_at", TS),
        sa.Column("return_full", sa.Boolean()),
        sa.Column("return_refunded_at", TS),
        sa.CheckConstraint(f"category IN {CATEGORIES}", name="category"),
        sa.CheckConstraint(f"priority IN {PRIORITIES}", name="priority"),
        sa.CheckConstraint(
            "status IN ('open', 'in_progress', 'waiting_customer', 'resolved', 'closed')",
            name="status",
        ),
        sa.CheckConstraint("csat_score BETWEEN 1 AND 5", name="csat_score"),
    )
    op.create_index("ix_tickets_user_id", "tickets", ["user_id"])
    op.create_index("ix_tickets_agent_active", "tickets", ["assigned_agent_id", "status"])
    op.create_index(
        "ix_tickets_first_response_watch",
        "tickets",
        ["first_response_warning_at"],
        postgresql_where=sa.text(
            "first_responded_at IS NULL AND first_response_breached_at IS NULL"
        ),
    )
    op.create_index(
        "ix_tickets_resolution_watch",
        "tickets",
        ["resolution_warning_at"],
        postgresql_where=sa.text("resolution_breached_at IS NULL AND status <> 'closed'"),
    )
    op.create_index(
        "ix_tickets_resolved_close",
        "tickets",
        ["resolved_at"],
        postgresql_where=sa.text("status = 'resolved'"),
    )
    op.create_index(
        "ix_tickets_return_order",
        "tickets",
        ["order_id"],
        postgresql_where=sa.text("return_id IS NOT NULL"),
    )
    op.create_table(
        "ticket_pauses",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "ticket_id", sa.Uuid(), sa.ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("ended_at", TS),
    )
    op.create_index("ix_ticket_pauses_ticket_id", "ticket_pauses", ["ticket_id"])
    op.create_table(
        "ticket_messages",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column(
            "ticket_id", sa.Uuid(), sa.ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("author_id", sa.Uuid()),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("faq_id", sa.Uuid(), sa.ForeignKey("faqs.id", ondelete="SET NULL")),
        sa.Column("created_at", TS, nullable=False),
        sa.CheckConstraint("kind IN ('customer', 'agent', 'internal_note', 'auto')", name="kind"),
    )
    op.create_index("ix_ticket_messages_ticket", "ticket_messages", ["ticket_id", "seq"])


def downgrade() -> None:
    for table in (
        "ticket_messages",
        "ticket_pauses",
        "tickets",
        "faqs",
        "refunds_paid",
        "known_orders",
        "known_users",
        "agents",
    ):
        op.drop_table(table)
    op.execute(sa.schema.DropSequence(sa.Sequence("ticket_numbers")))
    drop_kit_tables(op.get_bind())
