"""The seller service's routes: the seller's own shop (``/api/sellers/me...``), admins' decisions
(``/api/sellers/{id}/...``), the public shop page, and what other services read internally."""

from api.seller.routes import admin, internal, shops, statements

ROUTERS = [statements.router, shops.router, admin.router, internal.router]
