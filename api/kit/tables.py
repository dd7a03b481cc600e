"""The tables the kit owns in every service database: the outbox (and the relay's watermark) and
the inbox.

They live on their own MetaData (not a service's), are created by each service's first Alembic
revision through ``install_kit_tables``, and by tests on a fresh database the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    DDL,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Connection,
    DateTime,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

OUTBOX_CHANNEL = "lakoo_outbox"
OUTBOX_FILLFACTOR = 50
# pg_current_xact_id() is an xid8 (64 bits, never wraps); bigint keeps it plain for every client.
CURRENT_TXID = "(pg_current_xact_id()::text::bigint)"

kit_metadata = MetaData()

outbox = Table(
    "outbox",
    kit_metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("event_id", Uuid, nullable=False, unique=True),
    Column("aggregate_type", Text, nullable=False),
    Column("aggregate_id", Text, nullable=False),
    Column("event_type", Text, nullable=False),
    Column("topic", Text, nullable=False),
    Column("payload", JSONB, nullable=False),
    # event_version, producer and correlation_id: the rest of the envelope
    Column("headers", JSONB, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("published_at", DateTime(timezone=True), nullable=True),
    # The inserting transaction's id. The relay keeps a watermark below which every transaction
    # has ended, and finds rows of transactions that commit late (with ids below ones it already
    # published) through this index instead of an index on published_at.
    Column("txid", BigInteger, nullable=False, server_default=text(CURRENT_TXID)),
    Index("ix_outbox_txid", "txid"),
    # Marking a row published must stay a HOT update (no index touched, the new row version on
    # the same page): nothing indexes published_at — not even as a partial index's predicate —
    # and pages are half filled, so each row's published version fits beside it.
    postgresql_with={"fillfactor": OUTBOX_FILLFACTOR},
)

# The relay's watermark (a transaction id: every transaction below it has ended and its rows are
# on Kafka), kept so a new leader rescans only from there rather than the whole retention period.
outbox_watermark = Table(
    "outbox_watermark",
    kit_metadata,
    Column("singleton", Boolean, primary_key=True, server_default=text("true")),
    Column("txid", BigInteger, nullable=False),
    CheckConstraint("singleton", name="ck_outbox_watermark_singleton"),
)

processed_events = Table(
    "processed_events",
    kit_metadata,
    Column("event_id", Uuid, nullable=False),
    Column("consumer", Text, nullable=False),
    Column("event_type", Text, nullable=False),
    Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("event_id", "consumer"),
)

# One NOTIFY per inserting statement wakes the relay at once; PostgreSQL folds identical
# notifications of one transaction into one, so a busy writer costs the relay one wake-up.
_NOTIFY_FUNCTION = DDL(
    f"""
    CREATE OR REPLACE FUNCTION lakoo_outbox_notify() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('{OUTBOX_CHANNEL}', '');
        RETURN NULL;
    END $$
    """
)
_NOTIFY_TRIGGER = DDL(
    """
    CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION lakoo_outbox_notify()
    """
)


# An outbox created by the first kit revision: no-ops on one created from the metadata above.
_OUTBOX_UPGRADES = (
    f"ALTER TABLE outbox SET (fillfactor = {OUTBOX_FILLFACTOR})",
    f"ALTER TABLE outbox ADD COLUMN IF NOT EXISTS txid bigint NOT NULL DEFAULT {CURRENT_TXID}",
    "CREATE INDEX IF NOT EXISTS ix_outbox_txid ON outbox (txid)",
    "DROP INDEX IF EXISTS ix_outbox_unpublished",
)
_OUTBOX_DOWNGRADES = (
    "DROP TABLE IF EXISTS outbox_watermark",
    "DROP INDEX IF EXISTS ix_outbox_txid",
    "ALTER TABLE outbox DROP COLUMN IF EXISTS txid",
    "ALTER TABLE outbox RESET (fillfactor)",
    "CREATE INDEX IF NOT EXISTS ix_outbox_unpublished ON outbox (id) WHERE published_at IS NULL",
)


def install_kit_tables(connection: Connection) -> None:
    """Create — or bring up to date — the outbox (with its NOTIFY trigger), the relay's watermark
    and the inbox on ``connection``'s database. Idempotent: a service's first revision runs it,
    and so does each later kit revision."""
    kit_metadata.create_all(connection, checkfirst=True)
    for statement in _OUTBOX_UPGRADES:
        connection.execute(DDL(statement))
    connection.execute(_NOTIFY_FUNCTION)
    connection.execute(DDL("DROP TRIGGER IF EXISTS outbox_notify ON outbox"))
    connection.execute(_NOTIFY_TRIGGER)


def downgrade_kit_outbox(connection: Connection) -> None:
    """Back to the first outbox shape (a partial index on unpublished rows, no watermark)."""
    for statement in _OUTBOX_DOWNGRADES:
        connection.execute(DDL(statement))


def kit_outbox_revision() -> tuple[Callable[[], None], Callable[[], None]]:
    """``upgrade`` and ``downgrade`` of the outbox revision every service's history carries."""
    from alembic import op

    def upgrade() -> None:
        install_kit_tables(op.get_bind())

    def downgrade() -> None:
        downgrade_kit_outbox(op.get_bind())

    return upgrade, downgrade


def drop_kit_tables(connection: Connection) -> None:
    """Undo ``install_kit_tables`` (a service's first revision's downgrade)."""
    kit_metadata.drop_all(connection, checkfirst=True)
    connection.execute(DDL("DROP FUNCTION IF EXISTS lakoo_outbox_notify()"))


# Constraint and index names every service's MetaData derives (``MetaData(naming_convention=
# NAMING_CONVENTION)``), so migrations and models agree on names without spelling them out.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
