"""The shipped gazetteer is complete where completeness can be counted, and documents its sources."""

from __future__ import annotations

from klarsprak.privacy.names import DATA, _read, gazetteer_phrases


def test_all_290_kommuner_and_21_regioner_and_21_lan():
    assert len(set(_read("kommuner.txt"))) == len(_read("kommuner.txt")) == 290
    assert len(set(_read("regioner.txt"))) == 21
    assert len(_read("lan.txt")[:21]) == 21 and _read("lan.txt")[20] == "Norrbotten"


def test_a_few_hundred_authorities():
    assert len(_read("myndigheter.txt")) >= 300
    assert {"Försäkringskassan", "Svea hovrätt", "Inspektionen för vård och omsorg"} <= set(_read("myndigheter.txt"))


def test_every_data_file_names_its_source():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for path in DATA.glob("*.txt"):
        assert path.name in readme, f"{path.name} is not in data/README.md"
    for name in ("kommuner.txt", "regioner.txt", "myndigheter.txt", "lander.txt", "lan.txt"):
        assert (DATA / name).read_text(encoding="utf-8").startswith("#"), f"{name} has no source header"


def test_gazetteer_loads_every_file():
    files = {file for _, file in gazetteer_phrases()}
    assert files == {"places.txt", "kommuner.txt", "lan.txt", "regioner.txt", "myndigheter.txt", "lander.txt"}
