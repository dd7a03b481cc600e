"""The ledger's planning rules without a database: every plan balances, spends promotional credit
first where allowed, refuses what a wallet cannot cover, settles a hold at most once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.kit.errors import LakooError, Unprocessable
from api.wallet.errors import HoldExpired, HoldNotActive, InsufficientBalance
from api.wallet.service import movements
from api.wallet.service.ledger.accounts import PLATFORM_IDS, Part, wallet_account_id
from api.wallet.service.ledger.operations import Book, WalletRef

NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)


def _wallet() -> WalletRef:
    return WalletRef(uuid4(), uuid4(), "buyer")


def _book(wallet: WalletRef, available: int = 0, promotional: int = 0) -> Book:
    balances = {wallet_account_id(wallet.id, part): 0 for part in Part}
    balances[wallet_account_id(wallet.id, Part.available)] = available
    balances[wallet_account_id(wallet.id, Part.promotional)] = promotional
    return Book(balances=balances, holds={}, now=NOW)


def _hold(wallet: WalletRef, amount: int, purpose: str = "checkout", expires: int = 600):  # type: ignore[no-untyped-def]
    return movements.hold(
        wallet,
        key=uuid4().hex,
        hold_id=uuid4(),
        amount=amount,
        purpose=purpose,  # type: ignore[arg-type]
        reference_type="checkout",
        reference_id="c",
        expires_at=NOW + timedelta(seconds=expires),
    )


def test_an_ad_debit_spends_promotional_credit_first() -> None:
    wallet = _wallet()
    book = _book(wallet, available=10_000, promotional=3_000)
    plan = book.plan(
        movements.debit(
            wallet, key="k", amount=5_000, reason="ad_spend", reference_type="a", reference_id="b"
        )
    )
    assert sum(leg.amount for leg in plan.legs) == 0
    book.apply(plan)
    assert book.figures(wallet) == (8_000, 8_000, 8_000)
    assert book.part(wallet, Part.promotional) == 0


def test_a_withdrawal_hold_never_touches_promotional_credit() -> None:
    wallet = _wallet()
    book = _book(wallet, available=10_000, promotional=50_000)
    with pytest.raises(InsufficientBalance) as refused:
        book.plan(_hold(wallet, 10_001, purpose="withdrawal"))
    assert refused.value.extra["available"] == 10_000


def test_a_capture_is_once_and_never_after_expiry_or_above_the_hold() -> None:
    wallet = _wallet()
    book = _book(wallet, available=10_000)
    hold = _hold(wallet, 6_000, expires=60)
    book.apply(book.plan(hold))
    with pytest.raises(Unprocessable):
        book.plan(movements.capture(hold.hold_id, key="k", amount=6_001))
    book.apply(book.plan(movements.capture(hold.hold_id, key="k", amount=2_000)))
    assert book.figures(wallet) == (8_000, 8_000, 8_000)
    with pytest.raises(HoldNotActive):
        book.plan(movements.release(hold.hold_id, outcome="voided"))
    late = _hold(wallet, 1_000, expires=-1)
    book.apply(book.plan(late))
    with pytest.raises(HoldExpired):
        book.plan(movements.capture(late.hold_id, key="k2", amount=None))


OPS = st.lists(
    st.tuples(
        st.sampled_from(["credit", "promotion", "debit", "hold", "capture", "void"]),
        st.integers(min_value=0, max_value=2),  # which wallet / which hold
        st.integers(min_value=1, max_value=50_000),
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(OPS)
def test_any_sequence_keeps_the_book_balanced_and_no_user_account_below_zero(
    ops: list[tuple[str, int, int]],
) -> None:
    wallets = [_wallet() for _ in range(3)]
    balances = {wallet_account_id(w.id, part): 0 for w in wallets for part in Part}
    balances |= {platform: 0 for platform in PLATFORM_IDS}
    book = Book(balances=balances, holds={}, now=NOW)
    placed: list = []  # type: ignore[type-arg]
    for kind, which, amount in ops:
        wallet = wallets[which]
        if kind in ("credit", "promotion"):
            reason = "promotion" if kind == "promotion" else "refund"
            op = movements.credit(
                wallet,
                key=uuid4().hex,
                amount=amount,
                reason=reason,
                reference_type="t",
                reference_id="t",
            )
        elif kind == "debit":
            op = movements.debit(
                wallet,
                key=uuid4().hex,
                amount=amount,
                reason="purchase",
                reference_type="t",
                reference_id="t",
            )
        elif kind == "hold":
            op = _hold(wallet, amount)
            placed.append(op.hold_id)
        elif not placed:
            continue
        elif kind == "capture":
            op = movements.capture(placed[which % len(placed)], key=uuid4().hex, amount=None)
        else:
            op = movements.release(placed[which % len(placed)], outcome="voided")
        try:
            plan = book.plan(op)
        except LakooError:
            continue
        assert sum(leg.amount for leg in plan.legs) == 0
        book.apply(plan)
        assert sum(book.balances.values()) == 0
        assert all(v >= 0 for k, v in book.balances.items() if k not in PLATFORM_IDS)
        for w in wallets:
            active = sum(
                h.amount for h in book.holds.values() if h.wallet == w and h.status == "active"
            )
            assert book.part(w, Part.held) == active
