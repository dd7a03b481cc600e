"""Many rows in one statement: ``INSERT … SELECT FROM unnest(…)`` and ``UPDATE … FROM unnest(…)``.

A multi-row ``VALUES`` list binds one parameter per cell (asyncpg stops at 32,767, so a batch of
a thousand wide rows does not fit) and is a new statement text for every batch size. Here each
column travels as ONE array parameter, so the statement is the same whatever the number of rows
(prepared once, cached by the driver) and a batch is one round trip. JSON columns travel as text
arrays and are cast back per row (asyncpg has no codec for ``jsonb[]`` parameters).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Result
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import JSON

_DIALECT = postgresql.dialect()


def _is_json(table: Table, name: str) -> bool:
    return isinstance(table.c[name].type, JSON)


def _array_type(table: Table, name: str) -> str:
    if _is_json(table, name):
        return "text[]"
    return f"{table.c[name].type.compile(dialect=_DIALECT)}[]"


def _arrays(
    table: Table, names: Sequence[str], rows: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for name in names:
        values = [row[name] for row in rows]
        if _is_json(table, name):
            values = [None if v is None else json.dumps(v) for v in values]
        params[f"a_{name}"] = values
    return params


def _unnest(table: Table, names: Sequence[str]) -> str:
    arrays = ", ".join(f"CAST(:a_{n} AS {_array_type(table, n)})" for n in names)
    return f"unnest({arrays}) AS t({', '.join(names)})"


def _value(table: Table, name: str) -> str:
    return f"t.{name}::jsonb" if _is_json(table, name) else f"t.{name}"


async def insert_rows(
    session: AsyncSession,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    on_conflict_do_nothing: str | None = None,
    returning: Sequence[str] = (),
) -> Result[Any]:
    """Insert ``rows`` (dicts with the same keys) in one statement.

    ``on_conflict_do_nothing`` names a constraint (or a parenthesised column list) whose
    conflicts are skipped — rows repeated within ``rows`` too. ``returning`` lists the columns
    answered for the rows actually inserted.
    """
    names = list(rows[0]) if rows else [c.name for c in table.primary_key]
    values = ", ".join(_value(table, n) for n in names)
    columns = ", ".join(names)
    sql = f"INSERT INTO {table.name} ({columns}) SELECT {values} FROM {_unnest(table, names)}"
    if on_conflict_do_nothing:
        target = (
            on_conflict_do_nothing
            if on_conflict_do_nothing.startswith("(")
            else f"ON CONSTRAINT {on_conflict_do_nothing}"
        )
        sql += f" ON CONFLICT {target} DO NOTHING"
    if returning:
        sql += f" RETURNING {', '.join(returning)}"
    return await session.execute(text(sql), _arrays(table, names, rows))


async def update_rows(
    session: AsyncSession,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    key: str,
    match: Sequence[str] = (),
    set_sql: Mapping[str, str] | None = None,
    where_sql: str | None = None,
    returning: Sequence[str] = (),
) -> Result[Any]:
    """Update many rows, each with its own values, in one statement.

    Every key of the rows but ``key`` and the ``match`` columns is assigned; a row changes only
    where ``key`` and every ``match`` column equal its values (e.g. that an attempt is still the
    caller's). ``set_sql`` gives a column's new value as an expression (of ``t.<column>``, the
    row's value, and ``<table>.<column>``, the current one) — a ``match`` column too, so a
    counter can be compared and then moved; ``where_sql`` adds a condition.
    ``returning`` columns are qualified with the table name.
    """
    names = list(rows[0]) if rows else [key, *match]
    overrides = dict(set_sql or {})
    compared = [key, *match]
    assigned = [n for n in names if n not in compared] + [n for n in overrides if n in compared]
    assignments = ", ".join(f"{n} = {overrides.get(n, _value(table, n))}" for n in assigned)
    conditions = " AND ".join(f"{table.name}.{n} = t.{n}" for n in compared)
    sql = f"UPDATE {table.name} SET {assignments} FROM {_unnest(table, names)} WHERE {conditions}"
    if where_sql:
        sql += f" AND ({where_sql})"
    if returning:
        sql += " RETURNING " + ", ".join(f"{table.name}.{c}" for c in returning)
    return await session.execute(text(sql), _arrays(table, names, rows))
