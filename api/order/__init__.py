"""The order service (port 3006, order_db): checkout, the order saga and the status machine."""
