"""The warehouse service (port 3012, warehouse_db): stock, reservations, grosir bundles, POs.

The inventory authority for every sellable variant; see ``docs/warehouse.md`` for its rules.
"""
