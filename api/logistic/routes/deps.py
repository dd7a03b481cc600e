"""Dependencies the logistic routes share: settings (with the clock) and the Biteship client."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.kit.deps import app_state
from api.logistic.biteship import BiteshipClient
from api.logistic.settings import LogisticSettings

Settings = Annotated[LogisticSettings, Depends(app_state("settings"))]
Courier = Annotated[BiteshipClient, Depends(app_state("biteship"))]
