"""The order service's domain operations, one module per concern.

``checkout``     the saga that turns a cart into orders, a reservation and one payment
``transitions``  the one place a status changes (machine check, history, timestamps)
``lifecycle``    what moves orders after checkout (payment, shipment, cancel, complete)
``returns``      return requests within the window, and their receipt
``refunds``      asking the payment service for the refunds cancellations and returns owe
``reading``      the views routes answer with
"""
