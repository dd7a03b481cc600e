"""Dependencies the payment routes share: settings (with the clock), the Xendit client, roles."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.kit.auth import Principal, Role, require_roles
from api.payment.app import PaymentSettings
from api.payment.xendit import XenditClient


def payment_settings(request: Request) -> PaymentSettings:
    """The settings the app was built with (they carry the injectable clock)."""
    settings: PaymentSettings = request.app.state.settings
    return settings


def xendit_client(request: Request) -> XenditClient:
    """The app's Xendit client (the sandbox by default)."""
    client: XenditClient = request.app.state.xendit
    return client


Settings = Annotated[PaymentSettings, Depends(payment_settings)]
Gateway = Annotated[XenditClient, Depends(xendit_client)]
RefundStaff = Annotated[Principal, require_roles(Role.admin, Role.support_agent)]
