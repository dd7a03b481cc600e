"""The double-entry ledger: accounts, the operations that move money, the engine that posts them
in one database transaction, and the group-commit writer that batches concurrent requests."""
