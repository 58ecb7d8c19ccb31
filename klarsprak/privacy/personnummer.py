"""Swedish personnummer and samordningsnummer: every common way of writing them, checked.

Formats: YYMMDD-NNNN, YYYYMMDD-NNNN, YYYYMMDDNNNN, YYMMDDNNNN, with a space for the dash, and
``+`` for people aged 100 or more. Samordningsnummer add 60 to the day. The date must exist and
the last digit is a Luhn check over the ten-digit form; a number with a real date but a wrong
check digit is still reported, as a possible personnummer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

PATTERN = re.compile(r"(?<![\w/.,:-])(\d{6}|\d{8})([-+ ]?)(\d{4})(?![\w/]|[.,:-]\d)")
# Spaced in pairs or with spaces round the dash: "12 12 12-1212", "1912 12 12 - 1212", "121212 - 1212".
SPACED = re.compile(r"(?<![\w/.,:-])((?:\d{2}\s?)?\d{2}\s\d{2}\s\d{2}|\d{6}|\d{8})(\s?[-+]\s?|\s)(\d{4})"
                    r"(?![\w/]|[.,:-]\d)")


@dataclass(frozen=True)
class IdentityNumber:
    start: int
    end: int
    kind: str  # "personnummer", "samordningsnummer" or "möjligt personnummer"


def check_digit(nine_digits: str) -> str:
    """The Luhn check digit of a personnummer's first nine digits (weights 2,1,2,1…)."""
    total = 0
    for index, char in enumerate(nine_digits[:9]):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def luhn_ok(ten_digits: str) -> bool:
    """True when the tenth digit is the Luhn check digit of the first nine."""
    return check_digit(ten_digits[:9]) == ten_digits[9]


def _full_year(two_digits: int, plus: bool, today: dt.date) -> int:
    year = today.year - today.year % 100 + two_digits
    if year > today.year:
        year -= 100
    return year - 100 if plus else year


def classify(date_part: str, separator: str, serial: str, today: dt.date | None = None) -> str | None:
    """The kind of number, or None when the date cannot exist (then it is no personnummer)."""
    today = today or dt.date.today()
    if len(date_part) == 8:
        year, rest = int(date_part[:4]), date_part[4:]
    else:
        year, rest = _full_year(int(date_part[:2]), separator == "+", today), date_part[2:]
    month, day = int(rest[:2]), int(rest[2:])
    coordination = day > 60
    try:
        dt.date(year, month, day - 60 if coordination else day)
    except ValueError:
        return None
    if not 1880 <= year <= today.year:
        return None
    if not luhn_ok(date_part[-6:] + serial):
        return "möjligt personnummer"
    return "samordningsnummer" if coordination else "personnummer"


def find_identity_numbers(text: str) -> Iterator[IdentityNumber]:
    """Every personnummer-like number in ``text`` with a possible date."""
    taken: list[tuple[int, int]] = []
    for match in PATTERN.finditer(text):
        date_part, separator, serial = match.groups()
        kind = classify(date_part, separator, serial)
        if kind is not None:
            taken.append(match.span())
            yield IdentityNumber(match.start(), match.end(), kind)
    for match in SPACED.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        date_part, separator, serial = match.groups()
        kind = classify(re.sub(r"\s", "", date_part), separator.strip() or " ", serial)
        # Groups of digits with spaces alone ("12 12 12 1212") could be an amount: only a
        # correct check digit makes them a personnummer.
        if kind is not None and (separator.strip() or kind != "möjligt personnummer"):
            yield IdentityNumber(match.start(), match.end(), kind)


def valid_personnummer(number: str) -> bool:
    """True when ``number`` (any common format) is a correct personnummer or samordningsnummer."""
    match = PATTERN.fullmatch(number.strip())
    return bool(match) and classify(*match.groups()) in ("personnummer", "samordningsnummer")
