"""``POST /webhooks/xendit/disbursement``: Xendit's disbursement callbacks, verified like the
invoice callback (the account's ``x-callback-token``, compared in constant time), idempotent."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request

from api.kit.access import webhook
from api.kit.deps import Uow
from api.kit.webhooks import verified_callback
from api.wallet.errors import CallbackTokenRejected
from api.wallet.routes.deps import Settings
from api.wallet.schemas import DisbursementCallback
from api.wallet.service import disbursements

router = APIRouter(tags=["webhooks"])


@router.post("/webhooks/xendit/disbursement")
@webhook(
    verified_by="x-callback-token (XENDIT_CALLBACK_TOKEN)",
    touches="the withdrawal of the disbursement named in the body",
)
async def xendit_disbursement_callback(
    request: Request,
    uow: Uow,
    settings: Settings,
    x_callback_token: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> dict[str, str]:
    """Apply a COMPLETED / FAILED disbursement callback once; without our token, 403."""
    callback = await verified_callback(
        request,
        DisbursementCallback,
        token=x_callback_token,
        expected=settings.xendit_callback_token,
        refused=CallbackTokenRejected,
        what="disbursement callback",
    )
    outcome = await disbursements.apply_callback(uow, callback=callback, now=settings.now())
    await uow.commit()
    return {"status": outcome}
