"""The seller's weekly statement ("Laporan Penghasilan"): the PDF the finance pack wrote for the
seller and week (``<statements_root>/<week>/statements/<seller_id>.pdf``), never recomputed here."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from uuid import UUID

from api.kit.errors import Unprocessable
from api.seller.errors import StatementNotFound


def statement_pdf(root: Path, *, seller_id: UUID, week: date) -> bytes:
    """The PDF of ``seller_id``'s settlement ``week`` (a Monday, WIB)."""
    if week.weekday() != 0:
        raise Unprocessable(
            f"{week.isoformat()} is not a Monday: settlement weeks start on Monday", field="week"
        )
    # the file is named by the caller's own id: another seller's statement cannot be named
    path = root / week.isoformat() / "statements" / f"{seller_id}.pdf"
    if not path.is_file():
        raise StatementNotFound(f"No statement for the week of {week.isoformat()}")
    return path.read_bytes()
