"""The supplier service (port 3004, supplier_db): factories, their catalogues and their scores."""
