"""The demo's wallets' step: every seller's wallet held to its settlement payout, the
withdrawal's amount, and what the last screen says."""

from __future__ import annotations

from datetime import date

import pytest

from lakoo.demo import wallets
from lakoo.demo.data import ClosedWeek
from lakoo.simulate.client import User


def _line(shop: str, payout: int, withdrawable: int, promotional: int = 0) -> wallets.WalletLine:
    return wallets.WalletLine(
        shop=shop,
        seller_id=shop,
        payout=payout,
        balance=withdrawable + promotional,
        withdrawable=withdrawable,
        promotional=promotional,
    )


def test_wallets_that_are_their_payouts_agree_to_the_rupiah() -> None:
    lines = [_line("Toko Batik Laras", 145_337, 145_337), _line("Toko Kecil Ratna", 0, 0)]
    assert wallets.disagreements(lines) == []
    off = [_line("Toko Batik Laras", 145_337, 145_336), _line("Toko Kecil Ratna", 0, 35_000)]
    assert wallets.disagreements(off) == [
        "Toko Batik Laras: withdrawable Rp 145,336, settlement payout Rp 145,337",
        "Toko Kecil Ratna: withdrawable Rp 35,000, settlement payout Rp 0",
    ]


def test_an_advertisers_ad_credit_is_beside_its_payout_not_in_it() -> None:
    # ad charges are spent from the promotional credit first: the payout stays withdrawable
    advertiser = _line("Toko Rotan Sari", 144_022, 144_022, promotional=92_700)
    assert wallets.disagreements([advertiser]) == []
    charged_from_payout = _line("Toko Rotan Sari", 144_022, 141_022, promotional=0)
    assert wallets.disagreements([charged_from_payout]) == [
        "Toko Rotan Sari: withdrawable Rp 141,022, settlement payout Rp 144,022"
    ]


async def test_the_step_fails_when_a_wallet_never_reaches_its_payout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Wallet:
        async def wallet(self, user: User) -> dict[str, int]:
            return {"balance": 100_000, "withdrawable": 100_000, "promotional": 0}

    monkeypatch.setattr(wallets, "CREDIT_TIMEOUT", 0.0)
    laras = User(id="laras-id", email="laras@example.id", role="seller")
    with pytest.raises(RuntimeError, match="wallets and settlement disagree: Toko Batik Laras"):
        await wallets.credited(
            Wallet(),  # type: ignore[arg-type]
            [("Toko Batik Laras", laras)],
            {"laras-id": 145_337},
        )


def test_payouts_come_from_the_closed_week() -> None:
    closed = ClosedWeek(
        date(2026, 11, 23),
        sellers=[
            ("laras-id", 175_000, 25_000, 4_663, 0, 0, 145_337, 145_337, 0, 0, "STL-1"),
            ("ratna-id", 35_000, 0, 1_100, 0, 0, 33_900, 0, 33_900, 0, "STL-2"),
        ],
    )
    assert wallets.payouts_of(closed) == {"laras-id": 145_337, "ratna-id": 0}


@pytest.mark.parametrize(
    ("withdrawable", "amount"), [(145_337, 100_000), (50_000, 50_000), (33_900, 33_900)]
)
def test_laras_withdraws_whole_fifty_thousands(withdrawable: int, amount: int) -> None:
    assert wallets.withdrawal_amount(withdrawable) == amount


def test_too_little_to_withdraw_fails_the_step() -> None:
    with pytest.raises(RuntimeError, match="under the Rp 10,000 minimum"):
        wallets.withdrawal_amount(9_999)


def test_the_last_screen_shows_the_balances_and_the_withdrawal() -> None:
    said = wallets.Wallets(
        lines=[_line("Toko Batik Laras", 145_337, 145_337), _line("Toko Kecil Ratna", 0, 0)],
        withdrawn=wallets.Withdrawn(
            shop="Toko Batik Laras",
            number="WDR-20261125-AB12C",
            amount=100_000,
            status="completed",
            bank="BCA ···7890",
            balance_before=145_337,
            balance_after=45_337,
        ),
    ).summary()
    assert said[0].startswith("wallets credited: 1 seller, Rp 145,337")
    assert "  Toko Batik Laras: Rp 145,337" in said
    assert said[-1] == (
        "Toko Batik Laras withdrew Rp 100,000 to BCA ···7890 (WDR-20261125-AB12C, completed): "
        "wallet Rp 145,337 → Rp 45,337"
    )
