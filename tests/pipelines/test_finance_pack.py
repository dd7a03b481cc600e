"""The weekly finance pack of a closed week (W2 of the closed-weeks scenario: late lines, a
seller carrying a negative week in, a refund of a W0 order): every total of the HTML summary,
the workbook and each PDF statement equals the marts to the rupiah; late lines, carries and the
earlier order's refund are labelled in all three; the reconciliation agrees with what payment,
the wallet and the seller service announced, and its GX check fails on a difference; an empty
week says so; the page and a statement render in real headless Chromium and ``pdftoppm``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import unescape
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest

from assets.pack.figures import load_week
from assets.pack.money import rupiah
from assets.reconciliation import payout_reconciliation_agrees
from assets.reports import write_week
from assets.resources import AnalyticsDatabase
from ingestion.landing import drain
from ingestion.landing_schema import ensure_landing_schema
from tests.pipelines.closed_weeks import Ran, dbt, run
from tests.pipelines.finance_pack import SHOPS, announce_payouts, credit, name_the_shops
from tests.pipelines.trading import Trading, produce
from tests.pipelines.trading_weeks import W, build
from tests.support.databases import create_database, drop_database
from tests.support.kafka import unique_topic
from tests.support.processes import free_port

WEEK = W[2]


@dataclass
class PackRan(Ran):
    topic: str = ""


MONEY = (
    "gross",
    "refunds",
    "gateway_fees",
    "commission",
    "carried_over_in",
    "net",
    "payout",
    "carried_over_out",
)


@pytest.fixture(scope="module")
def ran(
    postgres_url: str,
    kafka_bootstrap: str,
    payment_service: tuple[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[PackRan]:
    import dagster as dg

    from pipelines.definitions import default_resources

    database = create_database(postgres_url, prefix="pack")
    with psycopg.connect(database) as conn:
        ensure_landing_schema(conn)
    saved = dict(os.environ)
    payment_url, payment_database = payment_service
    resources = default_resources(
        database_url=database,
        reports_root=str(tmp_path_factory.mktemp("pack-reports")),
        service_urls={"payment": payment_url, "warehouse": f"http://127.0.0.1:{free_port()}"},
    )
    instance = dg.DagsterInstance.ephemeral()
    scenario = build()
    name_the_shops(scenario)
    topic = unique_topic(kafka_bootstrap, prefix="pack")
    ran = PackRan(scenario, database, payment_url, payment_database, resources, instance)
    ran.topic = topic
    try:
        run(ran, bootstrap=kafka_bootstrap, topic=topic)
        # payment, the wallet and the seller service announce the pushed weeks
        produce(kafka_bootstrap, topic, announce_payouts(ran).envelopes)
        drain(database_url=database, bootstrap=kafka_bootstrap, topics=[topic])
        dbt(database, "--select", "marts.quality")  # the reconciliation's scorecard, findings
        report = ran.settlement_runs(WEEK, selection=["settlement_report"])
        assert report.success
        yield ran
    finally:
        instance.dispose()
        os.environ.clear()
        os.environ.update(saved)
        drop_database(postgres_url, database)


def _pack_dir(ran: Ran) -> Path:
    return Path(ran.resources["reports"].root) / WEEK.isoformat()


def _mart_totals(ran: Ran) -> dict[str, int]:
    row = ran.query(
        "select "
        + ", ".join(f"coalesce(sum({c}), 0)::bigint" for c in MONEY)
        + " from finance.seller_settlements where settlement_week = %s and is_closed",
        (WEEK,),
    )[0]
    return dict(zip(MONEY, row, strict=True))


def _mart_sellers(ran: Ran, key: str = "h.shop_name") -> dict[str, dict[str, int]]:
    rows = ran.query(
        f"select {key}, "
        + ", ".join(f"s.{c}" for c in MONEY)
        + " from finance.seller_settlements as s join finance.seller_shops as h using (seller_id)"
        " where s.settlement_week = %s and s.is_closed",
        (WEEK,),
    )
    return {row[0]: dict(zip(MONEY, row[1:], strict=True)) for row in rows}


def _ids(page: str) -> dict[str, str]:
    return {k: unescape(v).strip() for k, v in re.findall(r'id="([\w-]+)">([^<]+)<', page)}


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_every_total_in_every_format_equals_the_marts_to_the_rupiah(ran: Ran) -> None:
    from openpyxl import load_workbook

    totals, sellers = _mart_totals(ran), _mart_sellers(ran)
    assert totals["gross"] > 0 and len(sellers) >= 4
    page = (_pack_dir(ran) / "summary.html").read_text()
    shown = _ids(page)
    for name in (
        "gross",
        "refunds",
        "gateway_fees",
        "commission",
        "net",
        "payout",
        "carried_over_out",
    ):
        assert shown[f"total-{name.replace('_', '-')}"] == rupiah(totals[name]), name
    house = ran.query(
        "select gross, net from finance.house_settlements where settlement_week = %s", (WEEK,)
    )[0]
    assert (shown["house-gross"], shown["house-net"]) == (rupiah(house[0]), rupiah(house[1]))

    book = load_workbook(_pack_dir(ran) / "settlement.xlsx")
    assert book.sheetnames == ["Summary", "Sellers", "Lines", "Reconciliation"]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row}
    labels = {
        "gross": "Gross sales",
        "refunds": "Refunds",
        "gateway_fees": "Gateway fees",
        "commission": "Commission",
        "carried_over_in": "Carried in",
        "net": "Net",
        "payout": "Payouts",
        "carried_over_out": "Carried over",
    }
    assert {k: summary[v] for k, v in labels.items()} == totals
    assert summary["House brands gross"] == house[0]
    sheet = book["Sellers"]
    head = [c.value for c in sheet[1]]
    rows = [dict(zip(head, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    per_shop = {r["Shop"]: r for r in rows if r["Shop"] != "Total"}
    headings = {
        "gross": "Gross",
        "refunds": "Refunds",
        "gateway_fees": "Gateway fees",
        "commission": "Commission",
        "carried_over_in": "Carried in",
        "net": "Net",
        "payout": "Payout",
        "carried_over_out": "Carried out",
    }
    assert {s: {k: r[h] for k, h in headings.items()} for s, r in per_shop.items()} == sellers
    assert sheet.freeze_panes == "B2" and sheet["C2"].number_format.startswith('"Rp "')
    lines_total = ran.query(
        "select sum(amount)::bigint from finance.settlement_lines where settlement_week = %s",
        (WEEK,),
    )[0][0]
    assert list(book["Lines"].iter_rows(values_only=True))[-1][6] == lines_total

    statements = sorted((_pack_dir(ran) / "statements").glob("*.pdf"))
    by_seller = _mart_sellers(ran, key="seller_id::text")
    assert sorted(p.stem for p in statements) == sorted(by_seller)
    for path in statements:
        text = _pdf_text(path)
        figures = by_seller[path.stem]
        for name in ("gross", "net", "payout", "carried_over_out"):
            assert rupiah(figures[name]) in text, (path.stem, name)
        assert "Laporan Penghasilan" in text


def test_late_lines_carries_and_an_earlier_orders_refund_are_labelled_in_all_formats(
    ran: Ran,
) -> None:
    from openpyxl import load_workbook

    late = ran.query(
        "select count(*) from finance.settlement_lines where settlement_week = %s and is_late",
        (WEEK,),
    )[0][0]
    carried = ran.query(
        "select h.shop_name from finance.seller_settlements as s join finance.seller_shops as h"
        " using (seller_id) where s.settlement_week = %s and s.carried_over_in <> 0",
        (WEEK,),
    )
    assert late >= 3 and (SHOPS["d"],) in carried  # d carries its negative W1 in
    page = (_pack_dir(ran) / "summary.html").read_text()
    assert page.count("Late · from week of") == late
    assert "Carried in from week of" in page and "Refund of an order of" in page

    book = load_workbook(_pack_dir(ran) / "settlement.xlsx")
    labels = [r[7] or "" for r in book["Lines"].iter_rows(min_row=2, values_only=True)]
    assert sum("Late · from week of" in x for x in labels) == late
    assert any("Refund of an order of" in x for x in labels)
    notes = {r[0]: r[13] for r in book["Sellers"].iter_rows(min_row=2, values_only=True)}
    assert "Carried in from week of" in notes[SHOPS["d"]]

    texts = [_pdf_text(p) for p in (_pack_dir(ran) / "statements").glob("*.pdf")]
    shop_a = next(t for t in texts if SHOPS["a"] in t)
    assert "Terlambat, dari minggu" in shop_a and "Refund pesanan" in shop_a
    assert "rekening berakhiran 4821" in shop_a
    shop_d = next(t for t in texts if SHOPS["d"] in t)
    assert "Saldo dibawa dari minggu lalu" in shop_d


def test_reconciliation_agrees_with_payment_wallet_and_seller_records(ran: Ran) -> None:
    rows = ran.query(
        "select status, mart_payout, payment_payout, wallet_credit from"
        " finance.payout_reconciliation where settlement_week = %s",
        (WEEK,),
    )
    assert rows and {r[0] for r in rows} == {"matched"}
    assert all(r[1] == r[2] == r[3] for r in rows)
    page = (_pack_dir(ran) / "summary.html").read_text()
    assert "agree to the rupiah" in page
    assert _ids(page)["reconciled-wallet"] == rupiah(_mart_totals(ran)["payout"])
    assert payout_reconciliation_agrees(AnalyticsDatabase(url=ran.database_url)).passed


def test_the_quality_scorecard_shows_the_week_reconciled_and_no_findings(ran: Ran) -> None:
    closed = (
        "select count(*) from finance.seller_settlements where settlement_week = %s and is_closed"
    )
    sellers = ran.query(closed, (WEEK,))[0][0]
    week = ran.query(
        "select status, seller_weeks, matched, absolute_difference, mart_payout, wallet_credit"
        " from quality.settlement_reconciliation where settlement_week = %s",
        (WEEK,),
    )
    payout = _mart_totals(ran)["payout"]
    assert week == [("reconciled", sellers, sellers, 0, payout, payout)]
    findings = ran.query(
        "select count(*) from quality.reconciliation_findings where settlement_week = %s",
        (WEEK,),
    )
    assert findings == [(0,)]


def test_an_empty_week_gives_a_clear_no_settlements_page(ran: Ran, tmp_path: Path) -> None:
    analytics = AnalyticsDatabase(url=ran.database_url)
    pack = load_week(analytics.rows, W[0] - timedelta(weeks=3))
    assert pack.is_empty
    write_week(tmp_path, {}, pack)
    page = (tmp_path / "summary.html").read_text()
    assert "No settlements this week" in page and "<table" not in page


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed; .ci/run installs it (apt-get)")
    return path


def test_the_summary_and_a_statement_render_in_chromium_and_pdftoppm(
    ran: Ran, tmp_path: Path
) -> None:
    from matplotlib.image import imread

    printed = tmp_path / "summary.pdf"
    subprocess.run(
        [
            _tool("chromium"),
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={printed}",
            (_pack_dir(ran) / "summary.html").as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    visible = subprocess.run(
        [_tool("pdftotext"), "-layout", str(printed), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    totals = _mart_totals(ran)
    for shop in (SHOPS["a"], SHOPS["d"], SHOPS["e"]):
        assert shop in visible
    assert rupiah(totals["gross"]) in visible and rupiah(totals["payout"]) in visible
    assert "Late · from week of" in visible

    statement = next(
        p for p in (_pack_dir(ran) / "statements").glob("*.pdf") if SHOPS["a"] in _pdf_text(p)
    )
    subprocess.run(
        [
            _tool("pdftoppm"),
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            str(statement),
            str(tmp_path / "statement"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    image = imread(next(tmp_path.glob("statement*.png")))
    assert (image[..., :3] < 0.3).any()  # ink on the page, not a blank raster
    text = subprocess.run(
        [_tool("pdftotext"), "-layout", str(statement), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    payout = _mart_sellers(ran)[SHOPS["a"]]["payout"]
    assert SHOPS["a"] in text and "Laporan Penghasilan" in text and rupiah(payout) in text


def test_the_reconciliation_check_fails_on_a_wallet_credit_that_differs(
    ran: PackRan, kafka_bootstrap: str
) -> None:
    """Last in the module: it spoils the reconciliation on purpose."""
    seller, settlement_id = ran.query(
        "select seller_id, settlement_id from finance.payout_reconciliation"
        " where settlement_week = %s and payment_payout > 0 limit 1",
        (WEEK,),
    )[0]
    extra = Trading()
    credit(extra, seller, settlement_id, 1, datetime.now(ZoneInfo("Asia/Jakarta")))
    produce(kafka_bootstrap, ran.topic, extra.envelopes)
    drain(database_url=ran.database_url, bootstrap=kafka_bootstrap, topics=[ran.topic])
    status = ran.query(
        "select status, wallet_difference from finance.payout_reconciliation"
        " where settlement_id = %s",
        (settlement_id,),
    )
    assert status == [("different", 1)]
    # the quality views say it too: the week is red, the seller week the one finding
    finding = ran.query(
        "select shop_name, finding, severity, largest_difference"
        " from quality.reconciliation_findings where settlement_week = %s",
        (WEEK,),
    )
    shop = ran.query("select shop_name from finance.seller_shops where seller_id = %s", (seller,))
    assert finding == [(shop[0][0], "wallet_differs", "error", 1)]
    week = ran.query(
        "select status, different, absolute_difference from quality.settlement_reconciliation"
        " where settlement_week = %s",
        (WEEK,),
    )
    assert week == [("different", 1, 1)]
    result = payout_reconciliation_agrees(AnalyticsDatabase(url=ran.database_url))
    assert not result.passed
    assert "failed (1 unexpected)" in str(result.metadata)
