"""The seller service (port 3015, seller_db): shops, their verification and standing, documents,
pickup addresses, bank accounts, commission history, payouts and the seller dashboard."""
