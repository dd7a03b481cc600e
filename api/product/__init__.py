"""The product service (port 3002, product_db): categories, products, variants, search."""
