"""Domain operations of the payment service: keyword-only, take a unit of work, never commit."""
