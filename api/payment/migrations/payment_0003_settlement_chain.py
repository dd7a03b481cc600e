"""payment: settlements form a chain per seller and are immutable once recorded.

Each week links to the seller's previous recorded week (``previous_settlement_id``, unique: a
week has one successor; one head per seller), and keeps ``carry_since``, the week a positive
carry it passes on was first carried out (DOMAIN: paid after 4 weeks whatever its size).
Existing rows are linked in week order and their carry start derived before the trigger that
refuses any UPDATE, DELETE or TRUNCATE of a recorded week is installed.

Revision ID: payment_0003
Revises: payment_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "payment_0003"
down_revision = "payment_0002"
branch_labels = None
depends_on = None

_IMMUTABLE = """
CREATE FUNCTION settlements_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'settlements are immutable: a recorded week is never changed (%)', TG_OP
        USING ERRCODE = 'raise_exception';
END
$$
"""


def upgrade() -> None:
    op.add_column("settlements", sa.Column("carry_since", sa.Date(), nullable=True))
    op.add_column(
        "settlements",
        sa.Column("previous_settlement_id", sa.Uuid(), sa.ForeignKey("settlements.id")),
    )
    # link what was recorded before, in week order, and derive each positive carry's start:
    # a row whose carried_over_in is not positive starts a new run of carries
    op.execute(
        """
        WITH ordered AS (
            SELECT id, seller_id, period_start, carried_over_out,
                   lag(id) OVER w AS previous_id,
                   sum(CASE WHEN carried_over_in > 0 THEN 0 ELSE 1 END) OVER w AS run
            FROM settlements
            WINDOW w AS (PARTITION BY seller_id ORDER BY period_start)
        ), derived AS (
            SELECT id, previous_id, carried_over_out,
                   min(period_start) OVER (PARTITION BY seller_id, run) AS run_start
            FROM ordered
        )
        UPDATE settlements AS s
        SET previous_settlement_id = d.previous_id,
            carry_since = CASE WHEN d.carried_over_out > 0 THEN d.run_start END
        FROM derived AS d
        WHERE d.id = s.id
        """
    )
    op.create_unique_constraint(
        "uq_settlements_previous", "settlements", ["previous_settlement_id"]
    )
    op.create_index(
        "ux_settlements_chain_head",
        "settlements",
        ["seller_id"],
        unique=True,
        postgresql_where=sa.text("previous_settlement_id IS NULL"),
    )
    op.execute(_IMMUTABLE)
    op.execute(
        "CREATE TRIGGER settlements_immutable_rows BEFORE UPDATE OR DELETE ON settlements "
        "FOR EACH ROW EXECUTE FUNCTION settlements_are_immutable()"
    )
    op.execute(
        "CREATE TRIGGER settlements_immutable_table BEFORE TRUNCATE ON settlements "
        "FOR EACH STATEMENT EXECUTE FUNCTION settlements_are_immutable()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER settlements_immutable_table ON settlements")
    op.execute("DROP TRIGGER settlements_immutable_rows ON settlements")
    op.execute("DROP FUNCTION settlements_are_immutable()")
    op.drop_index("ux_settlements_chain_head", table_name="settlements")
    op.drop_constraint("uq_settlements_previous", "settlements", type_="unique")
    op.drop_column("settlements", "previous_settlement_id")
    op.drop_column("settlements", "carry_since")
