"""The warehouse's domain operations, one module per sub-domain.

Every operation takes a unit of work, changes state, adds its events to the outbox and never
commits: the route or the consumer runtime does.
"""
