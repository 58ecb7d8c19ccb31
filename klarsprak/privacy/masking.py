"""Replace personal data with numbered placeholders: the same person keeps the same number."""

from __future__ import annotations

from collections.abc import Iterable

from klarsprak.privacy.detect import PersonalDatum


def _key(datum: PersonalDatum) -> str:
    return " ".join(datum.text.lower().split())


def placeholders(data: Iterable[PersonalDatum]) -> dict[PersonalDatum, str]:
    """[NAMN 1], [NAMN 2] …; "Tolvan" after "Tolvan Tolvansson" is the same person, [NAMN 1]."""
    numbers: dict[str, dict[str, int]] = {}
    result = {}
    for datum in sorted(data, key=lambda d: d.start):
        base = datum.placeholder[1:-1]
        known = numbers.setdefault(base, {})
        key = _key(datum)
        number = known.get(key)
        if number is None and base == "NAMN":
            words = set(key.split())
            number = next((n for other, n in known.items() if words <= set(other.split())), None)
        if number is None:
            number = len(set(known.values())) + 1
        known[key] = number
        result[datum] = f"[{base} {number}]"
    return result


def mask(text: str, data: Iterable[PersonalDatum]) -> str:
    """``text`` with every datum replaced by its placeholder."""
    chosen = placeholders(data)
    out, position = [], 0
    for datum in sorted(chosen, key=lambda d: d.start):
        out.append(text[position : datum.start])
        out.append(chosen[datum])
        position = datum.end
    out.append(text[position:])
    return "".join(out)
