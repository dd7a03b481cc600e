"""The per-seller PDF "Laporan Penghasilan" (earnings statement) of one closed week (fpdf2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assets.pack.figures import WeekPack, is_earlier_refund
from assets.pack.money import day, rupiah, week_label

KINDS = {"sale": "Penjualan", "gateway_fee": "Biaya gateway", "refund": "Refund"}
# (heading, width mm)
LINE_TABLE = (
    ("Tanggal", 26),
    ("No. pesanan", 46),
    ("Jenis", 30),
    ("No. refund", 40),
    ("Jumlah", 38),
)


def _font_files() -> tuple[str, str]:
    """DejaVu Sans (regular, bold) as matplotlib ships it: any shop name prints."""
    import matplotlib

    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return str(fonts / "DejaVuSans.ttf"), str(fonts / "DejaVuSans-Bold.ttf")


def line_note(line: dict[str, Any], week: object) -> str:
    """Why a line stands out: late (with its week) or a refund of an earlier order."""
    notes = []
    if line["is_late"]:
        notes.append(f"Terlambat, dari minggu {day(line['business_week'], indonesian=True)}")
    if is_earlier_refund(line, week):  # type: ignore[arg-type]
        notes.append(f"Refund pesanan {day(line['order_date'], indonesian=True)}")
    return "; ".join(notes)


def statement_figures(seller: dict[str, Any]) -> list[tuple[str, int]]:
    """The statement's summary rows, in the order of the settlement arithmetic."""
    rate = seller["commission_rate_bps"] / 100
    return [
        ("Penjualan kotor", seller["gross"]),
        ("Refund", -seller["refunds"]),
        ("Bagian biaya gateway", -seller["gateway_fees"]),
        (f"Komisi LAKOO ({rate:.1f}%)".replace(".", ","), -seller["commission"]),
        ("Saldo dibawa dari minggu lalu", seller["carried_over_in"]),
        ("Penghasilan bersih", seller["net"]),
        ("Dibayarkan ke dompet", seller["payout"]),
        ("Dibawa ke minggu berikutnya", seller["carried_over_out"]),
    ]


def render_statement(pack: WeekPack, seller: dict[str, Any]) -> bytes:
    """One seller's statement as PDF bytes."""
    from fpdf import FPDF  # imported when a pack is written

    regular, bold = _font_files()
    pdf = FPDF(format="A4")
    pdf.set_title(f"Laporan Penghasilan {seller['shop_name']} {pack.week.isoformat()}")
    pdf.set_author("LAKOO")
    pdf.add_font("DejaVu", "", regular)
    pdf.add_font("DejaVu", "B", bold)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(0, 9, "Laporan Penghasilan", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    account = (
        f"{seller['bank_code']} rekening berakhiran {seller['account_number_last4']}"
        if seller.get("account_number_last4")
        else "belum terdaftar"
    )
    for label, value in (
        ("Toko", seller["shop_name"]),
        ("No. penjual", seller.get("seller_number") or "-"),
        ("Rekening bank", account),
        ("Minggu", week_label(pack.week, indonesian=True)),
    ):
        pdf.cell(36, 6, label)
        pdf.cell(0, 6, str(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(0, 7, "Ringkasan", new_x="LMARGIN", new_y="NEXT")
    for label, amount in statement_figures(seller):
        strong = label in ("Penghasilan bersih", "Dibayarkan ke dompet")
        pdf.set_font("DejaVu", "B" if strong else "", 10)
        pdf.cell(80, 6, label)
        pdf.cell(40, 6, rupiah(amount), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(0, 7, "Rincian transaksi", new_x="LMARGIN", new_y="NEXT")
    lines = pack.lines_of(seller["seller_id"])
    pdf.set_font("DejaVu", "B", 8)
    for heading, width in LINE_TABLE:
        pdf.cell(width, 6, heading, border="B", align="R" if heading == "Jumlah" else "L")
    pdf.ln()
    pdf.set_font("DejaVu", "", 8)
    for line in lines:
        cells = (
            day(line["order_date"] or line["business_date"], indonesian=True),
            line["order_number"] or "-",
            KINDS.get(line["line_type"], line["line_type"]),
            line["refund_number"] or "",
            rupiah(line["amount"]),
        )
        for (heading, width), text in zip(LINE_TABLE, cells, strict=True):
            pdf.cell(width, 5, str(text), align="R" if heading == "Jumlah" else "L")
        pdf.ln()
        if note := line_note(line, pack.week):
            # a late line or an earlier order's refund says so on a row of its own
            pdf.set_text_color(140, 80, 0)
            pdf.cell(26, 4, "")
            pdf.cell(0, 4, note, new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(0, 0, 0)
    if not lines:
        pdf.cell(0, 6, "Tidak ada transaksi minggu ini.", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 8)
    pdf.cell(sum(w for _, w in LINE_TABLE[:4]), 6, "Jumlah rincian", border="T")
    pdf.cell(
        LINE_TABLE[4][1],
        6,
        rupiah(sum(line["amount"] for line in lines)),
        border="T",
        align="R",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 8)
    pdf.multi_cell(
        0,
        4,
        "Minggu penyelesaian: Senin 00:00 sampai Minggu 24:00 WIB. Penghasilan bersih di bawah "
        "Rp 50.000 dibawa ke minggu berikutnya. Baris terlambat tiba setelah minggunya ditutup "
        "dan diselesaikan di minggu ini dengan tanggal aslinya.",
    )
    return bytes(pdf.output())


def write_statements(directory: Path, pack: WeekPack) -> list[Path]:
    """``statements/<seller_id>.pdf`` for every seller week of the pack."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for seller in pack.sellers:
        path = directory / f"{seller['seller_id']}.pdf"
        path.write_bytes(render_statement(pack, seller))
        written.append(path)
    return written
