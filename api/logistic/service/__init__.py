"""Domain operations of the logistic service: keyword-only, take a unit of work, never commit."""
