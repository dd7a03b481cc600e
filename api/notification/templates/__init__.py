"""Templates per kind × channel × locale: sandboxed Jinja2 rendering, checks, SMS segments, and
the seeded defaults."""
