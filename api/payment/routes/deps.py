"""Dependencies the payment routes share: settings (with the clock), the Xendit client, roles."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.kit.auth import Principal, Role, require_roles
from api.kit.deps import app_state
from api.payment.settings import PaymentSettings
from api.payment.xendit import XenditClient

Settings = Annotated[PaymentSettings, Depends(app_state("settings"))]
Gateway = Annotated[XenditClient, Depends(app_state("xendit"))]
RefundStaff = Annotated[Principal, require_roles(Role.admin, Role.support_agent)]
