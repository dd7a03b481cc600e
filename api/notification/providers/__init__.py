"""Provider clients, one module per provider, each speaking that provider's real HTTP (or SMTP)
API; the messaging sandbox speaks the same. ``registry.build_providers`` wires them per channel
in failover order."""
