"""Domain operations of the seller service: each takes a unit of work and never commits."""
