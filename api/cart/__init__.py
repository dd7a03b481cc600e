"""The cart service (port 3003, cart_db): one active cart per user, price snapshots."""
