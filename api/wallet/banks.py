"""Indonesian banks a wallet pays out to: their codes (Xendit's), the length of their savings
account numbers, and how a bank's holder name is compared with the name we expect.

Lengths are those of personal and business savings/current accounts (virtual accounts, which
are longer and belong to merchants, are not payout destinations). A bank whose numbers come in
two lengths lists both.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher


@dataclass(frozen=True, slots=True)
class Bank:
    code: str
    name: str
    lengths: tuple[int, ...]

    def describe_lengths(self) -> str:
        return " or ".join(str(n) for n in self.lengths)


BANKS: dict[str, Bank] = {
    bank.code: bank
    for bank in (
        Bank("BCA", "Bank Central Asia", (10,)),
        Bank("BNI", "Bank Negara Indonesia", (10,)),
        Bank("BRI", "Bank Rakyat Indonesia", (15,)),
        Bank("MANDIRI", "Bank Mandiri", (13,)),
        Bank("CIMB", "CIMB Niaga", (13, 14)),
        Bank("PERMATA", "Bank Permata", (10,)),
        Bank("BSI", "Bank Syariah Indonesia", (10,)),
        Bank("DANAMON", "Bank Danamon", (10,)),
        Bank("BTN", "Bank Tabungan Negara", (16,)),
        Bank("OCBC", "OCBC NISP", (12,)),
        Bank("PANIN", "Panin Bank", (10,)),
        Bank("MAYBANK", "Maybank Indonesia", (10,)),
        Bank("BTPN", "Bank BTPN / Jenius", (12,)),
        Bank("MEGA", "Bank Mega", (15,)),
        Bank("BJB", "Bank BJB", (13,)),
    )
}


def account_number_problem(bank_code: str, account_number: str) -> tuple[str, str] | None:
    """``(field, message)`` when the bank code or the number is wrong, else None."""
    bank = BANKS.get(bank_code)
    if bank is None:
        return "bank_code", f"Unknown bank code {bank_code!r}; one of {', '.join(BANKS)}"
    if not re.fullmatch(r"[0-9]+", account_number):  # ASCII digits: isdigit() takes any script
        return "account_number", "An account number has digits only"
    if len(account_number) not in bank.lengths:
        return (
            "account_number",
            f"{bank.name} account numbers have {bank.describe_lengths()} digits, "
            f"not {len(account_number)}",
        )
    return None


# Salutations and legal forms banks add to or drop from a holder's name.
_NOISE = frozenset(
    {"BPK", "BAPAK", "IBU", "SDR", "SDRI", "TN", "NY", "NN", "MR", "MRS", "MS", "DR", "IR",
     "H", "HJ", "PT", "CV", "TBK", "UD", "TOKO"}
)  # fmt: skip
MATCH_THRESHOLD = 0.85


def normalized_name(name: str) -> str:
    """Upper case, accents and punctuation gone, salutations dropped, words sorted (banks and
    people order given names and family names differently)."""
    ascii_only = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.sub(r"[^A-Z0-9 ]+", " ", ascii_only.upper()).split()
    return " ".join(sorted(word for word in words if word not in _NOISE))


def names_match(bank_holder_name: str, expected_name: str) -> bool:
    """Whether the bank's holder name is the person (or business) we expect.

    Banks truncate long names, so a bank name that is a prefix of the expected one (of at least
    ten characters) matches; otherwise the normalized names must be ≥ 85% similar."""
    bank = normalized_name(bank_holder_name)
    expected = normalized_name(expected_name)
    if not bank or not expected:
        return False
    if bank == expected:
        return True
    raw_bank = " ".join(re.sub(r"[^A-Z0-9 ]+", " ", bank_holder_name.upper()).split())
    raw_expected = " ".join(re.sub(r"[^A-Z0-9 ]+", " ", expected_name.upper()).split())
    if len(raw_bank) >= 10 and raw_expected.startswith(raw_bank):
        return True
    return SequenceMatcher(None, bank, expected).ratio() >= MATCH_THRESHOLD
