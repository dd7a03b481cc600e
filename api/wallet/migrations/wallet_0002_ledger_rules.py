"""wallet: the ledger's rules, enforced by the database whatever the code does — Σ postings = 0
per transaction and every transaction posted (checked by each insert, a transaction and its legs
written together in one statement), postings and transactions
immutable, user accounts never below zero, holds settled at most once, withdrawals moving only
forward; and the platform's accounts.

Revision ID: wallet_0002
Revises: wallet_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from api.wallet.service.ledger.accounts import Platform, platform_account_id

revision = "wallet_0002"
down_revision = "wallet_0001"
branch_labels = None
depends_on = None

_ACCOUNT_CHECKS = (
    "ALTER TABLE accounts ADD CONSTRAINT ck_accounts_kind "
    "CHECK (kind IN ('available', 'promotional', 'held', 'platform'))",
    "ALTER TABLE accounts ADD CONSTRAINT ck_accounts_wallet "
    "CHECK ((kind = 'platform') = (wallet_id IS NULL))",
    # DOMAIN.md: a user account never goes below zero (platform accounts are the other side)
    "ALTER TABLE accounts ADD CONSTRAINT ck_accounts_user_not_negative "
    "CHECK (kind = 'platform' OR balance >= 0)",
)

_IMMUTABLE = """
CREATE FUNCTION wallet_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'wallet ledger: % rows are immutable (% refused); a mistake is corrected '
        'by a new transaction', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END $$
"""

# Once per INSERT statement on postings (the new rows in a transition table): every transaction
# the statement wrote postings for must now sum to zero over at least two legs, and all of its
# postings must be in this statement — a transaction's legs are written together, once, and
# nothing can be added to it later, balanced or not. One check per statement, not per posting:
# the engine writes a whole batch's postings in one statement.
_BALANCED = """
CREATE FUNCTION wallet_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    offending uuid;
    total numeric;
    legs integer;
BEGIN
    SELECT p.transaction_id, sum(p.amount), count(*) INTO offending, total, legs
    FROM postings p
    JOIN (SELECT transaction_id, count(*) AS written FROM fresh GROUP BY transaction_id) f
      ON f.transaction_id = p.transaction_id
    GROUP BY p.transaction_id, f.written
    HAVING sum(p.amount) <> 0 OR count(*) < 2 OR count(*) <> f.written
    LIMIT 1;
    IF offending IS NOT NULL THEN
        RAISE EXCEPTION 'wallet ledger: transaction % is unbalanced (% postings, sum %) or '
            'its postings were not written together', offending, legs, total
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$
"""

# A transaction row without postings would be a hole in the ledger: once per INSERT statement
# on transactions, every new transaction must have its postings by the end of the statement
# (the engine writes both in one statement; AFTER triggers of a statement's parts fire when the
# whole statement is done).
_POSTED = """
CREATE FUNCTION wallet_check_posted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    empty uuid;
BEGIN
    SELECT t.id INTO empty FROM fresh t
    WHERE NOT EXISTS (SELECT 1 FROM postings p WHERE p.transaction_id = t.id) LIMIT 1;
    IF empty IS NOT NULL THEN
        RAISE EXCEPTION 'wallet ledger: transaction % has no postings', empty
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$
"""

_HOLD_SETTLES_ONCE = """
CREATE FUNCTION wallet_hold_settles_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'active' THEN
        RAISE EXCEPTION 'wallet ledger: hold % is already %', OLD.id, OLD.status
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF (NEW.id, NEW.wallet_id, NEW.amount, NEW.promotional_amount, NEW.purpose,
        NEW.hold_transaction_id, NEW.reference_type, NEW.reference_id, NEW.created_at)
       IS DISTINCT FROM
       (OLD.id, OLD.wallet_id, OLD.amount, OLD.promotional_amount, OLD.purpose,
        OLD.hold_transaction_id, OLD.reference_type, OLD.reference_id, OLD.created_at) THEN
        RAISE EXCEPTION 'wallet ledger: the terms of hold % never change', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$
"""

_WITHDRAWAL_MOVES_FORWARD = """
CREATE FUNCTION wallet_withdrawal_moves_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status IN ('completed', 'failed') THEN
        RAISE EXCEPTION 'wallet: withdrawal % is already %', OLD.id, OLD.status
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF NOT (NEW.status = OLD.status
            OR (OLD.status = 'requested' AND NEW.status IN ('processing', 'completed', 'failed'))
            OR (OLD.status = 'processing' AND NEW.status IN ('completed', 'failed'))) THEN
        RAISE EXCEPTION 'wallet: withdrawal % cannot go from % to %', OLD.id, OLD.status,
            NEW.status USING ERRCODE = 'restrict_violation';
    END IF;
    IF (NEW.id, NEW.wallet_id, NEW.user_id, NEW.amount, NEW.hold_id, NEW.bank_code,
        NEW.account_number, NEW.idempotency_key)
       IS DISTINCT FROM
       (OLD.id, OLD.wallet_id, OLD.user_id, OLD.amount, OLD.hold_id, OLD.bank_code,
        OLD.account_number, OLD.idempotency_key) THEN
        RAISE EXCEPTION 'wallet: the terms of withdrawal % never change', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$
"""

_TRIGGERS = (
    "CREATE TRIGGER postings_immutable BEFORE UPDATE OR DELETE ON postings "
    "FOR EACH ROW EXECUTE FUNCTION wallet_refuse_change()",
    "CREATE TRIGGER postings_not_truncated BEFORE TRUNCATE ON postings "
    "FOR EACH STATEMENT EXECUTE FUNCTION wallet_refuse_change()",
    "CREATE TRIGGER transactions_immutable BEFORE UPDATE OR DELETE ON transactions "
    "FOR EACH ROW EXECUTE FUNCTION wallet_refuse_change()",
    "CREATE TRIGGER transactions_not_truncated BEFORE TRUNCATE ON transactions "
    "FOR EACH STATEMENT EXECUTE FUNCTION wallet_refuse_change()",
    "CREATE TRIGGER postings_balanced AFTER INSERT ON postings REFERENCING NEW TABLE AS fresh "
    "FOR EACH STATEMENT EXECUTE FUNCTION wallet_check_balanced()",
    "CREATE TRIGGER transactions_posted AFTER INSERT ON transactions "
    "REFERENCING NEW TABLE AS fresh FOR EACH STATEMENT EXECUTE FUNCTION wallet_check_posted()",
    "CREATE TRIGGER holds_settle_once BEFORE UPDATE ON holds "
    "FOR EACH ROW EXECUTE FUNCTION wallet_hold_settles_once()",
    "CREATE TRIGGER holds_kept BEFORE DELETE ON holds "
    "FOR EACH ROW EXECUTE FUNCTION wallet_refuse_change()",
    "CREATE TRIGGER withdrawals_move_forward BEFORE UPDATE ON withdrawals "
    "FOR EACH ROW EXECUTE FUNCTION wallet_withdrawal_moves_forward()",
    "CREATE TRIGGER withdrawals_kept BEFORE DELETE ON withdrawals "
    "FOR EACH ROW EXECUTE FUNCTION wallet_refuse_change()",
)

_TRIGGERED_TABLES = {
    "postings": ("postings_immutable", "postings_not_truncated", "postings_balanced"),
    "transactions": ("transactions_immutable", "transactions_not_truncated", "transactions_posted"),
    "holds": ("holds_settle_once", "holds_kept"),
    "withdrawals": ("withdrawals_move_forward", "withdrawals_kept"),
}
_FUNCTIONS = (
    "wallet_refuse_change",
    "wallet_check_balanced",
    "wallet_check_posted",
    "wallet_hold_settles_once",
    "wallet_withdrawal_moves_forward",
)


def upgrade() -> None:
    for statement in _ACCOUNT_CHECKS:
        op.execute(statement)
    for function in (_IMMUTABLE, _BALANCED, _POSTED, _HOLD_SETTLES_ONCE, _WITHDRAWAL_MOVES_FORWARD):
        op.execute(function)
    for trigger in _TRIGGERS:
        op.execute(trigger)
    # data, not a rule: kept by the downgrade, so a second upgrade finds them there
    for platform in Platform:
        op.execute(
            sa.text(
                "INSERT INTO accounts (id, code, kind) VALUES (:id, :code, 'platform') "
                "ON CONFLICT (code) DO NOTHING"
            ).bindparams(id=platform_account_id(platform), code=platform.value)
        )


def downgrade() -> None:
    for table, triggers in _TRIGGERED_TABLES.items():
        for trigger in triggers:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    for function in _FUNCTIONS:
        op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    for name in ("ck_accounts_user_not_negative", "ck_accounts_wallet", "ck_accounts_kind"):
        op.execute(f"ALTER TABLE accounts DROP CONSTRAINT IF EXISTS {name}")
