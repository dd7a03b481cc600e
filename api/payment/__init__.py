"""Payment service: Xendit invoices, refunds, reconciliation and seller settlements."""
