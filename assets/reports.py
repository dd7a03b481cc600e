"""Finance report files for one settlement week: CSV + Parquet per mart (polars, for analysts)
and the finance pack (``assets.pack``): ``summary.html``, ``settlement.xlsx`` and a PDF
statement per seller under ``statements/``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assets.pack.figures import WeekPack
from assets.pack.statement import write_statements
from assets.pack.summary import render_summary
from assets.pack.workbook import write_workbook

if TYPE_CHECKING:
    import polars as pl

SUMMARY = "summary.html"
WORKBOOK = "settlement.xlsx"
STATEMENTS = "statements"


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


def write_week(directory: Path, frames: dict[str, pl.DataFrame], pack: WeekPack) -> list[Path]:
    """Write ``<name>.csv`` and ``<name>.parquet`` per frame, then the week's finance pack."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, df in frames.items():
        df.write_csv(directory / f"{name}.csv")
        df.write_parquet(directory / f"{name}.parquet")
        written += [directory / f"{name}.csv", directory / f"{name}.parquet"]
    summary = directory / SUMMARY
    summary.write_text(render_summary(pack), encoding="utf-8")
    written.append(summary)
    written.append(write_workbook(directory / WORKBOOK, pack))
    written += write_statements(directory / STATEMENTS, pack)
    return written
