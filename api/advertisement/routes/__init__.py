"""The advertisement service's routers: serving (the hot path) first, then campaigns, then the
data platform's internal charges."""

from __future__ import annotations

from fastapi import APIRouter

from api.advertisement.routes import campaigns, internal, serving

ROUTERS: list[APIRouter] = [module.router for module in (serving, campaigns, internal)]
