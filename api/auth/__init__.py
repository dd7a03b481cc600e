"""The auth service: accounts, sessions (access + refresh tokens), verification, roles."""
