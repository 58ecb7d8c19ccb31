"""The disjoint letters: exact gold spans, names on no shipped list, held-out unlike development."""

from __future__ import annotations

import itertools
import re

import pytest
from privacy_letters import DEV_SHAPES, HELD_OUT_SHAPES, letters, listed_names, name_pools

GROUPS = {"name", "address", "phone", "email", "personnummer", "samordningsnummer", "birthdate"}


@pytest.fixture(scope="module")
def sample():
    return {part: letters(part, 40) for part in ("dev", "held-out")}


def test_the_same_letters_every_run_and_other_letters_held_out(sample):
    assert [item.text for item in letters("dev", 3)] == [item.text for item in sample["dev"][:3]]
    assert sample["dev"][0].text != sample["held-out"][0].text


def test_held_out_shapes_and_names_are_never_used_for_development():
    assert not set(DEV_SHAPES) & set(HELD_OUT_SHAPES)
    pools = name_pools()
    for kind in (0, 1):
        dev = {n for pair in pools["dev"].values() for n in pair[kind]}
        held_out = {n for pair in pools["held-out"].values() for n in pair[kind]}
        assert dev and held_out and not dev & held_out


def test_gold_spans_are_exact_and_names_are_on_no_shipped_list(sample):
    listed = listed_names()
    for item in sample["dev"] + sample["held-out"]:
        for start, end, group in item.gold:
            value = item.text[start:end]
            assert group in GROUPS and value == value.strip() and value
            if group == "name" and "." not in value:
                assert not any(word in listed for word in re.split(r"[\s-]+", value.lower())), value
        spans = sorted((s, e) for s, e, _ in item.gold + item.distractors)
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))


def test_the_kinds_the_brief_asks_for_all_occur(sample):
    for part, items in sample.items():
        groups = {group for item in items for _, _, group in item.gold}
        kinds = {kind for item in items for _, _, kind in item.distractors}
        assert groups == GROUPS, part
        assert {"dnr", "amount", "date", "time", "orgnr", "municipality", "authority", "eservice"} <= kinds, part
