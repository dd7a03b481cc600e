"""How the pack writes money and weeks: Indonesian rupiah (``Rp 1.234.567``) and WIB weeks."""

from __future__ import annotations

from datetime import date, timedelta

_MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_BULAN = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Mei",
    "Jun",
    "Jul",
    "Agu",
    "Sep",
    "Okt",
    "Nov",
    "Des",
)

# Excel shows the thousands separator of the reader's locale (a dot in Indonesian Excel)
EXCEL_RUPIAH = '"Rp "#,##0;-"Rp "#,##0'


def rupiah(amount: int | None) -> str:
    """``Rp 1.234.567`` (Indonesian grouping with dots); negatives as ``-Rp 1.234``."""
    if amount is None:
        return "–"
    grouped = f"{abs(int(amount)):,}".replace(",", ".")
    return f"-Rp {grouped}" if amount < 0 else f"Rp {grouped}"


def day(value: date, *, indonesian: bool = False) -> str:
    """``5 Oct 2026`` (or ``5 Okt 2026``)."""
    months = _BULAN if indonesian else _MONTHS
    return f"{value.day} {months[value.month - 1]} {value.year}"


def week_label(monday: date, *, indonesian: bool = False) -> str:
    """The settlement week as a person reads it: Monday 00:00 to Sunday 24:00 WIB."""
    sunday = monday + timedelta(days=6)
    return f"{day(monday, indonesian=indonesian)} – {day(sunday, indonesian=indonesian)} (WIB)"
