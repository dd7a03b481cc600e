"""Logistic service: Biteship rates (cached), shipments, tracking and the courier webhook."""
