"""The wallet service (port 3011, wallet_db): a double-entry ledger of users' money."""
