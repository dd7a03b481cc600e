"""Domain operations of the product service; each takes a unit of work and never commits."""
