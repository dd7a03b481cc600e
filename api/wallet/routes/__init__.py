"""The wallet service's routes: one router per sub-domain, combined for the app factory.

Static paths (``/api/wallets/me…``, ``/api/wallets/admin-actions``) are included before the
``/api/wallets/{wallet_id}`` ones so a word is never read as a wallet id.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.wallet.routes import admin, holds, internal, payouts, wallets, webhooks, withdrawals

router = APIRouter()
for module in (withdrawals, payouts, admin, wallets, internal, holds, webhooks):
    router.include_router(module.router)
