"""Auth's typed dependencies: the token and code policies, the message sender, the client."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.auth.messaging import MessageSender
from api.auth.sessions import TokenPolicy
from api.auth.verification import CodePolicy


def _token_policy(request: Request) -> TokenPolicy:
    policy: TokenPolicy = request.app.state.token_policy
    return policy


def _code_policy(request: Request) -> CodePolicy:
    policy: CodePolicy = request.app.state.code_policy
    return policy


def _sender(request: Request) -> MessageSender:
    sender: MessageSender = request.app.state.message_sender
    return sender


def client_ip(request: Request) -> str | None:
    """The caller's address: the gateway's ``x-forwarded-for`` first hop, else the socket peer."""
    forwarded = request.headers.get("x-forwarded-for")
    if forwarded:
        return forwarded.split(",")[0].strip()
    return request.client.host if request.client else None


TokenPolicyDep = Annotated[TokenPolicy, Depends(_token_policy)]
CodePolicyDep = Annotated[CodePolicy, Depends(_code_policy)]
SenderDep = Annotated[MessageSender, Depends(_sender)]
ClientIp = Annotated[str | None, Depends(client_ip)]
