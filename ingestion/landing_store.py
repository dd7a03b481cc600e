"""The PostgreSQL side of landing: the lock, stored offsets, and one transaction per batch."""

from __future__ import annotations

from collections.abc import Sequence

import psycopg
from psycopg import errors

from ingestion.landing_rows import EVENT_COLUMNS, Rejection

_COLUMNS = ", ".join(f'"{name}"' for name in EVENT_COLUMNS)
_COPY_EVENTS = f"COPY raw.events ({_COLUMNS}) FROM STDIN"
_COPY_STAGING = f"COPY landing_batch ({_COLUMNS}) FROM STDIN"


class LandingStore:
    """Writes batches for one consumer group over one connection (not thread-safe)."""

    def __init__(self, conn: psycopg.Connection, group: str) -> None:
        self._conn = conn
        self._group = group
        self._staging_ready = False

    def try_lock(self) -> bool:
        """Take the session advisory lock of the group; false when another lander holds it."""
        row = self._conn.execute(
            "SELECT pg_try_advisory_lock(hashtext('lakoo.landing:' || %s))", (self._group,)
        ).fetchone()
        self._conn.commit()
        return bool(row and row[0])

    def unlock(self) -> None:
        """Give the lock back (closing the connection does too)."""
        if self._conn.closed:
            return
        self._conn.rollback()
        self._conn.execute(
            "SELECT pg_advisory_unlock(hashtext('lakoo.landing:' || %s))", (self._group,)
        )
        self._conn.commit()

    def load_offsets(self, topics: Sequence[str]) -> dict[tuple[str, int], int]:
        """The next offset to read per (topic, partition), as committed with the data."""
        rows = self._conn.execute(
            'SELECT topic, "partition", next_offset FROM raw.kafka_offsets '
            "WHERE consumer_group = %s AND topic = ANY(%s)",
            (self._group, list(topics)),
        ).fetchall()
        self._conn.commit()
        return {(topic, partition): offset for topic, partition, offset in rows}

    def write_batch(
        self,
        rows: list[bytes],
        rejections: list[Rejection],
        next_offsets: dict[tuple[str, int], int],
    ) -> int:
        """Land rows, rejections and offsets in one transaction; return rows newly inserted."""
        with self._conn.transaction():
            landed = self._copy_events(rows) if rows else 0
            with self._conn.cursor() as cur:
                if rejections:
                    cur.executemany(
                        'INSERT INTO raw.rejected_events (topic, "partition", "offset", '
                        "message_key, message_value, error) VALUES (%s, %s, %s, %s, %s, %s) "
                        'ON CONFLICT (topic, "partition", "offset") DO NOTHING',
                        [
                            (r.topic, r.partition, r.offset, r.key, r.value, r.error)
                            for r in rejections
                        ],
                    )
                cur.executemany(
                    "INSERT INTO raw.kafka_offsets "
                    '(consumer_group, topic, "partition", next_offset) '
                    'VALUES (%s, %s, %s, %s) ON CONFLICT (consumer_group, topic, "partition") '
                    "DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()",
                    [(self._group, t, p, o) for (t, p), o in next_offsets.items()],
                )
        return landed

    def _copy_events(self, rows: list[bytes]) -> int:
        # Fast path: COPY straight into raw.events. A duplicate event_id (a producer retry, or
        # the same event twice in one batch) aborts it; only then pay for the staging table and
        # INSERT ... ON CONFLICT, which keeps the common case at plain COPY speed.
        try:
            with self._conn.transaction(), self._conn.cursor() as cur:
                with cur.copy(_COPY_EVENTS) as copy:
                    copy.write(b"".join(rows))
                return len(rows)
        except errors.UniqueViolation:
            pass
        with self._conn.cursor() as cur:
            if not self._staging_ready:
                cur.execute(
                    "CREATE TEMP TABLE IF NOT EXISTS landing_batch "
                    "(LIKE raw.events INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
                )
                cur.execute("ALTER TABLE landing_batch DROP COLUMN landing_id")
                self._staging_ready = True
            with cur.copy(_COPY_STAGING) as copy:
                copy.write(b"".join(rows))
            cur.execute(
                f"INSERT INTO raw.events ({_COLUMNS}) "
                f"SELECT DISTINCT ON (event_id) {_COLUMNS} FROM landing_batch "
                'ORDER BY event_id, "offset" ON CONFLICT (event_id) DO NOTHING'
            )
            return cur.rowcount
