"""Write the name and place lists used by personal-data detection (run once; output committed).

Source: Faker's sv_SE providers (MIT licence), which hold the most common Swedish first names
and surnames and a list of Swedish towns, taken from public statistics.
Usage: python scripts/build_name_lists.py (needs the test extra: faker).
"""

from __future__ import annotations

from pathlib import Path

from faker.providers.address.sv_SE import Provider as Address
from faker.providers.person.sv_SE import Provider as Person

OUT = Path(__file__).resolve().parent.parent / "klarsprak" / "privacy" / "data"


def write(name: str, words) -> None:
    unique = sorted({w.strip() for w in words if w.strip()})
    (OUT / name).write_text("\n".join(unique) + "\n", encoding="utf-8")
    print(name, len(unique))


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    write("first_names.txt", list(Person.first_names_female) + list(Person.first_names_male))
    write("last_names.txt", list(Person.last_names))
    write("places.txt", list(Address.cities))
