"""The support service's domain operations: keyword-only, take a unit of work, never commit."""
