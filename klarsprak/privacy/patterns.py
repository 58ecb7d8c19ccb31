"""Phone numbers, e-mail addresses, street addresses and dates of birth, found with checked patterns."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
# Addresses written so that harvesters miss them: "tolvan (at) example.se", "tolvan[at]example.se",
# "tolvan at example dot se". The spelled-out form needs a known top-level domain, since "at" and
# "dot" alone could be words.
_AT = r"(?:\s*[\(\[\{<]\s*(?:at|snabel-a|@)\s*[\)\]\}>]\s*|\s+(?:at|snabel-a)\s+)"
_DOT = r"(?:\.|\s*[\(\[\{<]\s*(?:dot|punkt)\s*[\)\]\}>]\s*|\s+(?:dot|punkt)\s+)"
OBFUSCATED_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+" + _AT + r"[\w-]+(?:" + _DOT + r"[\w-]+)*" + _DOT
    + r"(?:se|nu|com|org|net|eu|info|io|dk|no|fi|de|uk|fr|es|it|pl|biz|me)(?![\w-])",
    re.IGNORECASE,
)
# Every e-mail address holds one of these ("@", "at" set off by spaces or brackets, "snabel-a"): a
# quick search for them spares the full patterns on most texts.
EMAIL_HINT = re.compile(r"@|[\s(\[{<][aA][tT][\s)\]}>]|[sS][nN][aA][bB][eE][lL]-[aA]")
# +46 / 0046 / 0, then digits with optional spaces, dashes (also " - ") or a (0); checked by count below.
PHONE = re.compile(r"(?<![\w+])(?:\+46|0046|0)(?:[\s-]?\(0\))?(?:(?:[ \t]?[-–][ \t]?|[ \t])?\d){6,11}(?![\w-])")
STREET_SUFFIXES = ("gatan", "vägen", "gränd", "gränden", "stigen", "torget", "allén", "backen", "platsen",
                   "leden", "plan", "väg", "gata", "stig", "liden", "parken", "kajen", "esplanaden",
                   "promenaden", "slingan", "ringen", "höjden", "gången", "bron", "hamnen")
# Lower-case streets ("storgatan 5") only with the unmistakable endings: "handlingsplan 2" is no address.
LOWER_STREET_SUFFIXES = ("gatan", "vägen", "gränd", "gränden", "stigen", "allén", "gata", "väg")
_NUMBER = r"\s\d{1,4}(?:\s?[A-ZÅÄÖ]|[a-zåäö])?(?![\wåäö])"  # house letter: "12 B", "12B", "12b", not "12 i"
# Flat and floor belong to the address: "lgh 1104", "1 tr", "2 tr ö.g.".
_FLAT = r"(?:,?\s*(?:lgh|lägenhet|lgh\.|lägenhetsnummer)\s*(?:nr\.?\s*)?\d{3,4})?"
_FLOOR = r"(?:,?\s*\d{1,2}\s*tr\.?(?:\s*(?:ö\.?\s*g\.?|u\.?\s*g\.?))?)?"
# Postcode and town on the same line or the next: "252 21 Helsingborg", "252 21 HELSINGBORG".
_POSTAL_TAIL = r"(?:(?:,[ \t]*|[ \t]+|[ \t]*,?[ \t]*\r?\n[ \t]*)[1-9]\d{2}\s?\d{2}\s+[A-ZÅÄÖ][\wåäö]+(?:[ \t][A-ZÅÄÖ][\wåäö]+)?)?"
_CARE_OF = r"(?:c/o[ \t]+[A-ZÅÄÖ][\wåäö-]+(?:[ \t][A-ZÅÄÖ][\wåäö-]+)?[ \t]*(?:,[ \t]*|\r?\n[ \t]*))?"
UNITS = r"(?!\s*(?:år|kr|kronor|procent|%|dagar|dag|veckor|minuter|min|timmar|gånger|st|km|meter|m)\b)"
STREET = re.compile(
    r"(?:\b|(?=c/o))" + _CARE_OF
    # A first word ("Gamla Kyrkvägen") only on the street's own line: the line above may be a name.
    + r"(?:(?:[A-ZÅÄÖ][\wåäöé-]*[ \t])?[A-ZÅÄÖ][\wåäöé-]*(?:" + "|".join(STREET_SUFFIXES) + r")"
    + r"|(?<![\wåäö])[a-zåäö][\wåäöé-]*(?:" + "|".join(LOWER_STREET_SUFFIXES) + r")"
    + r"|Box|BOX|Postbox)"
    + _NUMBER + UNITS + _FLAT + _FLOOR + _POSTAL_TAIL
)
# Every street address holds a street ending (or "Box") right before its number.
STREET_HINT = re.compile(r"(?:" + "|".join(STREET_SUFFIXES) + r"|Box|BOX|Postbox)\s\d")
# Swedish postcodes run from 100 00 to 984 99 (no leading zero), and one never ends a registration
# number ("Diarienummer: VON/2022:00276" before a line that opens with a capital).
POSTAL = re.compile(r"(?<![:/\d])\b[1-9]\d{2}\s?\d{2}\s+[A-ZÅÄÖ][a-zåäö]+(?:\s[A-ZÅÄÖ][a-zåäö]+)?\b")
CARE_OF = re.compile(r"\bc/o[ \t]+[A-ZÅÄÖ][\wåäö-]+(?:[ \t][A-ZÅÄÖ][\wåäö-]+)?")

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")
_MONTH = r"(?:" + "|".join(MONTHS) + r"|jan|febr?|mar|apr|jun|jul|aug|sept?|okt|nov|dec)\.?"
_DATE = (r"(?:\d{1,2}(?::e|e)?\s+" + _MONTH + r"\s+\d{4}"  # 12 mars 1985
         r"|\d{4}-\d{2}-\d{2}|\d{8}|\d{6}"  # 1985-03-12, 19850312, 850312
         r"|\d{1,2}/\d{1,2}(?:\s+|[-/])\d{2,4}"  # 12/3 1985, 12/3-85
         r"|\d{1,2}\.\d{1,2}\.\d{2,4}"  # 12.3.1985
         r"|" + _MONTH + r"\s+\d{4})"  # mars 1985
)
# "född den 12 mars 1985", "f. 12/3 1985", "födelsedatum: 1985-03-12", "föddes 1985-03-12".
BIRTHDATE = re.compile(
    r"\b(?:född(?:es)?|f\.|födelsedatum|födelsedag|födelsedagen|födelse|född:)[:\s]*(?:den\s+|i\s+|år\s+)?"
    r"(" + _DATE + r")(?![\w-])",
    re.IGNORECASE,
)


def find_emails(text: str) -> Iterator[tuple[int, int]]:
    """E-mail addresses, also when written to fool harvesters ("tolvan (at) example.se")."""
    if not EMAIL_HINT.search(text):
        return
    taken: list[tuple[int, int]] = []
    for match in EMAIL.finditer(text):
        taken.append(match.span())
        yield match.span()
    for match in OBFUSCATED_EMAIL.finditer(text):
        if not any(s < match.end() and match.start() < e for s, e in taken):
            yield match.span()


# "8 000-12 000 kr", "3 000 000 kronor": an amount in groups of three, not a phone number.
AMOUNT_BEFORE = re.compile(r"\d[ \u00a0]$")
AMOUNT_AFTER = re.compile(r"[ \u00a0]*(?:kr\b|kronor|sek\b|:-|%|procent|euro\b|€)", re.IGNORECASE)


def find_phones(text: str) -> Iterator[tuple[int, int]]:
    """Swedish numbers: 8 to 10 digits in national form (0 + area code + subscriber); not an
    amount ("8 000-12 000 kr")."""
    for match in PHONE.finditer(text):
        if AMOUNT_BEFORE.search(text, max(0, match.start() - 2), match.start()) \
                or AMOUNT_AFTER.match(text, match.end()):
            continue
        digits = re.sub(r"\D", "", match.group())
        if digits.startswith("0046"):
            digits = "0" + digits[4:]
        elif digits.startswith("46"):
            digits = "0" + digits[2:]
        digits = digits.replace("00", "0", 1) if "(0)" in match.group() else digits
        if 8 <= len(digits) <= 10:
            yield match.start(), match.start() + len(match.group().rstrip())


def find_addresses(text: str) -> Iterator[tuple[int, int]]:
    """Street name + number (+ letter, flat, floor, postcode and town, on the same line or the
    next; c/o before), a postcode with its town, or a c/o line on its own."""
    taken: list[tuple[int, int]] = []
    finders = (STREET, POSTAL, CARE_OF) if STREET_HINT.search(text) else (POSTAL, CARE_OF)
    for finder in finders:
        for match in finder.finditer(text):
            if not any(s < match.end() and match.start() < e for s, e in taken):
                taken.append(match.span())
                yield match.span()


def _real_date(date: str) -> bool:
    """Numeric forms must be a date that exists, between 1880 and today ("20240501" is one;
    "123456" is not)."""
    digits = re.sub(r"\D", "", date)
    if not digits.isdigit() or not date.replace("-", "").isdigit():
        return True  # a month written out is date enough
    if len(digits) == 6:
        digits = ("19" if int(digits[:2]) > dt.date.today().year % 100 else "20") + digits
    if len(digits) != 8:
        return False
    try:
        day = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return False
    return day.year >= 1880 and day <= dt.date.today()


# "Toomas (26 november 2000)", "Anna Ek (f. 1985-03-12)": a date in brackets right after a name.
DATE_IN_BRACKETS = re.compile(r"[ \t]*\((?:f\.|född)?\s*(" + _DATE + r")\s*\)")


def find_birthdates_after(text: str, names: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """A past date in brackets right after a person's name is that person's date of birth."""
    for _start, end in names:
        match = DATE_IN_BRACKETS.match(text, end)
        if match and _real_date(match.group(1)):
            yield match.span(1)


def find_birthdates(text: str) -> Iterator[tuple[int, int]]:
    """Dates after "född", "f." or "födelsedatum": the date alone is the datum."""
    for match in BIRTHDATE.finditer(text):
        if _real_date(match.group(1)):
            yield match.span(1)
