"""The closed-weeks scenario with what the finance pack needs around it: shop names and bank
accounts (seller events), and, once the weeks are pushed, payment's ``settlement.completed``,
the wallet's credits and the seller service's payout records as those services announce them."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from api.events.payment import SettlementCompleted
from api.events.seller import SellerBankAccountChanged, SellerPayoutScheduled, SellerRegistered
from api.events.wallet import WalletCredited
from tests.pipelines.closed_weeks import Ran
from tests.pipelines.trading import Trading
from tests.pipelines.trading_weeks import Scenario, on

SHOPS = {
    "a": "Toko Batik Sekar",
    "b": "Kopi Nusantara",
    "c": "Rajut Mama",
    "d": "Sepatu Kulit Garut",
    "e": "Teh Gunung",
    "h": "Warung Herbal",
}
ACCOUNTS = {"a": "4821", "b": "0375", "d": "9102"}


def name_the_shops(scenario: Scenario) -> None:
    """Seller registrations and bank accounts in the first epoch (before any sale lands)."""
    t = scenario.epochs[0].trading
    for key, seller in scenario.sellers.items():
        t.add(
            SellerRegistered(
                seller_id=seller,
                seller_number=f"SLR-{key.upper()}",
                user_id=seller,
                shop_name=SHOPS[key],
                shop_slug=SHOPS[key].lower().replace(" ", "-"),
                business_type="individual",
                registered_at=on(0, 0, 0),
            ),
            seller,
            on(0, 0, 0),
        )
        if key in ACCOUNTS:
            t.add(
                SellerBankAccountChanged(
                    seller_id=seller,
                    user_id=seller,
                    bank_code="BCA",
                    account_number_last4=ACCOUNTS[key],
                    account_holder_name=SHOPS[key].upper(),
                    status="validated",
                    withdrawals_blocked_until=None,
                    changed_at=on(0, 0, 0),
                ),
                seller,
                on(0, 0, 0),
            )


def announce_payouts(ran: Ran) -> Trading:
    """What payment, the wallet and the seller service publish for every pushed week."""
    t = Trading()
    rows = ran.query(
        "select s.seller_id, s.settlement_week, s.settlement_week_end, s.gross, s.refunds,"
        " s.gateway_fees, s.commission, s.carried_over_in, s.net, s.payout, s.carried_over_out,"
        " s.line_count, p.payment_settlement_id, p.payment_number"
        " from closing.seller_settlements as s"
        " join closing.settlement_pushes as p using (settlement_key)"
    )
    now = datetime.now(ZoneInfo("Asia/Jakarta"))
    for (
        seller,
        week,
        end,
        gross,
        refunds,
        fees,
        commission,
        carried_in,
        net,
        payout,
        carried_out,
        lines,
        settlement_id,
        number,
    ) in rows:
        t.add(
            SettlementCompleted(
                settlement_id=settlement_id,
                settlement_number=number,
                seller_id=seller,
                period_start=week,
                period_end=end,
                gross=gross,
                refunds=refunds,
                gateway_fees=fees,
                commission=commission,
                carried_over_in=carried_in,
                net=net,
                payout=payout,
                carried_over_out=carried_out,
                currency="IDR",
                line_count=lines,
                completed_at=now,
            ),
            settlement_id,
            now,
        )
        if payout > 0:
            credit(t, seller, settlement_id, payout, now)
            t.add(
                SellerPayoutScheduled(
                    payout_id=uuid4(),
                    seller_id=seller,
                    settlement_id=settlement_id,
                    settlement_number=number,
                    period_start=week,
                    period_end=end,
                    amount=payout,
                    currency="IDR",
                    bank_code="BCA",
                    account_number_last4="0000",
                    scheduled_for=(now + timedelta(days=1)).date(),
                    scheduled_at=now,
                ),
                seller,
                now,
            )
    return t


def credit(t: Trading, seller: UUID, settlement_id: UUID, amount: int, when: datetime) -> None:
    """The wallet's credit of a settlement payout to the seller's wallet."""
    transaction = uuid4()
    t.add(
        WalletCredited(
            wallet_id=uuid4(),
            user_id=seller,
            owner_type="seller",
            transaction_id=transaction,
            transaction_number=f"WTX-{transaction.hex[:8]}",
            amount=amount,
            currency="IDR",
            reference_type="settlement",
            reference_id=str(settlement_id),
            idempotency_key=f"settlement:{settlement_id}:{transaction}",
            occurred_at=when,
            balance_before=0,
            balance_after=amount,
            reason="settlement",
        ),
        transaction,
        when,
    )
