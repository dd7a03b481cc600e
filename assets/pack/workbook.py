"""``settlement.xlsx``: the workbook finance opens (summary, per seller, lines, reconciliation)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assets.pack.figures import WeekPack, is_earlier_refund
from assets.pack.money import EXCEL_RUPIAH, week_label

# (heading, key, kind): kind "money" gets the rupiah format, "date" a date format
Column = tuple[str, str, str]

SELLER_COLUMNS: list[Column] = [
    ("Shop", "shop_name", "text"),
    ("Seller number", "seller_number", "text"),
    ("Gross", "gross", "money"),
    ("Refunds", "refunds", "money"),
    ("Gateway fees", "gateway_fees", "money"),
    ("Commission rate (bps)", "commission_rate_bps", "int"),
    ("Commission", "commission", "money"),
    ("Carried in", "carried_over_in", "money"),
    ("Net", "net", "money"),
    ("Payout", "payout", "money"),
    ("Carried out", "carried_over_out", "money"),
    ("Lines", "line_count", "int"),
    ("Late lines", "late_line_count", "int"),
    ("Note", "note", "text"),
]
LINE_COLUMNS: list[Column] = [
    ("Shop", "shop", "text"),
    ("Kind", "line_type", "text"),
    ("Order number", "order_number", "text"),
    ("Order date", "order_date", "date"),
    ("Refund number", "refund_number", "text"),
    ("Business date", "business_date", "date"),
    ("Amount", "amount", "money"),
    ("Label", "label", "text"),
]
RECONCILIATION_COLUMNS: list[Column] = [
    ("Shop", "shop_name", "text"),
    ("Settlement number", "settlement_number", "text"),
    ("Settlement payout", "mart_payout", "money"),
    ("Payment", "payment_payout", "money"),
    ("Wallet credit", "wallet_credit", "money"),
    ("Payout record", "seller_payout", "money"),
    ("Withdrawals requested", "withdrawn_requested", "money"),
    ("Withdrawals completed", "withdrawn_completed", "money"),
    ("Status", "status", "text"),
]


def seller_note(seller: dict[str, Any]) -> str:
    """Carry and late-line labels of a seller week (the same words as the HTML page)."""
    notes = []
    if seller["carried_over_in"]:
        notes.append(f"Carried in from week of {seller['previous_week']}")
    if seller["carried_over_out"]:
        notes.append("Carried over to next week")
    if seller["late_line_count"]:
        notes.append(f"{seller['late_line_count']} late line(s)")
    return "; ".join(notes)


def line_label(line: dict[str, Any], pack: WeekPack) -> str:
    """``Late · from week of …`` and/or ``Refund of an order of …``."""
    labels = []
    if line["is_late"]:
        labels.append(f"Late · from week of {line['business_week']}")
    if is_earlier_refund(line, pack.week):
        labels.append(f"Refund of an order of {line['order_date']}")
    return "; ".join(labels)


def write_workbook(path: Path, pack: WeekPack) -> Path:
    """Write the week's workbook; every money cell is an integer with the rupiah format."""
    from openpyxl import Workbook  # imported when a pack is written
    from openpyxl.styles import Font

    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = "Summary"
    t, r = pack.totals, pack.reconciled
    summary.append(["LAKOO settlement week", week_label(pack.week)])
    summary["A1"].font = Font(bold=True, size=13)
    summary.append([])
    rows: list[tuple[str, int]] = [
        ("Gross sales", t["gross"]),
        ("Refunds", t["refunds"]),
        ("Gateway fees", t["gateway_fees"]),
        ("Commission", t["commission"]),
        ("Carried in", t["carried_over_in"]),
        ("Net", t["net"]),
        ("Payouts", t["payout"]),
        ("Carried over", t["carried_over_out"]),
        ("House brands gross", t["house_gross"]),
        ("House brands refunds", t["house_refunds"]),
        ("House brands gateway fees", t["house_gateway_fees"]),
        ("House brands net", t["house_net"]),
        ("Reconciled: settlement payouts", r["mart_payout"]),
        ("Reconciled: payment", r["payment_payout"]),
        ("Reconciled: wallet credits", r["wallet_credit"]),
    ]
    summary.append(["Figure", "Rupiah"])
    for label, amount in rows:
        summary.append([label, amount])
        summary.cell(summary.max_row, 2).number_format = EXCEL_RUPIAH
    summary.append(["Sellers", t["sellers"]])
    summary.append(["Lines (late)", f"{t['lines']} ({t['late_lines']})"])
    if pack.is_empty:
        summary.append(["No settlements this week"])
    summary.freeze_panes = "A4"
    _widths(summary, [34, 22])

    sellers = [{**s, "note": seller_note(s)} for s in pack.sellers]
    _sheet(book, "Sellers", SELLER_COLUMNS, sellers, totals=t)
    lines = [
        {
            **line,
            "shop": "House brands" if line["is_house"] else line["shop_name"],
            "label": line_label(line, pack),
        }
        for line in pack.lines
    ]
    _sheet(book, "Lines", LINE_COLUMNS, lines, totals={"amount": sum(x["amount"] for x in lines)})
    _sheet(book, "Reconciliation", RECONCILIATION_COLUMNS, pack.reconciliation, totals=r)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _sheet(
    book: Any,
    title: str,
    columns: list[Column],
    rows: list[dict[str, Any]],
    *,
    totals: dict[str, int],
) -> None:
    from openpyxl.styles import Font, PatternFill

    sheet = book.create_sheet(title)
    sheet.append([heading for heading, _, _ in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2F5F9")
    for row in rows:
        sheet.append([row.get(key) for _, key, _ in columns])
    sheet.append(
        ["Total", *(totals.get(key) if kind == "money" else None for _, key, kind in columns[1:])]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for index, (_, _, kind) in enumerate(columns, start=1):
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if kind == "money":
                cell.number_format = EXCEL_RUPIAH
            elif kind == "date":
                cell.number_format = "d mmm yyyy"
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    _widths(sheet, [max(12, len(h) + 4) if k != "text" else 28 for h, _, k in columns])


def _widths(sheet: Any, widths: list[int]) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
