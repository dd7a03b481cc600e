"""Auth's fuzz seed: real accounts for the run's users, so ``/api/auth/me`` finds them."""

from __future__ import annotations

from uuid import UUID, uuid4

from api.kit.auth import Role
from tests.fuzz.seeds import FuzzSeed

ORDER = 1  # first: every other seed creates data owned by these users
PASSWORD = "fuzz-pass-123"


def seed(fuzz: FuzzSeed) -> None:
    for role in Role:
        email = f"fuzz.{role.value}.{uuid4().hex[:8]}@example.id"
        user = fuzz.call(
            "auth",
            "POST",
            "/api/auth/register",
            as_="anonymous",
            json={"email": email, "password": PASSWORD, "full_name": f"Fuzz {role.value}"},
        )
        if role is not Role.customer:
            fuzz.call(
                "auth", "PUT", f"/api/auth/users/{user['id']}/role", json={"role": role.value}
            )
        fuzz.users[role] = UUID(user["id"])
        fuzz.logins[role.value] = (email, PASSWORD)
    fuzz.remember("user_id", *fuzz.users.values())
