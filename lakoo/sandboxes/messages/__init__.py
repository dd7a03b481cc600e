"""The messaging sandbox (``lakoo sandbox messages``): a real SMTP server plus SendGrid-, Twilio-,
WhatsApp Cloud- and FCM-compatible HTTP endpoints that keep what they receive, send delivery
receipts back signed as each provider signs them, can be told to fail a share of sends, and
serve a web inbox at ``/`` where a person reads every message as it would look.

    HTTP :3092   POST /v3/mail/send                                  SendGrid Mail Send
                 POST /2010-04-01/Accounts/{sid}/Messages.json       Twilio SMS
                 POST /{version}/{phone_number_id}/messages          WhatsApp Cloud API
                 POST /token, POST /v1/projects/{p}/messages:send    Google OAuth + FCM v1
                 GET  /api/messages?to=&channel=&kind=               what was received (tests)
                 POST /sandbox/failures {provider, rate}             fail a share of sends
                 DELETE /api/messages                                forget everything
                 GET  /                                              the inbox, for people
    SMTP :3025   any MAIL FROM / RCPT TO; 451 when told to fail
"""

from lakoo.sandboxes.messages.app import MessagesSandboxSettings, create_messages_sandbox

__all__ = ["MessagesSandboxSettings", "create_messages_sandbox"]
