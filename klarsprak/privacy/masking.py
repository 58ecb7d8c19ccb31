"""Replace personal data with numbered placeholders: the same person keeps the same number."""

from __future__ import annotations

from collections.abc import Iterable

from klarsprak.privacy.detect import PersonalDatum


def _key(value: str) -> str:
    return " ".join(value.lower().split())


class Numbering:
    """Hands out [NAMN 1], [NAMN 2] … across any number of texts: a text's title, audience,
    body and the comments on it share one numbering, so "Tolvan" is [NAMN 1] everywhere."""

    def __init__(self) -> None:
        self._numbers: dict[str, dict[str, int]] = {}

    def placeholder(self, datum: PersonalDatum) -> str:
        """The placeholder for ``datum``; "Tolvan" after "Tolvan Tolvansson" is the same person."""
        base = datum.placeholder[1:-1]
        known = self._numbers.setdefault(base, {})
        key = _key(datum.text)
        number = known.get(key)
        if number is None and base == "NAMN":
            words = set(key.split())
            number = next((n for other, n in known.items() if words <= set(other.split())), None)
        if number is None:
            number = len(set(known.values())) + 1
        known[key] = number
        return f"[{base} {number}]"

    def mask(self, text: str, data: Iterable[PersonalDatum]) -> str:
        """``text`` with every datum (spans into ``text``) replaced by its placeholder."""
        out, position = [], 0
        for datum in sorted(data, key=lambda d: d.start):
            if datum.start < position:
                continue  # overlapping spans: the first one already covers this
            out.append(text[position : datum.start])
            out.append(self.placeholder(datum))
            position = datum.end
        out.append(text[position:])
        return "".join(out)


def placeholders(data: Iterable[PersonalDatum]) -> dict[PersonalDatum, str]:
    """Each datum of one text with its placeholder, numbered in text order."""
    numbering = Numbering()
    return {datum: numbering.placeholder(datum) for datum in sorted(data, key=lambda d: d.start)}


def mask(text: str, data: Iterable[PersonalDatum]) -> str:
    """``text`` with every datum replaced by its placeholder."""
    return Numbering().mask(text, data)
