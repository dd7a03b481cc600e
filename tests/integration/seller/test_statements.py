"""``GET /api/sellers/me/statements/{week}``: the caller's own "Laporan Penghasilan" as the
finance pack wrote it; another seller's week answers 404, a bad week 422 naming ``week``."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from api.kit.auth import Role
from assets.pack.figures import WeekPack
from assets.pack.statement import write_statements
from tests.integration.seller.conftest import Platform, seller_headers, verified
from tests.support.services import as_user

WEEK = date(2026, 10, 19)


def _seller_week(seller_id: UUID) -> dict[str, Any]:
    return {
        "seller_id": seller_id,
        "shop_name": "Toko Statement",
        "seller_number": "SLR-S",
        "bank_code": "BCA",
        "account_number_last4": "4821",
        "gross": 1_234_567,
        "refunds": 0,
        "gateway_fees": 1_200,
        "commission_rate_bps": 250,
        "commission": 30_864,
        "carried_over_in": 0,
        "net": 1_202_503,
        "payout": 1_202_503,
        "carried_over_out": 0,
    }


def _write(p: Platform, seller_id: UUID) -> None:
    pack = WeekPack(WEEK, [_seller_week(seller_id)], [], None, [], [])
    root = Path(p.seller_app.state.settings.statements_root)
    write_statements(root / WEEK.isoformat() / "statements", pack)


async def test_a_seller_reads_its_own_statement_as_pdf(p: Platform) -> None:
    from pypdf import PdfReader

    mine = await verified(p)
    _write(p, mine)
    response = await p.seller.get(
        f"/api/sellers/me/statements/{WEEK.isoformat()}", headers=seller_headers(mine)
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Laporan Penghasilan" in text and "Toko Statement" in text
    assert "Rp 1.202.503" in text and "4821" in text


async def test_another_sellers_week_and_a_missing_week_answer_404(p: Platform) -> None:
    mine, theirs = await verified(p), await verified(p)
    _write(p, theirs)
    for week in (WEEK, date(2026, 10, 12)):
        response = await p.seller.get(
            f"/api/sellers/me/statements/{week.isoformat()}", headers=seller_headers(mine)
        )
        assert response.status_code == 404, response.text
        assert response.headers["content-type"].startswith("application/problem+json")


async def test_a_bad_week_answers_422_naming_the_field(p: Platform) -> None:
    mine = await verified(p)
    for week in ("2026-13-01", "last-week", "2026-10-20"):  # not a date; a Tuesday
        response = await p.seller.get(
            f"/api/sellers/me/statements/{week}", headers=seller_headers(mine)
        )
        assert response.status_code == 422, (week, response.text)
        fields = {e["field"] for e in response.json().get("errors") or []}
        assert any(f.endswith("week") for f in fields), (week, fields)


async def test_only_sellers_may_read_statements(p: Platform) -> None:
    response = await p.seller.get(
        f"/api/sellers/me/statements/{WEEK.isoformat()}", headers=as_user(Role.customer)
    )
    assert response.status_code == 403
    anonymous = await p.seller.get(f"/api/sellers/me/statements/{WEEK.isoformat()}")
    assert anonymous.status_code == 401
