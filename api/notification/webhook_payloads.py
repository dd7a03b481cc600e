"""Reading the providers' receipt payloads into ``receipts.apply`` arguments.

Each reader is forgiving about what it does not need (providers add fields) and strict about
what it does: an entry without a message id or a known status is skipped, never a 500.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

# provider status → ours (anything else is an intermediate state we do not record)
SENDGRID = {"delivered": "delivered", "bounce": "failed", "dropped": "failed", "open": "read"}
TWILIO = {"delivered": "delivered", "read": "read", "undelivered": "failed", "failed": "failed"}
WHATSAPP = {"delivered": "delivered", "read": "read", "failed": "failed"}
VONAGE = {
    "delivered": "delivered",
    "read": "read",
    "rejected": "failed",
    "undeliverable": "failed",
}


def _uuid(value: Any) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None


def sendgrid_receipts(data: Any) -> list[dict[str, Any]]:
    """SendGrid posts a JSON array of events; our message id rides in ``custom_args``."""
    found = []
    for event in data if isinstance(data, list) else []:
        if not isinstance(event, dict) or event.get("event") not in SENDGRID:
            continue
        sg_id = str(event.get("sg_message_id") or "").split(".", 1)[0] or None
        found.append(
            {
                "status": SENDGRID[event["event"]],
                "provider_message_id": sg_id,
                "message_id": _uuid(event.get("lakoo_message_id")),
                "error": str(event.get("reason") or event.get("type") or "")[:500] or None,
                "detail": {"event": event.get("event"), "sg_event_id": event.get("sg_event_id")},
            }
        )
    return found


def twilio_receipt(params: dict[str, str]) -> dict[str, Any] | None:
    """One status callback: ``MessageSid`` and ``MessageStatus`` (``ErrorCode`` on failure)."""
    status = TWILIO.get(params.get("MessageStatus", ""))
    sid = params.get("MessageSid") or params.get("SmsSid")
    if status is None or not sid:
        return None
    error = params.get("ErrorCode")
    return {
        "status": status,
        "provider_message_id": sid[:64],
        "error": f"twilio error {error}" if error else None,
        "detail": {"status": params.get("MessageStatus"), "error_code": error},
    }


def whatsapp_receipts(data: Any) -> list[dict[str, Any]]:
    """``entry[].changes[].value.statuses[]``, each with the ``wamid`` and its status."""
    found: list[dict[str, Any]] = []
    if not isinstance(data, dict):
        return found
    for entry in data.get("entry") or []:
        for change in (entry.get("changes") or []) if isinstance(entry, dict) else []:
            value = change.get("value") if isinstance(change, dict) else None
            for status in (value or {}).get("statuses") or [] if isinstance(value, dict) else []:
                if not isinstance(status, dict) or status.get("status") not in WHATSAPP:
                    continue
                errors = status.get("errors") or [{}]
                first = errors[0] if isinstance(errors, list) and errors else {}
                found.append(
                    {
                        "status": WHATSAPP[status["status"]],
                        "provider_message_id": str(status.get("id") or "")[:200] or None,
                        "error": str(first.get("title") or "")[:500] or None
                        if isinstance(first, dict)
                        else None,
                        "detail": {"status": status.get("status")},
                    }
                )
    return found


def vonage_receipt(data: Any) -> dict[str, Any] | None:
    """One Messages API status: ``message_uuid``, ``status``, our id in ``client_ref``."""
    if not isinstance(data, dict) or data.get("status") not in VONAGE:
        return None
    uuid = str(data.get("message_uuid") or "")[:64] or None
    message_id = _uuid(data.get("client_ref"))
    if uuid is None and message_id is None:
        return None
    found = data.get("error")
    error: dict[str, Any] = found if isinstance(found, dict) else {}
    return {
        "status": VONAGE[data["status"]],
        "provider_message_id": uuid,
        "message_id": message_id,
        "error": str(error.get("title") or error.get("detail") or "")[:500] or None,
        "detail": {"status": data.get("status"), "channel": data.get("channel")},
    }
