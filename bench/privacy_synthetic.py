"""Template letters with known personal data (never real people): the circular set.

Kept for the bench's old figure and for tests/privacy. It is circular: the names come from the
same Faker sv_SE lists the detector ships, in templates whose cue words ("Hej", titles,
"Sökande:") are the detector's own cues. The honest sets are in privacy_letters.py and
privacy_bench.py. Faker is a test dependency, so this lives with the bench, not in the package.

Each letter is built from parts with their kind recorded, so the gold spans are exact. Names
come from Faker's sv_SE lists and, to test context rather than lists, from invented names no
list holds. Personnummer are generated with valid dates and check digits (and some with a wrong
check digit). Distractors that must not be flagged: case numbers, amounts, dates, times and
organisation numbers.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from faker import Faker

from klarsprak.privacy.personnummer import check_digit

INVENTED_FIRST = ["Kalinda", "Örjana", "Tiveo", "Marvik", "Selmira", "Jostein", "Alvida", "Runeko"]
INVENTED_LAST = ["Varsson", "Ekelundh", "Brandqvist", "Solvik", "Tornberg", "Hallmén", "Ridderstad"]
STREET_SUFFIXES = ["gatan", "vägen", "gränd", "stigen", "torget", "allén", "backen"]
# Very common names among people who came to Sweden later in life: the Faker lists do not hold
# them, and social services write about them every day.
WORLD_FIRST = ["Fatima", "Amina", "Mohammed", "Ahmed", "Zeynep", "Omar", "Yusuf", "Leyla", "Hamza", "Aisha",
               "Nour", "Ali", "Mariam", "Hassan", "Dragana", "Milan", "Thi", "Minh"]
WORLD_LAST = ["Hassan", "Ali", "Mohamed", "Abdi", "Yilmaz", "Nguyen", "Khan", "Ahmadi", "Hussein", "Osman",
              "Kaya", "Haddad", "Jovanović", "Petrović", "Tran"]


@dataclass
class Letter:
    text: str = ""
    gold: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, group)
    distractors: list[tuple[int, int]] = field(default_factory=list)

    def add(self, part: str, group: str | None = None, distractor: bool = False) -> None:
        start = len(self.text)
        self.text += part
        if group:
            self.gold.append((start, len(self.text), group))
        if distractor:
            self.distractors.append((start, len(self.text)))


def personnummer(rng: random.Random, coordination: bool = False, wrong_check: bool = False) -> str:
    born = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 90))
    day = born.day + (60 if coordination else 0)
    short = f"{born:%y%m}{day:02d}"
    serial = f"{rng.randint(0, 999):03d}"
    check = check_digit(short + serial)
    if wrong_check:
        check = str((int(check) + rng.randint(1, 9)) % 10)
    style = rng.choice(["short-dash", "long-dash", "long", "short", "space"])
    return {
        "short-dash": f"{short}-{serial}{check}",
        "long-dash": f"{born.year}{short[2:]}-{serial}{check}",
        "long": f"{born.year}{short[2:]}{serial}{check}",
        "short": f"{short}{serial}{check}",
        "space": f"{short} {serial}{check}",
    }[style]


def phone(rng: random.Random) -> str:
    a, b, c = rng.randint(100, 999), rng.randint(10, 99), rng.randint(10, 99)
    mobile = rng.choice(["070", "072", "073", "076", "079"])
    return rng.choice([
        f"{mobile}-{a} {b} {c}", f"{mobile}{a}{b}{c}", f"+46 {mobile[1:]} {a} {b} {c}",
        f"042-{rng.randint(10, 99)} {b} {c}", f"08-{a} {rng.randint(100, 999)} {b}", f"+46 (0)42 {a} {b}{c}",
        f"{mobile} {a} {b} {c}",
    ])


def letter(rng: random.Random, fake: Faker) -> Letter:
    out = Letter()
    invented = rng.random() < 0.3
    first = rng.choice(INVENTED_FIRST) if invented else fake.first_name()
    last = rng.choice(INVENTED_LAST) if invented else fake.last_name()
    staff = f"{fake.first_name()} {fake.last_name()}"
    out.add("Angående ")
    out.add(f"{first} {last}", "name")
    out.add(", ")
    out.add(personnummer(rng, coordination=rng.random() < 0.15, wrong_check=rng.random() < 0.1), "personnummer")
    out.add("\n\nHej ")
    out.add(first, "name")
    out.add(",\n\nVi har tagit emot din ansökan från den ")
    out.add(f"{dt.date(2024, rng.randint(1, 12), rng.randint(1, 28)):%Y-%m-%d}", distractor=True)
    out.add(". Ärendet har ")
    out.add(f"Dnr SN {rng.randint(2019, 2025)}/{rng.randint(100, 9999)}", distractor=True)
    out.add(". Du får ")
    out.add(f"{rng.randint(1, 99)} {rng.randint(100, 999)}", distractor=True)
    out.add(" kronor den 25:e. Mötet börjar ")
    out.add(f"kl. {rng.randint(8, 16)}.{rng.choice(['00', '15', '30'])}", distractor=True)
    out.add(". Din handläggare är ")
    out.add(staff, "name")
    out.add(". Du når hen på ")
    out.add(phone(rng), "phone")
    out.add(" eller ")
    user = staff.lower().replace(" ", ".").translate(str.maketrans("åäöé", "aaoe"))
    out.add(f"{user}@{rng.choice(['helsingborg.se', 'example.se', 'exempel.nu'])}", "email")
    out.add(". Kommunens organisationsnummer är ")
    out.add("212000-1355", distractor=True)
    out.add(".\n\nVi skickar beslutet till ")
    street = f"{fake.last_name()}{rng.choice(STREET_SUFFIXES)} {rng.randint(1, 120)}{rng.choice(['', ' B', 'A'])}"
    town = rng.choice(["Helsingborg", "Höganäs", "Ängelholm", "Landskrona", "Bjuv"])
    out.add(f"{street}, {rng.randint(200, 299)} {rng.randint(10, 99)} {town}", "address")
    out.add(".\n\nMed vänlig hälsning\n")
    out.add(staff, "name")
    out.add("\nSocialförvaltningen\n")
    return out


def journal_note(rng: random.Random, fake: Faker) -> Letter:
    """A case note: names at the start of sentences with no greeting or title before them, a
    first name alone, a child, labelled fields, an address without a postcode."""
    out = Letter()
    world = rng.random() < 0.5
    first = rng.choice(WORLD_FIRST) if world else fake.first_name()
    last = rng.choice(WORLD_LAST) if world else fake.last_name()
    child = rng.choice(WORLD_FIRST) if world else fake.first_name()
    out.add("Journalanteckning ")
    out.add(f"{dt.date(2025, rng.randint(1, 12), rng.randint(1, 28)):%Y-%m-%d}", distractor=True)
    out.add("\n\n")
    out.add(f"{first} {last}", "name")
    out.add(" kom till besöket med sin son ")
    out.add(child, "name")
    out.add(". ")
    out.add(first, "name")
    out.add(" berättade att familjen har flyttat till ")
    out.add(f"{fake.last_name()}{rng.choice(STREET_SUFFIXES)} {rng.randint(1, 120)}", "address")
    out.add(f" i {rng.choice(['Helsingborg', 'Bjuv', 'Åstorp'])}. Hon nås på ")
    out.add(phone(rng), "phone")
    out.add(". Hyran är ")
    out.add(f"{rng.randint(4, 12)} {rng.randint(100, 999)}", distractor=True)
    out.add(" kronor i månaden. Nästa möte är klockan ")
    out.add(f"{rng.randint(8, 16)}.{rng.choice(['00', '30'])}", distractor=True)
    out.add(" med ")
    out.add(f"{fake.first_name()} {fake.last_name()}", "name")
    out.add(" på Socialförvaltningen.\n\nSökande: ")
    out.add(f"{first} {last}", "name")
    out.add("\nPersonnummer: ")
    out.add(personnummer(rng, coordination=world and rng.random() < 0.3), "personnummer")
    out.add("\nBarn: ")
    out.add(f"{child} {last}", "name")
    out.add("\n")
    return out


def letters(count: int, seed: int = 7) -> list[Letter]:
    """``count`` texts, the same for the same seed: decision letters and case notes in turn."""
    rng = random.Random(seed)
    fake = Faker("sv_SE")
    fake.seed_instance(seed)
    return [(letter if index % 2 == 0 else journal_note)(rng, fake) for index in range(count)]


def _covered(start: int, end: int, spans: list[tuple[int, int]], text: str) -> bool:
    """Every letter and digit of the gold value is inside a detected span: a half-masked name
    ("[NAMN 1] Ridderstad") still leaks, so it does not count as found."""
    return all(any(s <= i < e for s, e in spans) for i in range(start, end) if text[i].isalnum())


def score(found: list[tuple[int, int, str]], sample: list[Letter]) -> dict[str, dict[str, float]]:
    """Recall per kind (a value counts only when fully covered), false positives per kind (detected
    spans that touch no gold value of that kind), and hits on distractors."""
    result: dict[str, dict[str, float]] = {}
    groups = ("personnummer", "phone", "email", "address", "name")
    for group in groups:
        gold = hits = false = 0
        for spans, item in zip(found, sample, strict=True):
            for start, end, kind in item.gold:
                if kind == group:
                    gold += 1
                    hits += _covered(start, end, [(s, e) for s, e, k in spans if k == group], item.text)
            for s, e, k in spans:
                if k == group and not any(s < end and start < e and kind == group for start, end, kind in item.gold):
                    false += 1
        result[group] = {"gold": gold, "recall": hits / gold if gold else 1.0, "false_positives": false}
    flagged = total = 0
    for spans, item in zip(found, sample, strict=True):
        for start, end in item.distractors:
            total += 1
            flagged += any(s < end and start < e for s, e, _kind in spans)
    result["distractors"] = {"total": total, "flagged": flagged}
    return result


def detect_all(sample: list[Letter]) -> list[list[tuple[int, int, str]]]:
    """Run the shipped detector over the letters: (start, end, group) per letter."""
    from klarsprak.analysis.document import make_doc
    from klarsprak.analysis.engine import default_analyzer
    from klarsprak.privacy import detect

    nlp = default_analyzer().nlp
    return [[(d.start, d.end, d.group) for d in detect(make_doc(nlp, item.text))] for item in sample]
