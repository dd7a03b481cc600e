"""Local stand-ins for the third-party providers (DESIGN §8): a Xendit-compatible invoice
sandbox (port 3090) and a Biteship-compatible courier sandbox (port 3091).

Each is a small FastAPI app with in-memory state that speaks the provider's real request and
response shapes, so the services' real HTTP clients talk to it unchanged; extra ``/sandbox/...``
routes play the customer (pay an invoice) or the courier (advance a parcel) and send the
provider's webhook to the configured URL.
"""
