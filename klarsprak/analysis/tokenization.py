"""Swedish tokenizer exceptions for authority texts.

spaCy's Swedish defaults already know many abbreviations; these are the ones common in letters
and decisions from social services that it splits wrongly (``enl.``, ``kap.``, ``resp.`` …).
Without them a sentence would end at "4 kap." and the sentence-length rule would miscount.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.symbols import NORM, ORTH

# Abbreviation -> what it stands for (used as NORM, and by the abbreviation rule's docs).
ABBREVIATIONS: dict[str, str] = {
    "t.ex.": "till exempel",
    "t.ex": "till exempel",
    "bl.a.": "bland annat",
    "bl.a": "bland annat",
    "enl.": "enligt",
    "ang.": "angående",
    "s.k.": "så kallad",
    "m.m.": "med mera",
    "m.fl.": "med flera",
    "fr.o.m.": "från och med",
    "t.o.m.": "till och med",
    "o.s.v.": "och så vidare",
    "osv.": "och så vidare",
    "kl.": "klockan",
    "nr.": "nummer",
    "tel.": "telefon",
    "ca.": "cirka",
    "dvs.": "det vill säga",
    "d.v.s.": "det vill säga",
    "resp.": "respektive",
    "kap.": "kapitlet",
    "p.g.a.": "på grund av",
    "pga.": "på grund av",
    "inkl.": "inklusive",
    "exkl.": "exklusive",
    "ev.": "eventuellt",
    "jfr.": "jämför",
    "f.d.": "före detta",
    "o.d.": "och dylikt",
    "e.d.": "eller dylikt",
    "fr.": "från",
    "sid.": "sidan",
    "tf.": "tillförordnad",
    "obs.": "observera",
    "forts.": "fortsättning",
    "bil.": "bilaga",
    "avd.": "avdelning",
    "adr.": "adress",
    "tfn.": "telefon",
    "jan.": "januari",
    "feb.": "februari",
    "aug.": "augusti",
    "sept.": "september",
    "okt.": "oktober",
    "nov.": "november",
    "dec.": "december",
    # References in rulings and bills: "prop. 2004/05:170 s. 191", "32 kap. 6 § 1 st.",
    # "RÅ 2005 ref. 8", "dnr. 123-45", "soc. sekr.": never the end of a sentence.
    "prop.": "proposition",
    "st.": "stycket",
    "s.": "sidan",
    "ref.": "referat",
    "mom.": "momentet",
    "art.": "artikel",
    "bet.": "betänkande",
    "skr.": "skrivelse",
    "dnr.": "diarienummer",
    "kontonr.": "kontonummer",
    "soc.": "social",
    "sekr.": "sekreterare",
}


def add_abbreviations(nlp: Language) -> Language:
    """Register every abbreviation (and its capitalised form) as one token."""
    for abbreviation, norm in ABBREVIATIONS.items():
        for form in {abbreviation, abbreviation[0].upper() + abbreviation[1:]}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form, NORM: norm}])
    return nlp
