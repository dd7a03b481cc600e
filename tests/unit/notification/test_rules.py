"""Pure rules of the notification service: SMS segments, quiet hours, template checks, provider
signatures (Twilio's documented example), the seeded templates, preference defaults."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.kit.numbering import WIB
from api.notification.kinds import KINDS, default_enabled
from api.notification.providers.signatures import twilio_signature, twilio_valid, whatsapp_valid
from api.notification.service.quiet_hours import held_until
from api.notification.templates.defaults import default_templates
from api.notification.templates.rendering import TemplateProblem, check, render
from api.notification.templates.segments import segment_count


def test_gsm7_segments_split_at_160_then_153() -> None:
    assert segment_count("a" * 160) == 1
    assert segment_count("a" * 161) == 2
    assert segment_count("a" * 306) == 2 and segment_count("a" * 307) == 3
    assert segment_count("€" * 80) == 1 and segment_count("€" * 81) == 2  # two septets each
    assert segment_count("kode ✓" * 12) == 2  # not GSM-7: UCS-2, 70 per single segment


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789 .,", min_size=1, max_size=1000))
def test_segments_cover_the_text(text: str) -> None:
    parts = segment_count(text)
    assert parts >= 1
    assert len(text) <= (160 if parts == 1 else 153 * parts)


@pytest.mark.parametrize(
    ("local", "held"),
    [
        ((2026, 11, 24, 21, 59), None),
        ((2026, 11, 24, 22, 0), (2026, 11, 25, 8, 0)),
        ((2026, 11, 24, 23, 0), (2026, 11, 25, 8, 0)),
        ((2026, 11, 25, 3, 30), (2026, 11, 25, 8, 0)),
        ((2026, 11, 25, 8, 0), None),
    ],
)
def test_quiet_hours_hold_until_eight_wib(
    local: tuple[int, ...], held: tuple[int, ...] | None
) -> None:
    now = datetime(*local, tzinfo=WIB).astimezone(UTC)
    expected = datetime(*held, tzinfo=WIB) if held else None
    assert held_until(now) == expected


def test_a_template_may_use_only_its_kinds_placeholders() -> None:
    allowed = KINDS["payment_received"].placeholders
    check("Halo {{ name }}, Rp {{ amount | rupiah }}", allowed)
    with pytest.raises(TemplateProblem) as unknown:
        check("Halo {{ nama }}", allowed)
    assert unknown.value.placeholder == "nama"
    with pytest.raises(TemplateProblem):
        check("{% for %}", allowed)
    with pytest.raises(TemplateProblem):
        render("{{ name.__class__.__mro__ }}", {"name": "x"})  # the sandbox refuses it
    with pytest.raises(TemplateProblem):
        render("{{ name }}", {})  # strict: a missing value is an error, never blank
    assert render("Rp {{ amount | rupiah }}", {"amount": 1500000}) == "Rp 1.500.000"


def test_every_seeded_template_passes_its_own_check() -> None:
    seeded = default_templates()
    for kind in KINDS.values():
        for channel in kind.channels:
            assert sum(t.kind == kind.code and t.channel == channel for t in seeded) == 2
    for t in seeded:
        allowed = KINDS[t.kind].placeholders
        for source in (t.subject, t.body, *t.whatsapp_parameters):
            if source:
                check(source, allowed)
        if t.html_body:
            check(t.html_body, allowed, html=True)
        if t.channel == "whatsapp":
            assert t.whatsapp_template == f"lakoo_{t.kind}" and t.whatsapp_parameters


def test_twilio_signature_matches_twilios_documented_example() -> None:
    # https://www.twilio.com/docs/usage/security#validating-requests
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Caller": "+12349013030",
        "Digits": "1234",
        "From": "+12349013030",
        "To": "+18005551212",
    }
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    assert twilio_signature("12345", url, params) == "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
    assert twilio_valid("12345", url, params, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
    assert not twilio_valid("12345", url, {**params, "Digits": "9"}, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
    assert not whatsapp_valid("secret", payload=b"{}", signature="sha256=" + "0" * 64)


def test_preference_defaults_follow_the_domain() -> None:
    assert default_enabled("transactional", "email") and default_enabled("account", "push")
    assert not default_enabled("transactional", "sms") and default_enabled("security", "sms")
    assert not default_enabled("transactional", "whatsapp")
    assert not any(default_enabled("marketing", c) for c in ("email", "push", "in_app"))
