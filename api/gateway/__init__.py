"""The API gateway (edge): routing, JWT verification, trusted headers, rate limits, docs."""
