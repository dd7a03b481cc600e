"""The brand service (port 3005, brand_db): LAKOO's 15 house brands, their prices, collections."""
