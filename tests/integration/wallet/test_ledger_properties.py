"""Property test of the ledger against real PostgreSQL: random sequences of credits, promotions,
debits, holds, captures (full and partial), voids and expiries, through the service's routes.

After every sequence the ledger is recomputed from its postings (Σ = 0, every cached balance =
Σ of its postings, held accounts = active holds, no user account below zero) and each wallet is
compared with a model of what it must hold, kept by this test with the business rules alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from uuid import UUID, uuid4

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.kit.auth import Role
from api.wallet import jobs
from tests.integration.wallet.conftest import (
    CLEAN,
    INTERNAL,
    Harness,
    credit,
    debit,
    figures,
    key,
    ledger_proof,
)
from tests.support.services import as_user


@dataclass
class ModelWallet:
    """What a wallet must hold, by the rules: promotional credit is spent first."""

    cash: int = 0
    promotional: int = 0
    holds: dict[str, tuple[int, int]] = field(default_factory=dict)  # id → (amount, promotional)

    @property
    def held(self) -> int:
        return sum(amount for amount, _ in self.holds.values())

    def spend(self, amount: int) -> tuple[int, int] | None:
        if amount > self.cash + self.promotional:
            return None
        from_promotional = min(self.promotional, amount)
        self.promotional -= from_promotional
        self.cash -= amount - from_promotional
        return amount, from_promotional

    def give_back(self, hold_id: str, captured: int) -> None:
        amount, promotional = self.holds.pop(hold_id)
        captured_promotional = min(promotional, captured)
        self.promotional += promotional - captured_promotional
        self.cash += (amount - promotional) - (captured - captured_promotional)


STEP = st.tuples(
    st.sampled_from(
        ["credit", "promotion", "debit", "hold", "capture", "partial", "void", "expire"]
    ),
    st.integers(min_value=0, max_value=1),
    st.integers(min_value=1, max_value=60_000),
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEP, min_size=5, max_size=25))
async def test_random_sequences_keep_the_ledger_balanced_and_every_wallet_as_the_rules_say(
    harness: Harness, steps: list[tuple[str, int, int]]
) -> None:
    users: list[UUID] = [uuid4(), uuid4()]
    model = {user: ModelWallet() for user in users}
    for kind, which, amount in steps:
        user, wallet = users[which], model[users[which]]
        if kind == "credit":
            assert (await credit(harness, user, amount)).status_code == 201
            wallet.cash += amount
        elif kind == "promotion":
            wallet_id = (await figures(harness, user))["id"]
            response = await harness.client.post(
                f"/api/wallets/{wallet_id}/promotions",
                json={"amount": amount, "reason": "property test"},
                headers={**as_user(Role.admin), "Idempotency-Key": key()},
            )
            assert response.status_code == 201
            wallet.promotional += amount
        elif kind == "debit":
            response = await debit(harness, user, amount, owner_type="buyer")
            assert response.status_code == (201 if wallet.spend(amount) else 409)
        elif kind == "hold":
            expires = harness.settings.now() + timedelta(minutes=35)
            response = await harness.client.post(
                "/internal/wallets/holds",
                json={
                    "user_id": str(user),
                    "owner_type": "buyer",
                    "amount": amount,
                    "reference_type": "checkout",
                    "reference_id": key(),
                    "expires_at": expires.isoformat(),
                    "idempotency_key": key(),
                },
                headers=INTERNAL,
            )
            spent = wallet.spend(amount)
            assert response.status_code == (201 if spent else 409), response.text
            if spent:
                wallet.holds[response.json()["hold_id"]] = (amount, spent[1])
                assert response.json()["promotional_amount"] == spent[1]
        elif kind in ("capture", "partial", "void") and wallet.holds:
            hold_id = sorted(wallet.holds)[amount % len(wallet.holds)]
            held = wallet.holds[hold_id][0]
            if kind == "void":
                response = await harness.client.post(
                    f"/internal/wallets/holds/{hold_id}/void", headers=INTERNAL
                )
                wallet.give_back(hold_id, 0)
            else:
                captured = held if kind == "capture" else 1 + amount % held
                response = await harness.client.post(
                    f"/internal/wallets/holds/{hold_id}/capture",
                    json={"amount": captured, "idempotency_key": key()},
                    headers=INTERNAL,
                )
                wallet.give_back(hold_id, captured)
            assert response.status_code == 201, response.text
        elif kind == "expire":
            harness.settings.clock_offset_seconds += 3600
            await jobs.expire_holds(harness.uow_factory, harness.settings)
            for each in model.values():
                for hold_id in list(each.holds):
                    each.give_back(hold_id, 0)

    assert await ledger_proof(harness) == CLEAN
    for user, wallet in model.items():
        stored = await figures(harness, user)
        assert (stored["withdrawable"], stored["promotional"], stored["held"]) == (
            wallet.cash,
            wallet.promotional,
            wallet.held,
        )
        assert stored["balance"] == wallet.cash + wallet.promotional + wallet.held
