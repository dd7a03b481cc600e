"""The seeded templates: every kind the service sends, for each of its channels, in id and en.

Each kind has a title and a text per locale; the channels are built from them: email (subject,
plain text and an HTML layout), SMS (the text), push (title and text), in-app (title and text) and
WhatsApp (the approved template's text, and its parameters in order). Admins edit them later
through the API; seeding never overwrites an edited template.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.events.values import Channel
from api.notification.kinds import KINDS, LOCALES, Kind, Locale

Texts = dict[str, dict[Locale, tuple[str, str]]]

# kind → locale → (title, text)
TEXTS: Texts = {
    "verification_code": {
        "id": (
            "Kode verifikasi LAKOO",
            "Kode verifikasi LAKOO kamu: {{ code }}. Berlaku {{ minutes }} menit. "
            "Jangan berikan kode ini kepada siapa pun.",
        ),
        "en": (
            "Your LAKOO verification code",
            "Your LAKOO verification code is {{ code }}. It expires in {{ minutes }} minutes. "
            "Never share it with anyone.",
        ),
    },
    "password_reset": {
        "id": (
            "Atur ulang kata sandi LAKOO",
            "Halo {{ name }}, buka tautan ini untuk mengatur kata sandi baru: {{ reset_link }} "
            "Tautan berlaku {{ minutes }} menit. Abaikan email ini jika kamu tidak memintanya.",
        ),
        "en": (
            "Reset your LAKOO password",
            "Hi {{ name }}, open this link to set a new password: {{ reset_link }} "
            "It expires in {{ minutes }} minutes. Ignore this email if you did not ask for it.",
        ),
    },
    "registration_attempt": {
        "id": (
            "Ada yang mencoba mendaftar dengan email kamu",
            "Halo {{ name }}, seseorang (mungkin kamu) mencoba membuat akun LAKOO baru dengan "
            "email ini, yang sudah punya akun. Jika itu kamu, silakan masuk, atau atur ulang kata "
            "sandi jika lupa. Jika bukan, abaikan email ini.",
        ),
        "en": (
            "Someone tried to create a LAKOO account with your email",
            "Hi {{ name }}, someone (perhaps you) tried to register a new LAKOO account with this "
            "email, which already has one. If it was you, log in, or reset your password if you "
            "forgot it. If it was not, you can ignore this message.",
        ),
    },
    "welcome": {
        "id": ("Selamat datang di LAKOO", "Halo {{ name }}, selamat datang di LAKOO!"),
        "en": ("Welcome to LAKOO", "Hi {{ name }}, welcome to LAKOO!"),
    },
    "payment_received": {
        "id": (
            "Pembayaran {{ payment_number }} diterima",
            "Halo {{ name }}, pembayaran Rp {{ amount | rupiah }} ({{ payment_number }}) untuk "
            "{{ order_count }} pesanan sudah kami terima. Pesananmu segera diproses.",
        ),
        "en": (
            "Payment {{ payment_number }} received",
            "Hi {{ name }}, we received your payment of Rp {{ amount | rupiah }} "
            "({{ payment_number }}) for {{ order_count }} order(s). We are preparing them now.",
        ),
    },
    "order_shipped": {
        "id": (
            "Pesanan {{ order_number }} dikirim",
            "Halo {{ name }}, pesanan {{ order_number }} sudah dikirim dengan {{ courier }}. "
            "Nomor resi: {{ tracking_number }}.",
        ),
        "en": (
            "Order {{ order_number }} shipped",
            "Hi {{ name }}, order {{ order_number }} is on its way with {{ courier }}. "
            "Tracking number: {{ tracking_number }}.",
        ),
    },
    "order_delivered": {
        "id": (
            "Pesanan {{ order_number }} sampai",
            "Halo {{ name }}, pesanan {{ order_number }} sudah sampai. Selamat menikmati!",
        ),
        "en": (
            "Order {{ order_number }} delivered",
            "Hi {{ name }}, order {{ order_number }} has been delivered. Enjoy!",
        ),
    },
    "refund_completed": {
        "id": (
            "Refund {{ refund_number }} selesai",
            "Halo {{ name }}, refund Rp {{ amount | rupiah }} ({{ refund_number }}) sudah "
            "dikembalikan ke {{ method }}.",
        ),
        "en": (
            "Refund {{ refund_number }} completed",
            "Hi {{ name }}, your refund of Rp {{ amount | rupiah }} ({{ refund_number }}) was "
            "paid to {{ method }}.",
        ),
    },
    "settlement_completed": {
        "id": (
            "Settlement {{ settlement_number }}",
            "Halo {{ name }}, settlement {{ period_start }} s.d. {{ period_end }} selesai: "
            "pencairan Rp {{ payout | rupiah }} (netto Rp {{ net | rupiah }}).",
        ),
        "en": (
            "Settlement {{ settlement_number }}",
            "Hi {{ name }}, your settlement for {{ period_start }} to {{ period_end }} is done: "
            "payout Rp {{ payout | rupiah }} (net Rp {{ net | rupiah }}).",
        ),
    },
    "withdrawal_completed": {
        "id": (
            "Penarikan dana berhasil",
            "Halo {{ name }}, penarikan Rp {{ amount | rupiah }} ke {{ bank_code }} "
            "****{{ account_last4 }} berhasil.",
        ),
        "en": (
            "Withdrawal completed",
            "Hi {{ name }}, your withdrawal of Rp {{ amount | rupiah }} to {{ bank_code }} "
            "****{{ account_last4 }} was paid out.",
        ),
    },
    "low_stock": {
        "id": (
            "Stok menipis: varian {{ variant_id }}",
            "Halo {{ name }}, stok tersedia varian {{ variant_id }} tinggal {{ available }} "
            "(titik pemesanan ulang {{ reorder_point }}).",
        ),
        "en": (
            "Low stock: variant {{ variant_id }}",
            "Hi {{ name }}, variant {{ variant_id }} has {{ available }} available "
            "(reorder point {{ reorder_point }}).",
        ),
    },
    "purchase_order_approved": {
        "id": (
            "PO {{ po_number }} dari LAKOO",
            "Halo {{ name }} ({{ supplier_name }}), PO {{ po_number }} senilai "
            "Rp {{ total_cost | rupiah }} ({{ line_count }} baris) sudah disetujui: "
            "{{ lines }}. Mohon dikirim paling lambat {{ expected_date }}.",
        ),
        "en": (
            "Purchase order {{ po_number }} from LAKOO",
            "Hi {{ name }} ({{ supplier_name }}), purchase order {{ po_number }} of "
            "Rp {{ total_cost | rupiah }} ({{ line_count }} lines) is approved: "
            "{{ lines }}. Please deliver by {{ expected_date }}.",
        ),
    },
    "ticket_created": {
        "id": (
            "Tiket {{ ticket_number }} diterima",
            "Halo {{ name }}, tiket {{ ticket_number }} ({{ subject }}) sudah kami terima.",
        ),
        "en": (
            "Ticket {{ ticket_number }} received",
            "Hi {{ name }}, we received ticket {{ ticket_number }} ({{ subject }}).",
        ),
    },
    "ticket_assigned": {
        "id": (
            "Tiket {{ ticket_number }} untukmu",
            "Halo {{ name }}, tiket {{ ticket_number }} (prioritas {{ priority }}) "
            "ditugaskan kepadamu.",
        ),
        "en": (
            "Ticket {{ ticket_number }} assigned to you",
            "Hi {{ name }}, ticket {{ ticket_number }} ({{ priority }} priority) is yours.",
        ),
    },
    "ticket_resolved": {
        "id": (
            "Tiket {{ ticket_number }} selesai",
            "Halo {{ name }}, tiket {{ ticket_number }} sudah diselesaikan: {{ resolution }}",
        ),
        "en": (
            "Ticket {{ ticket_number }} resolved",
            "Hi {{ name }}, ticket {{ ticket_number }} is resolved: {{ resolution }}",
        ),
    },
}

HTML_LAYOUT = """<!doctype html>
<html><body style="font-family:Helvetica,Arial,sans-serif;background:#f6f3ee;margin:0;padding:24px">
<table role="presentation" style="max-width:560px;margin:auto;background:#fff;border-radius:8px">
<tr><td style="padding:16px 24px;background:#1f3b2d;color:#fff;font-size:20px;font-weight:bold">
LAKOO</td></tr>
<tr><td style="padding:24px"><h1 style="font-size:18px;margin:0 0 12px">{title}</h1>
<p style="font-size:15px;line-height:1.5;margin:0">{text}</p></td></tr>
<tr><td style="padding:12px 24px;color:#777;font-size:12px">LAKOO · Jakarta</td></tr>
</table></body></html>"""

_FORMATTED = {"amount", "payout", "net", "total_cost"}


@dataclass(frozen=True, slots=True)
class DefaultTemplate:
    """One seeded template row."""

    kind: str
    channel: Channel
    locale: Locale
    subject: str | None
    body: str
    html_body: str | None
    whatsapp_template: str | None
    whatsapp_parameters: list[str]


def _parameter(name: str) -> str:
    return f"{{{{ {name} | rupiah }}}}" if name in _FORMATTED else f"{{{{ {name} }}}}"


def _for(kind: Kind, channel: Channel, locale: Locale) -> DefaultTemplate:
    title, text = TEXTS[kind.code][locale]
    subject = title if channel in ("email", "push", "in_app") else None
    html = HTML_LAYOUT.format(title=title, text=text) if channel == "email" else None
    whatsapp = channel == "whatsapp"
    return DefaultTemplate(
        kind=kind.code,
        channel=channel,
        locale=locale,
        subject=subject,
        body=text,
        html_body=html,
        whatsapp_template=kind.whatsapp_template if whatsapp else None,
        whatsapp_parameters=[_parameter(p) for p in kind.whatsapp_params] if whatsapp else [],
    )


def default_templates() -> list[DefaultTemplate]:
    """Every kind × channel × locale the consumers and ``/internal/messages`` may send."""
    return [
        _for(kind, channel, locale)
        for kind in KINDS.values()
        for channel in kind.channels
        for locale in LOCALES
    ]
