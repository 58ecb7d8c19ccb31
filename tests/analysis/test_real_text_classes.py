"""The classes of wrong finding that the judging on real text found (issue 9), on invented
examples: each test names the linguistic class, never one string from the judged texts."""

from __future__ import annotations

import pytest

from klarsprak.analysis.kinds.long_word import compound_parts


def findings(analyzer, text: str, rule: str):
    return [f for f in analyzer.analyze(text).findings if f.rule == rule]


def test_every_finding_has_a_level_and_the_json_says_it(analyzer):
    report = analyzer.analyze("Vi har erhållit din ansökan.")
    assert all(f.level in ("default", "tips") for f in report.findings)
    assert all("level" in f and "one_click" in f for f in report.to_dict()["findings"])


# ---- long words: names are not rewritable, transparent compounds are readable


@pytest.mark.parametrize("text", [
    "Frågan avgörs av Högsta förvaltningsdomstolen i höst.",  # head of a multi-word name
    "Hon fick ersättning enligt arbetsskadeförsäkringslagen.",  # name of a law
    "Det framgår av socialförsäkringsbalken.",
    "Målet prövades av migrationsöverdomstolen.",  # a court in the definite form
    "Vi skickade brevet till Arbetsmiljöinspektionsverket.",  # capitalised inside a sentence
])
def test_long_names_are_not_flagged(analyzer, text):
    assert findings(analyzer, text, "long-word") == []


def test_a_compound_of_two_common_words_is_transparent():
    assert compound_parts("arbetsmarknadspolitik") in (1, 2)
    assert compound_parts("försörjningsstödshandläggaren") >= 3


def test_long_word_findings_are_tips(analyzer):
    [finding] = findings(analyzer, "Ring försörjningsstödshandläggaren i dag.", "long-word")
    assert finding.level == "tips"


# ---- LIX per paragraph: not on short paragraphs, one sentence, headings or tables


def test_no_paragraph_lix_on_a_short_or_one_sentence_paragraph(analyzer):
    one_sentence = ("Utredningsverksamheten beträffande arbetsmarknadsinsatserna kompletterades "
                    "successivt med dokumentation avseende handläggningsrutinerna.")
    assert findings(analyzer, one_sentence, "readability.lix-paragraph") == []
    table = "| Myndighetsutövning | Förvaltningsprocessrättsliga | Socialförsäkringsärenden |"
    assert findings(analyzer, table, "readability.lix-paragraph") == []


# ---- passive: -s words that are not passive


@pytest.mark.parametrize(("text", "word"), [
    ("Beslutet gäller således från i dag.", "således"),  # adverb
    ("Hon arbetar utomlands sedan i tisdags.", "utomlands"),
    ("Vi läste sökandes brev noga.", "sökandes"),  # genitive of a participle noun
    ("Vi har en ny arbetsplats för dig.", "arbetsplats"),  # noun in -ats
    ("Hon har vistats i Norge i ett år.", "vistats"),  # deponent
    ("Det saknas pengar i kassan.", "saknas"),  # "be lacking"
    ("Barnet föddes i maj.", "föddes"),
    ("Styrgruppen träffas varje månad.", "träffas"),  # reciprocal: meet
    ("Vi vill att pojkens skola får veta.", "pojkens"),  # a definite genitive before its noun
    ("Det är viktigt att kvinnans röst hörs.", "kvinnans"),
    ("Hon frågade om barnets behov.", "barnets"),
])
def test_words_in_s_that_are_not_passive(analyzer, text, word):
    assert word not in [f.text for f in findings(analyzer, text, "passive.s-passive")]


def test_passive_with_an_agent_is_shown_and_names_the_agent(analyzer):
    [finding] = findings(analyzer, "Ärendet har utretts av förvaltningsrätten.", "passive.s-passive")
    assert finding.level == "default"
    assert "Förvaltningsrätten har utrett" in finding.message


def test_agentless_passive_is_a_tip_where_the_text_addresses_nobody(analyzer):
    [finding] = findings(analyzer, "Lagen ändrades år 2010.", "passive.s-passive")
    assert finding.level == "tips"
    assert "Vi " not in finding.message  # never an invented agent


def test_agentless_passive_is_shown_in_a_letter_to_the_reader(analyzer):
    [finding] = findings(analyzer, "Du har sökt stöd. Beslutet skickas till dig.", "passive.s-passive")
    assert finding.level == "default"


# ---- word lists: the audience, the word class, the form of the suggestion


def test_suggestions_with_vi_or_du_are_left_out_where_the_text_addresses_nobody(analyzer):
    [finding] = findings(analyzer, "Handläggningen av målet drog ut på tiden.", "jargon.socialtjanst")
    assert finding.level == "tips" and not finding.one_click


def test_a_preposition_entry_does_not_match_the_noun_or_the_participle(analyzer):
    for text in ("Reglerna ändrades i flera avseenden.", "Vi följer gällande regler.",
                 "Hon har gjort gällande att beslutet är fel."):
        assert findings(analyzer, text, "jargon.svarta-listan") == [], text
    assert findings(analyzer, "Vi skriver avseende din ansökan.", "jargon.svarta-listan")


def test_a_participle_before_its_noun_is_not_the_verb(analyzer):
    text = "Hon är verkställande direktör i bolaget."
    assert findings(analyzer, text, "jargon.svarta-listan") == []


def test_an_explanation_keeps_the_word_as_written(analyzer):
    [finding] = findings(analyzer, "Förvaltningsrätten har fått ditt överklagande.", "jargon.fackterm")
    assert finding.suggestions[0].startswith("Förvaltningsrätten (")
    assert finding.level == "tips"  # the name of a court: its explanation is a tip


def test_a_verb_that_cannot_be_inflected_is_advice_not_one_click(analyzer):
    report = analyzer.analyze("Du erhöll pengarna i maj.")
    [finding] = [f for f in report.findings if f.text == "erhöll"]
    assert finding.suggestions[0] == "fick" and finding.one_click


# ---- acronyms: references, headings, explanations before


@pytest.mark.parametrize("text", [
    "Domstolen hänvisade till RH 2001:12 och till direktiv 93/13/EEG.",
    "PLAN\n\nVi vill arbeta bättre.",
    "Det följer av lagen (2009:400), OSL, att uppgiften är hemlig.",
])
def test_references_headings_and_explained_acronyms(analyzer, text):
    assert findings(analyzer, text, "abbreviation.acronym") == []


# ---- sentences: reference abbreviations do not end them


def test_reference_abbreviations_do_not_end_a_sentence(analyzer):
    report = analyzer.analyze("Enligt 4 kap. 2 § 1 st. ska nämnden pröva saken. Se prop. 2001/02:12 s. 40.")
    assert len(report.sentences) == 2


# ---- the active verb a passive message proposes is in the present tense of its conjugation


@pytest.mark.parametrize(("stem", "present"), [
    ("bevilja", "beviljar"),  # first conjugation: -ar
    ("överklaga", "överklagar"),
    ("erbjuda", "erbjuder"),  # second conjugation: -er, told by the short passive (erbjuds)
    ("läsa", "läser"),
    ("slutföra", "slutför"),  # a stem in -r takes no ending
    ("avslå", "avslår"),  # short verbs
    ("gör", "gör"),
])
def test_active_present_follows_the_conjugation(stem, present):
    from klarsprak.analysis.passive import active_present

    assert active_present(stem) == present


def test_the_passive_message_never_proposes_a_first_conjugation_form_of_a_second_conjugation_verb(analyzer):
    found = findings(analyzer, "Vid besöket kommer du att erbjudas en tid.", "passive.s-passive")
    assert found and "Vi erbjuder" in found[0].message and "erbjudar" not in found[0].message


# ---- light verbs: the noun must belong to the verb, and the transfer verbs take an indefinite object


@pytest.mark.parametrize("text", [
    "I beslutet gjordes två fel.",  # the noun is inside a prepositional phrase
    "Efter kontrollen gjordes en ny plan.",
    "Styrelsen lämnade rapporterna till revisorerna.",  # a definite object is the thing handed over
    "Vi gav informationen till skolan i går.",
])
def test_light_verb_needs_its_own_noun(analyzer, text):
    assert findings(analyzer, text, "nominalization.light-verb") == []


def test_an_adjective_in_a_light_verb_phrase_makes_the_suggestion_advice(analyzer):
    found = findings(analyzer, "Vi gör en noggrann kontroll av dina papper.", "nominalization.light-verb")
    assert [f.text for f in found] == ["gör en noggrann kontroll av"]
    assert not found[0].one_click  # "kontrollerar" alone would drop "noggrann"


def test_a_verb_is_never_put_in_for_a_noun_with_one_click(analyzer):
    found = [f for f in analyzer.analyze("Du får ett beslut om bifall eller avslag.").findings
             if f.text == "bifall"]
    assert found and found[0].suggestions[0] == "godkännande"


def test_a_preposition_participle_after_a_noun_is_the_preposition(analyzer):
    assert [f.text for f in findings(analyzer, "Vi fattade ett beslut gällande skolskjuts.", "jargon.svarta-listan")] == ["gällande"]
    assert findings(analyzer, "Vi följer gällande regler.", "jargon.svarta-listan") == []


def test_a_replacement_read_as_a_participle_is_not_offered_for_a_noun(analyzer):
    found = [f for f in analyzer.analyze("Du kan ansöka om särskild boendeform.").findings if f.text == "boendeform"]
    assert found and not found[0].one_click  # "särskild boende" breaks the agreement


# ---- passive: ambiguous forms by their context


@pytest.mark.parametrize(("text", "passive"), [
    ("Ett beslut om stödet fattas i maj.", "fattas"),  # a decision is taken
    ("Det fattas pengar i budgeten.", None),  # missing
    ("Du kallas till ett möte.", "kallas"),  # summoned
    ("Tjänsten kallas för ledsagning.", None),  # is called
    ("Bidraget kallades tidigare socialbidrag.", None),
])
def test_ambiguous_s_forms_by_context(analyzer, text, passive):
    found = [f.text for f in analyzer.analyze(text).findings if f.category == "passive"]
    assert found == ([passive] if passive else [])


# ---- action nouns with their object


def test_an_action_noun_after_a_preposition_of_time_is_flagged_in_a_letter_and_a_tip_in_a_ruling(analyzer):
    letter = findings(analyzer, "Vid ansökan om bistånd behöver du visa dina kvitton.", "nominalization.action-noun")
    assert [(f.text, f.level, f.one_click) for f in letter] == [("Vid ansökan om", "default", False)]
    assert "ansöka" in letter[0].message
    ruling = findings(analyzer, "Vid prövning av frågan ska domstolen beakta barnets bästa.", "nominalization.action-noun")
    assert [(f.text, f.level) for f in ruling] == [("Vid prövning av", "tips")]


@pytest.mark.parametrize("text", [
    "Vid behov av tolk ringer du oss.",  # "behov" is no action noun made from a verb
    "Efter styrelsen av bolaget kom revisorn.",  # a body
    "Vid sökanden om bidrag finns en blankett.",  # a person
])
def test_no_action_noun(analyzer, text):
    assert findings(analyzer, text, "nominalization.action-noun") == []


# ---- light verbs with the subject after the verb (a fronted phrase puts it there)


@pytest.mark.parametrize(("text", "hit"), [
    ("Efter mötet gör socialsekreteraren en utredning om familjens behov.", "gör socialsekreteraren en utredning"),
    ("Nästa vecka gör vi en ny bedömning.", "gör vi en ny bedömning"),
    ("Sedan tar hon kontakt med förskolan.", "tar hon kontakt med"),
])
def test_a_light_verb_with_its_subject_after_it_is_found_as_advice(analyzer, text, hit):
    [finding] = findings(analyzer, text, "nominalization.light-verb")
    assert finding.text == hit
    assert not finding.one_click  # "utreder" in place of the words would drop the subject


@pytest.mark.parametrize("text", [
    "Han gör det en gång i veckan.",  # an object pronoun, then a time phrase: no light verb
    "Vi ger barnen en ny chans.",  # the noun is no light-verb noun
])
def test_a_noun_or_pronoun_after_the_verb_is_no_light_verb_by_itself(analyzer, text):
    assert findings(analyzer, text, "nominalization.light-verb") == []


def test_a_light_verb_without_a_subject_in_the_gap_stays_one_click(analyzer):
    [finding] = findings(analyzer, "Vi gör en bedömning av ditt behov.", "nominalization.light-verb")
    assert finding.one_click and finding.suggestions[0] == "bedömer"


# ---- a term explained in brackets: one click only where the bracket does not split a phrase


@pytest.mark.parametrize("text", [
    "Om du får avslag på din begäran kan du överklaga.",  # the complement follows the term
    "Du har rätt till bistånd för resor till läkaren.",
    "Vi skickar ett beslut om avslag hemskickat till dig.",  # a participle follows the term
])
def test_an_explaining_bracket_inside_a_phrase_is_advice(analyzer, text):
    [finding] = findings(analyzer, text, "jargon.fackterm")
    assert finding.suggestions and "(" in finding.suggestions[0]
    assert not finding.one_click


@pytest.mark.parametrize("text", ["Du har rätt till bistånd.", "Du får bistånd och råd av oss."])
def test_an_explaining_bracket_at_the_end_of_a_phrase_is_one_click(analyzer, text):
    [finding] = findings(analyzer, text, "jargon.fackterm")
    assert finding.one_click and finding.suggestions[0].startswith("bistånd (")


# ---- "gällande" and "avseende" after a date are the preposition


@pytest.mark.parametrize(("text", "hit"), [
    ("Vi fick hans brev den 4 mars 2021 gällande hyran för april.", "gällande"),
    ("Nämnden fattade ett beslut den 2 maj 2019 avseende stöd i hemmet.", "avseende"),
])
def test_a_preposition_after_a_date_is_flagged(analyzer, text, hit):
    assert [f.text for f in findings(analyzer, text, "jargon.svarta-listan")] == [hit]


@pytest.mark.parametrize("text", ["Planen är bra i tre avseenden.", "Vi följer gällande regler.",
                                  "Beslutet är riktigt i detta avseende."])
def test_the_noun_and_the_participle_are_not_flagged(analyzer, text):
    assert findings(analyzer, text, "jargon.svarta-listan") == []


# ---- a light verb with its noun first, the noun's complement between them


@pytest.mark.parametrize(("text", "hit"), [
    ("Beslut om hemtjänst kan fattas när utredningen är klar.", "Beslut om hemtjänst kan fattas"),
    ("En bedömning av hennes behov har gjorts.", "bedömning av hennes behov har gjorts"),
    ("En kontroll / granskning har gjorts av ärendet.", "kontroll / granskning har gjorts"),
])
def test_a_light_verb_after_its_noun_and_complement_is_found_as_advice(analyzer, text, hit):
    [finding] = findings(analyzer, text, "nominalization.light-verb")
    assert finding.text == hit and not finding.one_click


@pytest.mark.parametrize("text", [
    "Ett beslut om bistånd har du fått.",  # the verb is another one
    "Beslutet om bistånd gäller i ett år, och vi har fattat det i dag.",  # another clause
])
def test_a_noun_and_its_complement_without_the_light_verb_are_not_flagged(analyzer, text):
    assert findings(analyzer, text, "nominalization.light-verb") == []


# ---- a relative clause after the noun: the replacement would leave it hanging


def test_a_light_verb_whose_noun_has_a_relative_clause_is_advice(analyzer):
    [finding] = findings(analyzer, "Vi gör en planering som bygger på dina önskemål.", "nominalization.light-verb")
    assert finding.text == "gör en planering" and not finding.one_click


def test_an_explaining_bracket_before_a_relative_clause_is_advice(analyzer):
    [finding] = findings(analyzer, "Du kan få det bistånd som du har rätt till.", "jargon.fackterm")
    assert finding.suggestions[0].startswith("bistånd (") and not finding.one_click


@pytest.mark.parametrize(("text", "word"), [
    ("Ansökan prövas av nämnden.", "prövas"),
    ("Barnets skola informeras av oss.", "informeras"),  # a genitive before the passive verb
])
def test_passives_with_genitive_like_endings_stay_passive(analyzer, text, word):
    assert word in [f.text for f in findings(analyzer, text, "passive.s-passive")]


def test_an_explaining_bracket_after_an_adjective_and_its_noun_is_advice(analyzer):
    [finding] = findings(analyzer, "Du kan söka ekonomiskt bistånd hos oss.", "jargon.fackterm")
    assert finding.suggestions[0].startswith("bistånd (") and not finding.one_click
