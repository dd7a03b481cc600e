"""Domain operations of the wallet service: keyword-only, take a unit of work, never commit."""
