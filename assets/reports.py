"""Finance report files for one settlement week: CSV + Parquet per mart (polars) and HTML."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl


def frame(names: list[str], rows: list[tuple]) -> pl.DataFrame:
    """A polars frame from DB-API rows (uuids as text so CSV and Parquet agree)."""
    import polars as pl  # imported when a report is written, not when the code loads

    columns = (
        {
            name: [str(v) if v is not None and type(v).__name__ == "UUID" else v for v in values]
            for name, values in zip(names, zip(*rows, strict=True), strict=True)
        }
        if rows
        else {name: [] for name in names}
    )
    return pl.DataFrame(columns, strict=False)


def write_week(directory: Path, frames: dict[str, pl.DataFrame], week: str) -> list[Path]:
    """Write ``<name>.csv`` and ``<name>.parquet`` per frame and ``summary.html``."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, df in frames.items():
        df.write_csv(directory / f"{name}.csv")
        df.write_parquet(directory / f"{name}.parquet")
        written += [directory / f"{name}.csv", directory / f"{name}.parquet"]
    summary = directory / "summary.html"
    summary.write_text(_html(frames, week))
    written.append(summary)
    return written


def _table(df: pl.DataFrame, columns: list[str]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_fmt(row[c]))}</td>" for c in columns) + "</tr>"
        for row in df.select(columns).iter_rows(named=True)
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _fmt(value: object) -> str:
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _html(frames: dict[str, pl.DataFrame], week: str) -> str:
    import polars as pl

    sellers = frames["seller_settlements"]
    house = frames["house_settlements"]
    money = ["gross", "refunds", "gateway_fees", "commission", "net", "payout", "carried_over_out"]
    overall = {c: int(sellers[c].sum()) if sellers.height else 0 for c in money}
    per_seller = ["seller_id", *money[:4], "carried_over_in", *money[4:], "late_line_count"]
    return (
        "<!doctype html><meta charset='utf-8'>"
        f"<title>LAKOO settlement week {html.escape(week)}</title>"
        "<style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:right}</style>"
        f"<h1>Settlement week {html.escape(week)} (WIB), closed</h1>"
        "<p>Late lines arrived after their own week had closed and settle here, keeping their"
        " business date (settlement_lines: is_late, business_date).</p>"
        f"<h2>Overall (sellers: {sellers.height})</h2>"
        + _table(pl.DataFrame([overall]), money)
        + "<h2>Per seller</h2>"
        + _table(sellers, per_seller)
        + "<h2>House brands (LAKOO, reported apart)</h2>"
        + _table(house, ["gross", "refunds", "gateway_fees", "net", "line_count"])
    )
