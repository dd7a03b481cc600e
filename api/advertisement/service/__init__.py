"""The advertisement service's domain operations (one transaction each, the unit of work's)."""
