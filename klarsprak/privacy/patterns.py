"""Phone numbers, e-mail addresses and street addresses, found with checked patterns."""

from __future__ import annotations

import re
from collections.abc import Iterator

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
# +46 / 0046 / 0, then digits with optional spaces, dashes or a (0); checked by count below.
PHONE = re.compile(r"(?<![\w+])(?:\+46|0046|0)(?:[\s-]?\(0\))?(?:[\s-]?\d){6,11}(?![\w-])")
STREET_SUFFIXES = ("gatan", "vägen", "gränd", "gränden", "stigen", "torget", "allén", "backen", "platsen",
                   "leden", "plan", "väg", "gata", "stig", "liden", "parken", "kajen", "esplanaden",
                   "promenaden", "slingan", "ringen", "höjden", "gången", "bron", "hamnen")
STREET = re.compile(
    r"\b(?:[A-ZÅÄÖ][\wåäöé-]*\s)?[A-ZÅÄÖ][\wåäöé-]*(?:" + "|".join(STREET_SUFFIXES) + r")"
    r"\s\d{1,4}(?:\s?[A-ZÅÄÖ]|[a-zåäö])?(?![\wåäö])"  # house letter: "12 B", "12B", "12b", not "12 i"
    r"(?:(?:,\s*|\s+)(?:\d{3}\s?\d{2})\s+[A-ZÅÄÖ][\wåäö]+)?"
)
POSTAL = re.compile(r"\b\d{3}\s?\d{2}\s+[A-ZÅÄÖ][a-zåäö]+(?:\s[A-ZÅÄÖ][a-zåäö]+)?\b")


def find_emails(text: str) -> Iterator[tuple[int, int]]:
    for match in EMAIL.finditer(text):
        yield match.start(), match.end()


def find_phones(text: str) -> Iterator[tuple[int, int]]:
    """Swedish numbers: 8 to 10 digits in national form (0 + area code + subscriber)."""
    for match in PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if digits.startswith("0046"):
            digits = "0" + digits[4:]
        elif digits.startswith("46"):
            digits = "0" + digits[2:]
        digits = digits.replace("00", "0", 1) if "(0)" in match.group() else digits
        if 8 <= len(digits) <= 10:
            yield match.start(), match.start() + len(match.group().rstrip())


def find_addresses(text: str) -> Iterator[tuple[int, int]]:
    """Street name + number (+ letter, + postcode and town), or a postcode with its town."""
    taken: list[tuple[int, int]] = []
    for match in STREET.finditer(text):
        taken.append((match.start(), match.end()))
        yield match.start(), match.end()
    for match in POSTAL.finditer(text):
        if not any(s <= match.start() < e for s, e in taken):
            yield match.start(), match.end()
