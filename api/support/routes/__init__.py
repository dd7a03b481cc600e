"""The support service's routers: tickets, and the desk (agents, FAQs)."""

from api.support.routes.desk import router as desk_router
from api.support.routes.tickets import router as tickets_router

routers = [tickets_router, desk_router]

__all__ = ["routers"]
