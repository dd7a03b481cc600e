"""Auth's typed dependencies: the token and code policies, the message sender, the client."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.auth.messaging import MessageSender
from api.auth.sessions import TokenPolicy
from api.auth.verification import CodePolicy
from api.kit.deps import app_state


def client_ip(request: Request) -> str | None:
    """The caller's address: the gateway's ``x-forwarded-for`` first hop, else the socket peer."""
    forwarded = request.headers.get("x-forwarded-for")
    if forwarded:
        return forwarded.split(",")[0].strip()
    return request.client.host if request.client else None


TokenPolicyDep = Annotated[TokenPolicy, Depends(app_state("token_policy"))]
CodePolicyDep = Annotated[CodePolicy, Depends(app_state("code_policy"))]
SenderDep = Annotated[MessageSender, Depends(app_state("message_sender"))]
ClientIp = Annotated[str | None, Depends(client_ip)]
