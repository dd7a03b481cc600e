"""Dependencies the logistic routes share: settings (with the clock) and the Biteship client."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.logistic.app import LogisticSettings
from api.logistic.biteship import BiteshipClient


def logistic_settings(request: Request) -> LogisticSettings:
    """The settings the app was built with (they carry the injectable clock)."""
    settings: LogisticSettings = request.app.state.settings
    return settings


def biteship_client(request: Request) -> BiteshipClient:
    """The app's Biteship client (the sandbox by default)."""
    client: BiteshipClient = request.app.state.biteship
    return client


Settings = Annotated[LogisticSettings, Depends(logistic_settings)]
Courier = Annotated[BiteshipClient, Depends(biteship_client)]
