"""Domain operations of the brand service; each takes a unit of work and never commits."""
