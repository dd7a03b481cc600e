"""Domain operations of the address service: keyword-only, take a unit of work, never commit."""
