"""One-click suggestions are good Swedish: applied in their sentence and analysed again, they leave
nothing new to flag; a suggestion that cannot be made to fit stays advice."""

from __future__ import annotations

import pytest

from klarsprak.analysis.engine import default_analyzer
from klarsprak.analysis.inflection import derive_paradigms, inflect_modifier, noun_agreement

RULES = default_analyzer().rules
EXAMPLES = [(r.id, i, e.text) for r in RULES for i, e in enumerate(r.flag_examples)]
# Kinds whose findings are about a place a replacement puts words into (sentence length and LIX
# judge whole sentences and paragraphs; personal data is not the writer's wording).
PLACE_RULES = ("jargon", "abbreviation", "formal-address", "nominalization.light-verb", "passive",
               "double-negation")


def applied(text: str, start: int, end: int, suggestion: str) -> str:
    return text[:start] + suggestion + text[end:]


@pytest.mark.parametrize(("rule_id", "index", "text"), EXAMPLES, ids=[f"{r}-flag{i}" for r, i, _ in EXAMPLES])
def test_every_one_click_suggestion_analysed_again_leaves_nothing_new(analyzer, rule_id, index, text):
    report = analyzer.analyze(text)
    for finding in [f for f in report.findings if f.rule == rule_id and f.one_click and f.suggestions]:
        suggestion = finding.suggestions[0]
        changed = applied(text, finding.start, finding.end, suggestion)
        end = finding.start + len(suggestion)
        before = {f.rule for f in report.findings if f.start < finding.end and finding.start < f.end}
        new = [(f.rule, f.text) for f in analyzer.analyze(changed).findings
               if f.start < end and finding.start < f.end and f.rule.startswith(PLACE_RULES)
               and (f.rule == rule_id or f.rule not in before)]
        assert not new, f"{changed!r}: the suggestion {suggestion!r} is flagged again: {new}"


def first(analyzer, text: str, rule: str):
    [finding] = [f for f in analyzer.analyze(text).findings if f.rule == rule][:1] or [None]
    assert finding is not None, f"{rule} did not fire on {text!r}"
    return finding


@pytest.mark.parametrize(("text", "rule", "suggestion"), [
    # The verb takes the tense of the first word of the phrase it replaces.
    ("Den vård som du är i behov av finns här.", "jargon.socialtjanst", "behöver"),
    ("Vi tar kontakt med dig i maj.", "nominalization.light-verb", "kontaktar"),
    # Pronouns take their case: after a preposition or an imperative the object form.
    ("Vi skickar beslutet till sökanden. Ring oss om du har frågor.", "formal-address.third-person", "dig"),
    ("Kontakta undertecknad om du har frågor.", "formal-address.third-person", "mig"),
    # Determiners and adjectives agree with their noun.
    ("Enligt ovanstående beslut ska du betala.", "jargon.svarta-listan", "detta"),
    ("Du får s.k. försörjningsstöd.", "abbreviation.common", "så kallat"),
    ("Du får den s.k. etableringsersättningen.", "abbreviation.common", "så kallade"),
    # The same words where the checks above find nothing to object to.
    ("Vi skickar papper avseende din ansökan. Ring oss.", "jargon.svarta-listan", "om"),
    ("Vi inhämtar uppgifter från skolan. Ring oss.", "jargon.svarta-listan", "hämtar in"),
])
def test_a_suggestion_is_inflected_for_its_place_and_offered_with_one_click(analyzer, text, rule, suggestion):
    finding = first(analyzer, text, rule)
    assert finding.suggestions[0] == suggestion
    assert finding.one_click


@pytest.mark.parametrize(("text", "rule", "hit"), [
    # A verb for a noun: "med tänka på av" is not Swedish.
    ("Beslutet fattades med beaktande av dina inkomster. Du kan ringa oss.", "jargon.svarta-listan", "beaktande"),
    # A conjunction for an adverb breaks the word order: "är det men inte tillräckligt".
    ("Det är emellertid inte tillräckligt att du har sökt. Ring oss.", "jargon.svarta-listan", "emellertid"),
    # A subjunction without a verb for a preposition: "när ändringen".
    ("Det fördes ingen diskussion i samband med ändringen. Du kan ringa oss.", "jargon.svarta-listan",
     "i samband med"),
    # A passive particle verb strands its preposition: "frågan ska svaras på nekande".
    ("Med hänsyn till det anförda ska frågan besvaras nekande. Du kan ringa oss.", "jargon.svarta-listan",
     "besvaras"),
    # After a finite verb a pronoun could be subject or object: advice, not a guess.
    ("Nu ska sökanden betala. Ring oss om du har frågor.", "formal-address.third-person", "sökanden"),
    # The replaced word's preposition stays behind: "lett till av", "ett beslut till ditt behov".
    ("Beslutet var föranlett av din flytt. Ring oss.", "jargon.svarta-listan", "föranlett"),
    ("Ett nytt ställningstagande till ditt behov görs i maj. Ring oss.", "jargon.socialtjanst",
     "ställningstagande"),
    # A pronominal adverb that belongs to a noun: "i enlighet nu".
    ("Vi har ändrat beslutet i enlighet härmed. Ring oss.", "jargon.svarta-listan", "härmed"),
    # A particle verb before a sentence adverb or its subject: "tas upp därmed", "hämtar in vi".
    ("I maj aktualiseras därmed frågan om ditt boende. Ring oss.", "jargon.socialtjanst", "aktualiseras"),
    ("Därför inhämtar vi uppgifter från skolan. Ring oss.", "jargon.svarta-listan", "inhämtar"),
    # A word with several senses: the writer picks the replacement ("möta" a need, "uppfylla" a demand).
    ("Kommunen ska tillgodose ditt behov av stöd. Ring oss.", "jargon.socialtjanst", "tillgodose"),
    # A demonstrative after an article: "i ett fall som det detta".
    ("Vi gör så i ett fall som det förevarande. Ring oss.", "jargon.svarta-listan", "förevarande"),
    # The words after repeat the suggestion: "papper om ansökan om bistånd".
    ("Vi skickar papper avseende ansökan om bistånd. Ring oss.", "jargon.svarta-listan", "avseende"),
])
def test_a_suggestion_that_does_not_fit_is_advice(analyzer, text, rule, hit):
    hits = [f for f in analyzer.analyze(text).findings if f.rule == rule and f.text == hit]
    assert hits and hits[0].suggestions, f"{rule} gave no suggestion for {hit!r} in {text!r}"
    assert not hits[0].one_click, hits[0].suggestions[0]


def test_regular_verbs_get_their_paradigm_from_the_lexicon():
    forms = {"kontakta": frozenset({"kontakta", "kontaktar", "kontaktade", "kontaktat"}),
             "behöva": frozenset({"behöva", "behöver", "behövde", "behövt"}),
             "höra": frozenset({"höra", "hör", "hörde", "hört"}),
             "gå": frozenset({"gå", "går", "gick", "gått"})}
    paradigms = derive_paradigms(forms)
    assert paradigms["kontakta"]["past"] == "kontaktade"
    assert paradigms["behöva"] == {"inf": "behöva", "pres": "behöver", "past": "behövde", "sup": "behövt",
                                   "imp": "behöv"}
    assert paradigms["höra"]["pres"] == "hör"
    assert "gå" not in paradigms  # a strong verb belongs in inflections.yaml


def test_modifiers_agree_with_gender_number_and_definiteness(nlp):
    assert inflect_modifier("kallad", "neut") == "kallat"
    assert inflect_modifier("kallad", "def-pl") == "kallade"
    assert inflect_modifier("detta", "com") == "denna"
    assert inflect_modifier("detta", "def-pl") == "dessa"
    assert inflect_modifier("vanlig", "neut") == "vanligt"
    assert inflect_modifier("stor", "neut") is None  # unknown forms: no guess
    doc = nlp("bilden")
    assert noun_agreement(doc[0]) == "def-pl"
