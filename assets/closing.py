"""Closing settlement weeks: the finance marts' figures of every ended week up to one, recorded
once in ``closing.*`` (DOMAIN "Settlement weeks close"); nothing ever changes them after.

Weeks close in order, so the closed weeks are a prefix of the calendar: closing week W closes
every open week up to W. Within one transaction holding the lock ``settlement_lines`` takes
(macros/closing.sql), the marts are checked against the lines they were computed from — a run
never records figures computed before its week ended, from fewer lines than are there, or off
the chain of the weeks already closed — and then the weeks themselves, the seller and house
figures the views show for them, and every line of the weeks are inserted. A late event for
a closed week becomes a line of the next open week (settlement_lines), never a change here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import psycopg

LOCK = "select pg_advisory_xact_lock(hashtext('lakoo:settlement-close'))"


class CloseRefused(Exception):
    """The weeks cannot be closed now (not ended, or the marts do not match their lines)."""


@dataclass
class Closed:
    """What one closing did: the weeks it closed (none if ``through`` was closed already)."""

    through: date
    weeks: list[date] = field(default_factory=list)
    sellers: int = 0
    lines: int = 0
    late_lines: int = 0


# (party, week) sums of the lines against the marts' rows for the weeks being closed
_STALE = """
with lines as (
    select party, settlement_week,
           coalesce(sum(amount) filter (where line_type = 'sale'), 0) as gross,
           coalesce(-sum(amount) filter (where line_type = 'refund'), 0) as refunds,
           coalesce(-sum(amount) filter (where line_type = 'gateway_fee'), 0) as gateway_fees,
           count(*) as line_count
    from finance.settlement_lines
    where settlement_week between %(first)s and %(through)s
    group by party, settlement_week
),
marts as (
    select seller_id::text as party, settlement_week, gross, refunds, gateway_fees, line_count
    from finance.seller_settlements
    where settlement_week between %(first)s and %(through)s and line_count > 0
    union all
    select 'house', settlement_week, gross, refunds, gateway_fees, line_count
    from finance.house_settlements
    where settlement_week between %(first)s and %(through)s
)
select coalesce(l.party, m.party), coalesce(l.settlement_week, m.settlement_week),
       l.gross, m.gross, l.line_count, m.line_count
from lines as l
full join marts as m on m.party = l.party and m.settlement_week = l.settlement_week
where m.party is null or l.party is null
   or (l.gross, l.refunds, l.gateway_fees, l.line_count)
      is distinct from (m.gross, m.refunds, m.gateway_fees, m.line_count)
limit 5
"""

# each seller's first row being closed must carry on from its last closed week
_OFF_CHAIN = """
with first_open as (
    select distinct on (seller_id) seller_id, settlement_week, carried_over_in, previous_week
    from finance.seller_settlements
    where settlement_week between %(first)s and %(through)s
    order by seller_id, settlement_week
),
last_closed as (
    select distinct on (seller_id) seller_id, settlement_week, carried_over_out
    from closing.seller_settlements
    order by seller_id, settlement_week desc
)
select f.seller_id, f.settlement_week, f.carried_over_in, l.carried_over_out
from first_open as f
left join last_closed as l using (seller_id)
where f.carried_over_in <> coalesce(l.carried_over_out, 0)
   or f.previous_week is distinct from l.settlement_week
limit 5
"""

_INSERT_WEEKS = """
insert into closing.weeks (settlement_week, closed_at, closed_by, sellers, lines, late_lines)
select w.week, now(), %(closed_by)s,
       (select count(*) from closing_sellers as s where s.settlement_week = w.week),
       (select count(*) from finance.settlement_lines as l where l.settlement_week = w.week),
       (select count(*) from finance.settlement_lines as l
        where l.settlement_week = w.week and l.is_late)
from (
    select d::date as week
    from generate_series(%(first)s::date, %(through)s::date, interval '7 days') as d
) as w
"""

_SELLER_COLUMNS = (
    "settlement_key, settlement_id, seller_id, settlement_week, settlement_week_end, gross, "
    "refunds, gateway_fees, commission_rate_bps, commission, carried_over_in, net, payout, "
    "carried_over_out, carry_due, carry_since, previous_week, line_count, late_line_count, "
    "late_amount"
)
_HOUSE_COLUMNS = (
    "settlement_week, settlement_week_end, gross, refunds, gateway_fees, net, line_count, "
    "late_line_count"
)


def _one(conn: psycopg.Connection, query: str) -> object:
    row = conn.execute(query).fetchone()
    return row[0] if row else None


def _weeks_to_close(conn: psycopg.Connection, through: date) -> list[date]:
    closed_through = _one(conn, "select max(settlement_week) from closing.weeks")
    if isinstance(closed_through, date):
        first = closed_through + timedelta(days=7)
    else:  # the first closing: from the first week with anything to settle
        earliest = _one(
            conn,
            "select least((select min(settlement_week) from finance.settlement_lines),"
            " (select min(settlement_week) from finance.seller_settlements))",
        )
        first = min(earliest, through) if isinstance(earliest, date) else through
    return [first + timedelta(days=7 * n) for n in range((through - first).days // 7 + 1)]


def _check_marts(conn: psycopg.Connection, first: date, through: date) -> None:
    status = conn.execute("select last_ended_week from finance.settlement_status").fetchone()
    if status is None or status[0] < through:
        raise CloseRefused(
            f"the finance models last ran before week {through} ended: run them again, then close"
        )
    window = {"first": first, "through": through}
    stale = conn.execute(_STALE, window).fetchall()
    if stale:
        raise CloseRefused(
            "the settlement marts do not match their lines (finance models stale; run them "
            f"again, then close): {[(str(r[0]), str(r[1])) for r in stale]}"
        )
    off_chain = conn.execute(_OFF_CHAIN, window).fetchall()
    if off_chain:
        raise CloseRefused(
            "the settlement marts do not carry on from the closed weeks (run the finance "
            f"models again, then close): {[(str(r[0]), str(r[1])) for r in off_chain]}"
        )


def close_through(
    conn: psycopg.Connection, through: date, *, today: date, closed_by: str
) -> Closed:
    """Close every open week up to ``through`` (a Monday) — a no-op once it is closed."""
    if through.weekday() != 0:
        raise CloseRefused(f"{through} is not a Monday: settlement weeks start on Mondays (WIB)")
    if through + timedelta(days=7) > today:
        raise CloseRefused(f"week {through} has not ended (it ends Sunday 24:00 WIB)")
    result = Closed(through=through)
    with conn.transaction():
        conn.execute(LOCK)
        try:
            weeks = _weeks_to_close(conn, through)
        except psycopg.errors.UndefinedTable as exc:
            raise CloseRefused(f"the finance models have not run on this database ({exc})") from exc
        if not weeks or weeks[0] > through:
            return result  # closed before: its figures stand as recorded
        first = weeks[0]
        _check_marts(conn, first, through)
        window = {"first": first, "through": through, "closed_by": closed_by}
        # the weeks' rows as the views compute them now, before the weeks count as closed
        for name, view in (("sellers", "seller_settlements"), ("house", "house_settlements")):
            conn.execute(
                f"create temporary table closing_{name} on commit drop as"
                f" select * from finance.{view}"
                " where not is_closed and settlement_week between %(first)s and %(through)s",
                window,
            )
        conn.execute(_INSERT_WEEKS, window)
        result.sellers = conn.execute(
            f"insert into closing.seller_settlements ({_SELLER_COLUMNS}, closed_at)"
            f" select {_SELLER_COLUMNS}, now() from closing_sellers"
        ).rowcount
        conn.execute(
            f"insert into closing.house_settlements ({_HOUSE_COLUMNS}, closed_at)"
            f" select {_HOUSE_COLUMNS}, now() from closing_house"
        )
        conn.execute(
            "insert into closing.settled_lines (line_id, settlement_week)"
            " select line_id, settlement_week from finance.settlement_lines"
            " where settlement_week between %(first)s and %(through)s",
            window,
        )
        totals = conn.execute(
            "select count(*), coalesce(sum(lines), 0), coalesce(sum(late_lines), 0)"
            " from closing.weeks where settlement_week between %(first)s and %(through)s",
            window,
        ).fetchone()
        assert totals is not None and totals[0] == len(weeks)
        result.weeks, result.lines, result.late_lines = weeks, int(totals[1]), int(totals[2])
    return result
