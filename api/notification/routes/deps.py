"""Dependencies the notification routes share: settings (with the clock), providers, roles."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.kit.auth import Principal, Role, require_roles
from api.kit.deps import app_state
from api.notification.providers.registry import Providers
from api.notification.settings import NotificationSettings

Settings = Annotated[NotificationSettings, Depends(app_state("settings"))]
ProvidersDep = Annotated[Providers, Depends(app_state("providers"))]
Admin = Annotated[Principal, require_roles(Role.admin)]
