"""Password rules (OWASP ASVS 5.0, 6.2): long passphrases welcome, common and guessable ones
refused. One place: the admin page, `flask create-user`, password changes and resets."""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib.resources import files

from klarsprak.review.errors import WorkflowError

MIN_LENGTH = 12
MAX_LENGTH = 128


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords (see data/README.md for its source and licence)."""
    data = files("klarsprak.review").joinpath("data/common-passwords.txt.gz").read_bytes()
    return frozenset(line.strip() for line in gzip.decompress(data).decode("utf-8").splitlines() if line.strip())


def _base(password: str) -> str:
    """"Sommar2024!" -> "sommar": the word people pad with digits and signs to pass a length rule."""
    return re.sub(r"[\d\W_]+$", "", re.sub(r"^[\d\W_]+", "", password.lower()))


def _single_word(base: str) -> bool:
    from klarsprak.analysis.lexicon import known_words

    return bool(base) and base.isalpha() and base in known_words()


def check_password(password: str, username: str = "") -> None:
    """Raise :class:`WorkflowError` with a Swedish reason when ``password`` is not allowed."""
    if len(password) < MIN_LENGTH:
        raise WorkflowError(f"Lösenordet måste ha minst {MIN_LENGTH} tecken. Ett par ord i rad går bra, "
                            "till exempel ”blå cykel vid ån”.", 400)
    if len(password) > MAX_LENGTH:
        raise WorkflowError(f"Lösenordet får ha högst {MAX_LENGTH} tecken.", 400)
    if not password.strip() or len(set(password)) < 4:
        raise WorkflowError("Lösenordet är för lätt att gissa: använd fler olika tecken.", 400)
    lower = password.lower()
    if username and username.lower() in lower:
        raise WorkflowError("Lösenordet får inte innehålla användarnamnet.", 400)
    base = _base(password)
    if lower in common_passwords() or base in common_passwords() or _single_word(base):
        raise WorkflowError("Lösenordet är för vanligt och lätt att gissa. Välj några ord som inte hör ihop.", 400)
