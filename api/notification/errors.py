"""The notification service's errors (subclasses of the kit's tree, rendered as problem+json)."""

from __future__ import annotations

from api.kit.errors import Forbidden, NotFound, Unauthorized, Unprocessable, UpstreamError


class NotificationNotFound(NotFound):
    slug, title = "notification-not-found", "Notification not found"


class DeviceNotFound(NotFound):
    slug, title = "device-not-found", "Device not found"


class TemplateNotFound(NotFound):
    slug, title = "template-not-found", "Template not found"


class InvalidTemplate(Unprocessable):
    slug = "invalid-template"


class SecurityAlwaysOn(Unprocessable):
    slug = "security-always-on"


class NoContact(Unprocessable):
    slug = "no-contact"


class DeliveryFailed(UpstreamError):
    slug, title = "delivery-failed", "The message could not be delivered"


class WebhookSignatureRejected(Forbidden):
    slug, title = "invalid-signature", "Invalid webhook signature"


class WebhookUnauthorized(Unauthorized):
    slug = "invalid-signature"
