"""The wallet service's routes: one router per sub-domain, handed to the app factory side by
side (one level: every request is matched against one list).

Static paths (``/api/wallets/me…``, ``/api/wallets/admin-actions``) come before the
``/api/wallets/{wallet_id}`` ones so a word is never read as a wallet id; the internal money
movements, the hot path, come first.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.wallet.routes import admin, holds, internal, payouts, wallets, webhooks, withdrawals

ROUTERS: list[APIRouter] = [
    module.router for module in (internal, holds, withdrawals, payouts, admin, wallets, webhooks)
]
