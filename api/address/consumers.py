"""The address service consumes no events."""

from __future__ import annotations

from api.kit.consumer import Handler

HANDLERS: dict[str, Handler] = {}
