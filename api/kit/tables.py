"""The tables the kit owns in every service database: the outbox and the inbox.

They live on their own MetaData (not a service's), are created by each service's first Alembic
revision through ``install_kit_tables``, and by tests on a fresh database the same way.
"""

from __future__ import annotations

from sqlalchemy import (
    DDL,
    BigInteger,
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
    # The relay only ever scans unpublished rows in id order; a partial index keeps that scan
    # small however many published rows await pruning. Nothing else indexes published_at: every
    # index on it would be one more write for each row the relay marks.
    Index("ix_outbox_unpublished", "id", postgresql_where=text("published_at IS NULL")),
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


def install_kit_tables(connection: Connection) -> None:
    """Create the outbox (with its NOTIFY trigger) and the inbox on ``connection``'s database."""
    kit_metadata.create_all(connection, checkfirst=True)
    connection.execute(_NOTIFY_FUNCTION)
    connection.execute(DDL("DROP TRIGGER IF EXISTS outbox_notify ON outbox"))
    connection.execute(_NOTIFY_TRIGGER)


def drop_kit_tables(connection: Connection) -> None:
    """Undo ``install_kit_tables`` (a service's first revision's downgrade)."""
    kit_metadata.drop_all(connection, checkfirst=True)
    connection.execute(DDL("DROP FUNCTION IF EXISTS lakoo_outbox_notify()"))
