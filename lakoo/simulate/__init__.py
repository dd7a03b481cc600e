"""Simulated trading periods against the running platform: ``lakoo simulate``.

``client`` speaks the public contract (gateway + sandboxes); ``cast`` makes the staff and the
goods; ``shoppers`` and ``aftersale`` are the journeys; ``run`` drives the phases; ``summary``
folds and prints the result.
"""
