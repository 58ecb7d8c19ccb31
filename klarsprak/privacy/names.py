"""Names of people: name lists, the tagger's proper nouns, capitalisation and context.

A word is part of a person's name when evidence of one of these kinds holds:

* it is on the first-name or surname list (Faker's sv_SE lists, in data/) and is not the first
  word of a sentence, or is followed by a surname, a finite verb or a speaker's colon;
* a cue comes before it: a greeting at the start of a line ("Hej", "Till Anna …"), a title or
  role ("handläggare Ek", "rektor Lindqvist", "försvarschefen Sabina …"), a verb of speech
  ("… säger Lindeberg"), or a closing line such as "Med vänlig hälsning";
* it is a word no lexicon knows, at the start of a sentence, followed by a finite verb
  ("Dragana ringde i går");
* it stands next to another name word: surnames, particles ("von", "al-"), middle initials
  ("Lars G Brandt"), the genitive ("Fatimas"), and later mentions of the same name;
* it is capitalised inside a sentence and no lexicon, gazetteer or organisation word knows it
  ("Vi pratade med Aino om …", "Lászlós mentor"), unless a preposition of place, an adjective or a
  noun naming a kind of place or body comes before it ("i Accra", "nyhetsbyrån Yonhap");
* it is a member of a list ("Piret, Tiit och Merike") another member of which is a name;
* lower-case names ("maria svensson") when both words are on the lists, lower-case words no
  lexicon knows joined by "och" after a verb of meeting or to a name ("träffade michele och
  umberto"), and lower-case mentions of a name found elsewhere ("… mateja verkade trött");
* initials ("K.L.", "A-K.S.", "Ü.P.", "Mattias R."): anonymised parties are personal data too.

Places, authorities, regions, municipalities and organisations are not people: the gazetteer in
data/ (all 290 kommuner, 21 regioner, the state authorities, countries) and organisation words
("Föreningen …", "… sjukhus", "… AB") rule them out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

from klarsprak.analysis.lexicon import known_words
from klarsprak.privacy.recogniser import person_scores

DATA = Path(__file__).resolve().parent / "data"


def _words(text: str) -> frozenset[str]:
    """A word list written as one string, one word per space."""
    return frozenset(text.split())


SURNAME_ENDINGS = ("sson", "son", "berg", "ström", "qvist", "kvist", "lund", "gren", "dahl", "holm",
                   "blad", "stedt", "sköld", "borg", "ander", "ell", "lin", "man", "mark", "ros", "vall",
                   "sen", "ius", "zon", "ssen", "ic", "ić", "ović", "ovic", "ov", "ova", "ski", "sky")
# "Till" greets only at the start of a line or letter ("Till Anna Svensson"); inside a sentence
# it is a preposition ("skickades till Bjuv").
GREETINGS = frozenset({"hej", "hejsan", "hallå", "kära", "bästa", "angående", "ang.", "ang", "till", "dear", "hi"})
LINE_START_ONLY = frozenset({"till", "bästa"})
TITLES = _words("""handläggare socialsekreterare kurator kontaktperson biståndshandläggare enhetschef
    sekreterare chef läkare sköterska god man förvaltare ombud vårdnadshavare mamma pappa mor far son
    dotter bror syster make maka sambo barnet klienten sökanden sökande medsökande namn barn klient brukare
    brukaren patient patienten elev eleven hyresgäst hyresgästen mamman pappan modern fadern sonen dottern
    barnets rektor rektorn dr dr. doktor doktorn docent professor professorn prof. överläkare överläkaren
    läkaren sjuksköterska sjuksköterskan kuratorn handläggaren socialsekreteraren lärare läraren
    mentor mentorn assistent assistenten boendestödjare personlig psykolog psykologen logoped fysioterapeut
    arbetsterapeut tolk tolken advokat advokaten åklagare åklagaren domare domaren nämndeman rådman
    kammarrättsrådet justitieråd justitieråden justitierådet hovrättsråd ordförande ordföranden ordf.
    referent föredragande justitiesekreteraren jo ju fd statsrådet statsminister statsministern
    minister ministern president presidenten vd vd:n direktör direktören generaldirektör kommunalråd
    kommunalrådet borgarråd borgarrådet riksdagsledamot riksdagsledamoten landshövding landshövdingen
    kapten kaptenen tränare tränaren herr fru fröken familjen make maken makan hustru hustrun frun
    farbror morbror faster moster farmor mormor farfar morfar kusin kusinen granne grannen vän vännen
    pojkvän pojkvännen flickvän flickvännen sambon kollega kollegan polis polisen inspektör
    kriminalinspektör kommissarie sergeant påven prins prinsen prinsessan kung kungen drottning drottningen
    biskop biskopen kyrkoherde kyrkoherden pastor pastorn imam imamen rabbin
    sekr. sekr ssk ssk. handl. handl soc.sekr. socsekr socsekr. kur. bitr. adv.""")  # (as hurried notes shorten them)
# Role nouns in the definite form name the person that follows: "försvarschefen Sabina Jacobsen",
# "komikern Miranda Hart", "tv-kändisen Jimmy Savile".
ROLE_ENDINGS = ("aren", "ären", "ören", "isten", "chefen", "ledaren", "ministern", "presidenten", "kändisen",
                "stjärnan", "drottningen", "mannen", "kvinnan", "agenten", "vakten", "rådet", "professorn",
                "kommentatorn", "rektorn", "doktorn", "kuratorn", "författaren", "konstnären", "ikonen",
                "legendaren", "kaptenen", "ordföranden", "talesperson", "talespersonen", "ern", "iken", "ologen",
                "ommen", "kandidaten", "veteranen", "fotografen", "svensken", "amerikanen", "britten", "tysken",
                "dansken", "ryssen", "norskan", "svenskan", "finskan", "skan", "erskan", "inna", "innan", "ösen",
                "ösa", "atorn", "eten", "sekreterare", "handläggare", "ombudsman", "ombudsmannen", "erna")
SPEECH_VERBS = _words("""säger sa sade berättar berättade skriver skrev menar menade anser ansåg
    tycker tyckte förklarar förklarade konstaterar konstaterade enligt uppger uppgav frågar frågade
    svarar svarade säga""")
# The labels, words and services in a letter that look like names but are none.
NOT_NAME_WORDS = _words("""dnr diarienummer ärendenummer ref referens id nr tel telefon fax mobil e-post
    epost adress box lgh org.nr orgnr datum sida sidor bilaga bilagor kopia beslut ärende till från
    kontakt handläggare mvh hälsningar""")
POSSESSIVES = frozenset({"min", "mitt", "mina", "din", "ditt", "dina", "vår", "vårt", "våra"})
# A capitalised word after these is part of an organisation or service, not a person.
ORGANISATION_HEADS_BEFORE = _words("""föreningen förening stiftelsen stiftelse förbundet bostadsrättsföreningen brf
    region regionen stadsdelsförvaltning stadsdelsförvaltningen stadsdelen stadsdel stadsdelsnämnd
    stadsdelsnämnden kommunen länsstyrelsen församlingen kyrkan restaurang restaurangen hotell hotellet café
    kafé galleri galleriet lex skolan förskolan förskola skola gymnasiet e-tjänsten tjänsten appen
    programmet projektet tidningen teatern företaget bolaget banken partiet klubben koncernen firman
    boendet gruppboendet hvb-hemmet""")
ORGANISATION_HEADS_AFTER = _words("""ab hb kb ek. ekonomisk förening stiftelse stiftelsen fond fonden förlag
    förlaget sjukhus sjukhuset universitet universitetet högskola högskolan kommun kommuns stad stads
    län läns tingsrätt hovrätt kammarrätt förvaltningsrätt vårdcentral vårdcentralen skola skolan
    gymnasium förskola kyrka kyrkan församling dagblad dagbladet folkblad tidning tidningen kuriren
    posten bladet allehanda korrespondenten nyheter united city fc if ik bk ff sk hk galleri inc ltd
    llc gmbh group grupp gruppen bank banken brothers förening föreningen sällskap sällskapet institut
    institutet museum museet teater teatern""")
ORGANISATION_ENDINGS = ("förvaltningen", "nämnden", "enheten", "huset", "kommun", "kassan", "verket",
                        "myndigheten", "centralen", "skolan", "gården", "mottagningen", "region", "rätten",
                        "tjänsten", "kontoret", "avdelningen", "boendet", "gruppen", "teamet", "staden",
                        "förbundet", "förbund", "förbunds", "vården", "föreningen", "stiftelsen", "fonden", "sjukhuset", "akademin",
                        "institutet", "universitetet", "högskolan", "bolaget", "banken", "partiet", "regionen",
                        "koncernen", "förlaget", "tidningen", "klubben", "kyrkan", "församlingen", "museet",
                        "biblioteket", "teatern", "inspektionen", "styrelsen", "ombudsmannen", "domstolen",
                        "kollegiet", "ämbetet", "polisen", "kansliet", "tinget", "partiets", "fondens",
                        "kliniken", "departementet", "lagen", "lagens", "balken", "balkens", "förordningen")
# Heads of an organisation's name in the indefinite form: "Familjeförvaltning Norr".
ORGANISATION_HEAD_ENDINGS = ("förvaltning", "nämnd", "kontor", "enhet", "mottagning", "central", "klinik")
PARTICLES = frozenset({"von", "van", "de", "der", "den", "di", "da", "du", "af", "al", "el", "la", "le", "bin",
                       "ibn", "abu", "dos", "das", "del", "ter", "ten"})
FUNCTION_POS = frozenset({"SCONJ", "CCONJ", "ADP", "PRON", "DET", "AUX", "PART", "ADV", "VERB", "NUM", "ADJ"})
# Little words the lemma lexicon does not hold (it lists inflected words), and that start a
# sentence after a heading without a full stop.
FUNCTION_WORDS = _words("""om när till på i av med för från efter under över genom vid hos mot utan enligt
    mellan bland inom kring sedan då så nu här där inte också även redan bara just ännu alltid aldrig
    ofta kanske därför dock både varken att eftersom medan fast trots samt innan tills och men eller
    jag du han hon vi ni de den det man som sin sitt sina min din vår er deras hans hennes dess denna
    detta dessa vilken vilket vilka vem vad hur varför var ingen inget inga någon något några varje
    all alla allt många få flera sådan samma andra annan annat en ett såväl tvärtom dessutom mitt mina
    ditt dina vårt våra ert era idag igår ikväll imorgon imorse inatt iår ihop iväg istället ibland""")
# Endings of ordinary words that no name has: adverbs ("slutligen", "exempelvis") and nouns in the
# definite or plural ("bedömningen", "friskolornas", "myndigheter").
COMMON_WORD_ENDINGS = ("ligen", "ningen", "ningar", "ningarna", "heten", "heter", "arnas", "ernas", "ornas",
                       "tionen", "tioner", "iteten", "ssvis", "tsvis", "ngsvis", "elsen", "skapet", "andet",
                       "endet", "arna", "erna", "orna")
POSSESSIVES = frozenset({"min", "mitt", "mina", "din", "ditt", "dina", "vår", "vårt", "våra", "er", "ert", "era"})
COMPANY_AFTER = re.compile(r"\s+(?:[A-ZÅÄÖ][\wåäö&-]*\s+){0,3}(?:AB|HB|KB|Aktiebolag)\b")
# Every capital letter of the Latin, Greek and Cyrillic alphabets: "Ü.P.", "Ł.K.", "Ē.K.".
CAPITAL = "[" + "".join(re.escape(c) for c in map(chr, range(0x41, 0x530)) if c.isupper()) + "]"
INITIALS = re.compile(rf"(?<![\w.-]){CAPITAL}(?:\.-?|-)(?:{CAPITAL}(?:\.-?|-))*{CAPITAL}\.(?![\w])")
FOREIGN_CAPITALS = re.compile(r"^(?:Mc|Mac|O'|D'|Di|De|Le|La|Van|Von|Fitz)[A-ZÅÄÖ][a-zåäöéèü]+$"
                              r"|^(?:al|el|ul|bin|ibn|abu|Al|El|Abu|Bin)-[A-ZÅÄÖ][a-zåäöéèü]+$")


def _read(name: str) -> list[str]:
    return [line.strip() for line in (DATA / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def name_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(first names, surnames, one-word places and public bodies), lower-cased."""
    first = frozenset(w.lower() for w in _read("first_names.txt"))
    last = frozenset(w.lower() for w in _read("last_names.txt"))
    single = {p.lower() for p, _ in gazetteer_phrases() if " " not in p}
    return first, last, frozenset(single)


@lru_cache(maxsize=1)
def gazetteer_phrases() -> tuple[tuple[str, str], ...]:
    """(name, file) for every place and public body in the gazetteer, longest first."""
    entries = []
    for file in ("places.txt", "kommuner.txt", "lan.txt", "regioner.txt", "myndigheter.txt", "lander.txt"):
        entries += [(name, file) for name in _read(file)]
    return tuple(sorted(set(entries), key=lambda e: -len(e[0])))


@lru_cache(maxsize=1)
def _gazetteer_index() -> dict[str, tuple[str, ...]]:
    """First word (lower-cased, without a genitive -s) -> the whole names starting with it,
    longest first: a dictionary look-up per capitalised word, not a 900-way regular expression."""
    index: dict[str, list[str]] = {}
    for name, _ in gazetteer_phrases():
        index.setdefault(name.split()[0].lower(), []).append(name.lower())
    return {first: tuple(names) for first, names in index.items()}


@lru_cache(maxsize=1)
def _public_bodies() -> frozenset[str]:
    return frozenset(name.lower() for name, file in gazetteer_phrases() if file in ("myndigheter.txt", "regioner.txt"))


def public_body_near(text: str) -> bool:
    """``text`` (a line or two) names an authority, a region, a municipality or an office of one:
    the number or address there is probably the body's own."""
    lower = text.lower()
    if re.search(r"\b(?:kommun|stad|region|förvaltning\w*|nämnd\w*|myndighet\w*|verket|kontor\w*|"
                 r"socialtjänst\w*|reception\w*|enhet\w*|länsstyrelsen|kansli\w*)\b", lower):
        return True
    return any(body in lower for body in _public_bodies() if len(body) > 4)


def is_organisation_or_place(phrase: str) -> bool:
    """A word of ``phrase`` names a place, a public body or an organisation ("Stiftelsen Hemgården")."""
    places = name_lists()[2]
    return any(w in places or w.rstrip("s") in places or _organisation_word(w)[0] or _organisation_word(w)[2]
               or w in ORGANISATION_HEADS_AFTER for w in phrase.lower().split())


@lru_cache(maxsize=1)
def lexicon_proper_nouns() -> frozenset[str]:
    """Names and places the lemma lexicon lists as capitalised lemmas ("granqvist", "garbo")."""
    return frozenset(_read("lexicon_proper_nouns.txt"))


class OrdinaryWords:
    """Lower-case words of the lexicon that are no proper noun: "grip" and "ek" are, "granqvist"
    and "maria" are not (the lexicon lists them, as names)."""

    def __init__(self) -> None:
        self._known = known_words()
        self._proper = lexicon_proper_nouns()

        self._seen: dict[str, bool] = {}  # answers so far: a dictionary look-up beats a binary search

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        answer = self._seen.get(word)
        if answer is None:
            if len(self._seen) > 200_000:
                self._seen.clear()
            answer = self._seen[word] = word in self._known and word not in self._proper
        return answer


@lru_cache(maxsize=1)
def ordinary_words() -> OrdinaryWords:
    """The lexicon's ordinary words (built once per process)."""
    return OrdinaryWords()


def _capitalised(token: Token) -> bool:
    """"Anna", double names such as "Ann-Charlotte" (each part capitalised), "McDermott", "al-Assad"."""
    return _capitalised_text(token.text)


@lru_cache(maxsize=65536)
def _capitalised_text(text: str) -> bool:
    if FOREIGN_CAPITALS.match(text):
        return True
    return all(part[:1].isupper() and part[1:].islower() and part.isalpha() and len(part) > 1
               for part in text.split("-"))


def _listed(lower: str, names: frozenset[str]) -> bool:
    """On the list as a whole ("ann-charlotte"), in every part ("anna-karin"), or in the genitive
    ("fatimas", "anderssons")."""
    if lower in names or ("-" in lower and all(part in names for part in lower.split("-"))):
        return True
    return lower.endswith("s") and len(lower) > 3 and lower[:-1] in names


def _surname_shaped(lower: str) -> bool:
    base = lower[:-1] if lower.endswith("s") and not lower.endswith("ss") else lower
    return lower.endswith(SURNAME_ENDINGS) or base.endswith(SURNAME_ENDINGS)


def _definite_compound(lower: str, words: frozenset[str]) -> bool:
    """"idrottskommentatorn", "skiddrottningen", "byggkoncernen": an ordinary noun in the definite
    form, though the lexicon lacks the compound. Surnames seldom end so ("Lövgren" does not:
    "gr" is no word)."""
    for suffix in ("en", "n", "et", "na", "arna", "erna", "orna"):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 4:
            for k in range(3, len(lower) - 4):
                head = lower[k:]
                if head in words and head[: -len(suffix)] in words and len(head) >= 5:
                    return True
    return False


def _compound(lower: str, words: frozenset[str]) -> bool:
    """"ränteutgifter", "skyddsbehov", "friskolornas": two ordinary words joined (with a linking
    -s), the way Swedish makes nouns the lexicon cannot list. Used only for weak evidence, since
    surnames are often made so too ("Bergström")."""
    stem = lower.removesuffix("s")
    for word in {lower, stem}:
        for k in range(4, len(word) - 3):  # four letters a part at least: "dra" + "gana" is no compound
            head, tail = word[:k], word[k:]
            if tail in words and (head in words or (head.endswith("s") and head[:-1] in words)):
                return True
    return False


def _headed_compound(lower: str, words: frozenset[str]) -> bool:
    """"byggarbetsmiljösamordnarnas", "målnummer": a long Swedish word whose last part is an
    ordinary word of five letters or more, the head of a compound. Surnames are made so too
    ("Bergström"), so this only weighs against weak evidence."""
    return any(lower[k:] in words for k in range(3, len(lower) - 4))


def _is_role(lower: str, words: frozenset[str]) -> bool:
    """A title or a role noun that names the person after it."""
    if lower in TITLES:
        return True
    if not lower.isalpha() and "-" not in lower:
        return False
    return lower.endswith(ROLE_ENDINGS) and (lower in words or _definite_compound(lower, words)
                                              or "-" in lower)


class _Context:
    """What every rule needs, computed once per Doc."""

    def __init__(self, doc: Doc, tokens: list[Token] | None = None, text: str | None = None) -> None:
        self.doc = doc
        # spaCy builds a new Token on every doc[i] and every pass over the Doc (doc.text is one):
        # build each once.
        self.tokens = list(doc) if tokens is None else tokens
        self.text = "".join(t.text_with_ws for t in self.tokens) if text is None else text
        self.texts = [t.text for t in self.tokens]
        self.lowers = [t.lower_ for t in self.tokens]
        self.cap = [_capitalised_text(t) for t in self.texts]
        self.first_names, self.surnames, self.places = name_lists()
        self.words = ordinary_words()
        self.not_person = [False] * len(doc)  # organisations, services
        self.place = [False] * len(doc)  # the gazetteer: a surname may share a town's name
        self._starts: dict[int, bool] = {}
        self._mark_gazetteer()
        self._mark_organisations()

    def _mark_gazetteer(self) -> None:
        """Tokens inside a place or public body's name ("Svea hovrätt", "Upplands Väsby",
        "Helsingborgs")."""
        index = _gazetteer_index()
        lower_text = self.text.lower()
        doc = self.tokens
        for token in doc:
            if not (token.text[:1].isupper() or token.text[:1].isdigit()):
                continue
            lower = token.lower_
            # "Stockholms läns …": the genitive of "Stockholm", though "Stockholms universitet"
            # also starts with the same word.
            names = index.get(lower, ()) + (index.get(lower[:-1], ()) if lower.endswith("s") else ())
            if not names:
                continue
            for name in names:
                end = token.idx + len(name)
                if lower_text.startswith(name, token.idx):
                    if lower_text[end : end + 1] == "s":
                        end += 1  # the genitive: "Region Skånes"
                    if end < len(lower_text) and (lower_text[end].isalpha() or lower_text[end] == "-"):
                        continue
                    j = token.i
                    while j < len(doc) and doc[j].idx < end:
                        self.place[j] = True
                        j += 1
                    break

    def _mark_organisations(self) -> None:
        doc = self.tokens
        for i, token in enumerate(doc):
            lower = self.lowers[i]
            organisation, head, before = _organisation_word(lower)
            if not (organisation or head or before or lower in ORGANISATION_HEADS_AFTER):
                continue
            upper = token.text[:1].isupper()
            if organisation:
                self.not_person[i] = True
            if head and upper:
                self.not_person[i] = True  # "Familjeförvaltning Norr", "Stadsdelsnämnd Väster"
            if before or (head and upper):
                j = i + 1
                while j < len(doc) and (self.cap[j] or doc[j].lower_ in PARTICLES) and j - i <= 5:
                    self.not_person[j] = True
                    j += 1
            if lower in ORGANISATION_HEADS_AFTER and i > 0 and (token.text[0].isupper() or lower in
                                                                 ("ab", "förlag", "sjukhus", "universitet", "fond")):
                j = i - 1
                # "HeidelbergCement Northern Europe AB": inner capitals too
                while j >= 0 and (self.cap[j] or doc[j].text.isupper() or (
                        doc[j].text[:1].isupper() and doc[j].is_alpha)) and i - j <= 4:
                    self.not_person[j] = True
                    j -= 1
            if lower in ORGANISATION_HEADS_AFTER and i > 0 and lower in ("sjukhus", "universitet", "förlag",
                                                                         "fond", "stiftelse", "kommun", "stad"):
                j = i - 1
                while j >= 0 and (self.cap[j] or doc[j].lower_ in ("sankt", "s:t")) and i - j <= 4:
                    self.not_person[j] = True
                    j -= 1
        # A possessive pronoun before a noun is a phrase or the name of a service ("Mina sidor",
        # "Mitt konto", "Min vård"), not the first name Mina: "Mina berättade" keeps its verb.
        for i in range(len(doc) - 1):
            following = doc[i + 1]
            if doc[i].lower_ in POSSESSIVES and doc[i].whitespace_ and following.is_alpha and (
                    following.pos_ == "NOUN" or (following.lower_ in self.words and following.pos_ != "VERB")):
                self.not_person[i] = self.not_person[i + 1] = True

    def listed(self, lower: str) -> bool:
        return _listed(lower, self.first_names) or _listed(lower, self.surnames)

    def excluded(self, token: Token) -> bool:
        """A place, an organisation, a label or a service: never a person's name alone."""
        lower = token.lower_
        return (self.not_person[token.i] or self.place[token.i] or lower in NOT_NAME_WORDS
                or lower.endswith(ORGANISATION_ENDINGS))

    def blocked(self, token: Token) -> bool:
        """An organisation, a label or a service: not a name even next to one."""
        return self.not_person[token.i] or token.lower_ in NOT_NAME_WORDS or token.lower_.endswith(
            ORGANISATION_ENDINGS)

    def surname_despite_place(self, token: Token) -> bool:
        """"Elin Lund", "Rosa Berg": a listed surname after a first name, even if a town shares it."""
        return (_listed(token.lower_, self.surnames) and not self.not_person[token.i]
                and not token.lower_.endswith(ORGANISATION_ENDINGS))

    def at_line_start(self, i: int) -> bool:
        j = i - 1
        while j >= 0 and doc_space(self.tokens[j]) and "\n" not in self.tokens[j].text:
            j -= 1
        return j < 0 or "\n" in self.tokens[j].text or "\n" in self.tokens[j].whitespace_ or (
            j >= 0 and self.tokens[j].text.endswith("\n"))

    def sentence_start(self, i: int) -> bool:
        """First word of a sentence, after a quote or a dash, or of a line."""
        known = self._starts.get(i)
        if known is None:
            known = self._starts[i] = self._sentence_start(i)
        return known

    def _sentence_start(self, i: int) -> bool:
        j = i - 1
        while j >= 0 and ((self.tokens[j].is_punct and self.tokens[j].text in {"–", "-", "—", "”", '"', "'", "(", "»"})
                          or doc_space(self.tokens[j])):
            if "\n" in self.tokens[j].text:
                return True  # a new line: a heading or a paragraph starts here
            j -= 1
        return (self.tokens[i].is_sent_start or j < 0 or self.tokens[j].text in {".", "!", "?", ":", "...", "…"}
                or "\n" in self.tokens[j].whitespace_ or "\n" in self.tokens[j].text)

    def finite_verb_at(self, k: int) -> bool:
        """A finite verb (or a past form the lexicon knows, which the tagger misreads) at ``k``."""
        if k >= len(self.tokens):
            return False
        token = self.tokens[k]
        if token.pos_ not in ("VERB", "AUX") and not (token.lower_ in self.words
                                                        and token.lower_.endswith(("ade", "de", "te"))):
            return False
        return "Fin" in token.morph.get("VerbForm") or token.pos_ == "VERB"

    def finite_verb_after(self, i: int) -> bool:
        """"Dragana ringde", "Kalinda berättade", "Olle är": a finite verb right after."""
        if i + 1 >= len(self.doc):
            return False
        following = self.tokens[i + 1]
        if following.is_space or self.tokens[i].whitespace_ != " ":
            return False  # a line break or a comma, not a clause: "Skyddsbehov\n\nMigrationsöverdomstolen …"
        return self.finite_verb_at(i + 1)


@lru_cache(maxsize=65536)
def _organisation_word(lower: str) -> tuple[bool, bool, bool]:
    """(ends as an organisation's name does, is the head of one in the indefinite form, names one
    by what follows it), cached per word form."""
    return (lower.endswith(ORGANISATION_ENDINGS) or lower.rstrip("s").endswith(ORGANISATION_ENDINGS),
            lower.endswith(ORGANISATION_HEAD_ENDINGS),
            lower in ORGANISATION_HEADS_BEFORE or lower.endswith(("föreningen", "stiftelsen", "förbundet")))


def doc_space(token: Token) -> bool:
    return token.is_space


def _cue_before(ctx: _Context, i: int) -> bool:
    """A greeting, a title or role, a verb of speech, or a signature line right before the word."""
    doc, text = ctx.tokens, ctx.text
    j = i - 1
    while j >= 0 and (doc[j].is_space or doc[j].text in {",", ":"}):
        if "\n" in doc[j].text:
            return _signature_above(text, doc[j].idx)
        j -= 1
    if j < 0:
        return False
    previous = doc[j]
    lower = previous.lower_
    if previous.text == "." and j >= 1 and _abbreviated_title(ctx, j - 1):
        return True  # "bitr. Ljungqvarn", "sekr. Vieira"
    if "\n" in previous.whitespace_:
        return False  # the cue word ends a line: "Till\nHelsingborg" is a heading, not a greeting
    if lower in GREETINGS:
        return lower not in LINE_START_ONLY or ctx.at_line_start(j)
    if _is_role(lower, ctx.words) or lower in SPEECH_VERBS:
        return True
    # "läkaren dr Berg": a title after a role
    return j > 0 and lower in ("dr", "dr.") and _is_role(doc[j - 1].lower_, ctx.words)


def _signature_above(text: str, position: int) -> bool:
    """The last non-empty line before ``position`` is a closing such as "Med vänlig hälsning"."""
    end = position
    while end > 0 and text[end - 1].isspace():
        end -= 1
    line = text[text.rfind("\n", 0, end) + 1 : end].lower()
    return any(line.startswith(p) for p in ("med vänlig hälsning", "vänliga hälsningar", "hälsningar", "mvh",
                                            "med vänliga hälsningar", "hälsar", "vänligen"))


INSERTION_CLOSERS = {",": ",", "(": ")"}
SENTENCE_ENDS = frozenset({".", "!", "?", ":", ";"})


def _verb_after_insertion(ctx: _Context, i: int, longest: int = 10) -> bool:
    """The word is followed by an aside between commas or brackets, and then by a finite verb:
    the word is the clause's subject ("Damian, 7 år, går i …", "Toomas (född 2000) har …",
    "Aniela, hans sambo, var inte hemma")."""
    doc = ctx.tokens
    if i + 1 < len(doc) and doc[i].whitespace_ == " " and ctx.cap[i + 1] and not ctx.excluded(doc[i + 1]):
        i += 1  # "Oddny Kask (född 1961) söker …": the surname, then the aside
    if i + 2 >= len(doc) or doc[i + 1].text not in INSERTION_CLOSERS or (doc[i].whitespace_ and doc[i + 1].text == ","):
        return False
    closer = INSERTION_CLOSERS[doc[i + 1].text]
    for k in range(i + 2, min(len(doc), i + 2 + longest)):
        text = doc[k].text
        if text in SENTENCE_ENDS or "\n" in text or "\n" in doc[k].whitespace_:
            return False
        if text == closer:
            return k > i + 2 and ctx.finite_verb_at(k + 1)
    return False


def _surname_follows(ctx: _Context, i: int, proper_noun: bool = False) -> bool:
    """"Anna Exempelsson ringer": a word is a first name when a surname follows it (a listed or
    surname-shaped word, or with ``proper_noun`` any word the tagger calls a proper noun)."""
    doc = ctx.tokens
    if i + 1 >= len(doc) or doc[i].whitespace_ != " ":
        return False
    following = doc[i + 1]
    if not _capitalised(following):
        return False
    if ctx.excluded(following):
        return ctx.surname_despite_place(following) and _listed(doc[i].lower_, ctx.first_names)
    lower = following.lower_
    return (_listed(lower, ctx.surnames) or _surname_shaped(lower) or lower not in ctx.words
            or (proper_noun and following.pos_ == "PROPN"))


def _two_name_words(ctx: _Context, i: int) -> bool:
    """"Zeynep Yilmaz kom": two capitalised words side by side, the second inside the sentence,
    neither a place or an organisation. Swedish capitalises little else, so this finds names no
    list holds; each word must be unknown to the lexicon, listed or a proper noun."""
    doc = ctx.tokens
    if i + 1 >= len(doc) or doc[i].whitespace_ != " ":
        return False
    token, following = doc[i], doc[i + 1]
    if not (_capitalised(following) and not ctx.sentence_start(i + 1) and not ctx.excluded(following)):
        return False
    words = ctx.words
    if token.lower_ in GREETINGS or _is_role(token.lower_, words):
        return False  # "Angående Marvik …", "Socialsekreterare Anna …": the cue, not the name
    if _listed(token.lower_, ctx.first_names) and following.lower_ not in words:
        return True  # "Hans Gerremo", "Mitt Romney": a first name that is also a little word
    for t in (token, following):
        lower = t.lower_
        if lower in FUNCTION_WORDS or (lower in words and t.pos_ in FUNCTION_POS and not ctx.listed(lower)):
            return False
        if not (lower not in words or ctx.listed(lower) or t.pos_ == "PROPN"):
            return False
    return token.lower_ not in words or following.lower_ not in words or (
        ctx.listed(token.lower_) and ctx.listed(following.lower_))


def _surname_proper_follows(ctx: _Context, i: int) -> bool:
    """The next word is a surname and nothing else: listed or surname-shaped, and no ordinary word."""
    doc = ctx.tokens
    if i + 1 >= len(doc) or doc[i].whitespace_ != " ":
        return False
    following = doc[i + 1]
    lower = following.lower_
    return (_capitalised(following) and not ctx.excluded(following) and lower not in ctx.words
            and (_listed(lower, ctx.surnames) or _surname_shaped(lower)))


def _ordinary_sentence_start(ctx: _Context, i: int) -> bool:
    """"Senast Bruce …", "Lag Niklas Edin", "Förutom Sigfridsson", "Försvarschefen Sabina": a
    capitalised first word that is an ordinary Swedish word and no name on the lists."""
    token = ctx.tokens[i]
    lower = token.lower_
    if not ctx.sentence_start(i) or ctx.listed(lower):
        return False
    if token.pos_ in ("PROPN", "NOUN") and lower not in FUNCTION_WORDS and not _is_role(lower, ctx.words) \
            and _surname_proper_follows(ctx, i):
        return False  # "Tolvan Tolvansson ringde": an ordinary word as a first name, a surname after it
    return lower in ctx.words or lower in FUNCTION_WORDS or _definite_compound(lower, ctx.words) or _is_role(
        lower, ctx.words) or _pronominal_adverb(lower)


def _name_words(ctx: _Context) -> list[bool]:
    """For each token: is it a word of a person's name?"""
    doc = ctx.tokens
    flags = [False] * len(doc)
    for i, token in enumerate(doc):
        if not ctx.cap[i] or ctx.blocked(token):
            continue
        lower = token.lower_
        if _ordinary_sentence_start(ctx, i) and not _cue_before(ctx, i):
            if _subject_of_person_predicate(ctx, i):
                flags[i] = True  # "Jade kan nås på …", "Bara är född …"
            continue
        if lower.endswith(COMMON_WORD_ENDINGS) and not ctx.listed(lower):
            continue
        listed = ctx.listed(lower)
        at_start = ctx.sentence_start(i)
        if ctx.place[i] and not ((ctx.listed(lower) and _cue_before(ctx, i))
                                 or (_listed(lower, ctx.first_names) and _surname_follows(ctx, i))):
            continue  # "Lund", "Mark", "Berg" alone are places; "Elin Lund", "Mark Clattenburg" are people
        if listed and (not at_start or token.pos_ == "PROPN" or _cue_before(ctx, i)
                       or _surname_follows(ctx, i) or ctx.finite_verb_after(i) or _speaker(ctx, i)):
            flags[i] = True
        elif _cue_before(ctx, i) and (token.pos_ in ("PROPN", "NOUN", "X") or listed or lower not in ctx.words
                                      or _surname_follows(ctx, i, proper_noun=True)
                                      or (i + 1 < len(doc) and ctx.cap[i + 1])):
            flags[i] = True  # "Hej Kalinda", "Sökande: Nour Haddad", "rektor Lindqvist"
        elif not at_start and _title_before(ctx, i):
            flags[i] = True  # "handläggare Tins": whatever the word, a title names the person after it
        elif not at_start and _person_descriptor_before(ctx, i):
            flags[i] = True  # "14-åriga Yara", "gamle Lundkvist": an age, or an adjective's masculine -e
        elif at_start and lower not in ctx.words and lower not in FUNCTION_WORDS and ctx.finite_verb_after(i) \
                and (token.pos_ not in ("ADV", "ADJ", "SCONJ", "ADP") or not _subject_after_verb(ctx, i)) \
                and not _compound(lower, ctx.words):
            flags[i] = True  # "Dragana ringde i går": a word no lexicon knows, then a verb
        elif _two_name_words(ctx, i):
            flags[i] = True
        elif at_start and lower not in ctx.words and lower not in FUNCTION_WORDS \
                and not _compound(lower, ctx.words) and not _inflected_noun(lower, ctx.words) \
                and _verb_after_insertion(ctx, i):
            flags[i] = True  # "Damian, 7 år, går …", "Toomas (född 2000) har …": a subject, an aside, its verb
        elif at_start and token.pos_ in ("PROPN", "NOUN") and lower not in FUNCTION_WORDS \
                and not _is_role(lower, ctx.words) and _surname_proper_follows(ctx, i):
            flags[i] = True  # "Stjärna Holmberg kom": a word as a first name, first in the sentence
        elif not at_start and token.pos_ == "PROPN" and lower not in ctx.words and _surname_shaped(lower):
            flags[i] = True  # "… föll mot Gummesson": a surname-shaped proper noun
        elif at_start and lower not in ctx.words and _surname_shaped(lower) and ctx.finite_verb_after(i) \
                and not _compound(lower, ctx.words):
            flags[i] = True  # "Granqvist spelade hela matchen"
        elif not at_start and _subject_before_verb(ctx, i):
            flags[i] = True  # "… då Morales lett landet", "… att Clinton är på bättringsvägen"
        elif _subject_of_person_predicate(ctx, i) or _sender_line(ctx, i):
            flags[i] = True  # "Greco är född …", "Selaheddin har samordningsnummer …"
        elif _genitive_name(ctx, i):
            flags[i] = True  # "Lindgrens text", "Sigfridssons lag"
        elif not at_start and _unknown_inside_sentence(ctx, i):
            flags[i] = True  # "Vi pratade med Aino om …", "Lászlós mentor"
    _add_recognised(ctx, flags)
    _add_person_contexts(ctx, flags)
    _add_names_in_capitals(ctx, flags)
    _add_coordinated(ctx, flags)
    _add_lower_case_names(ctx, flags)
    _add_lower_case_coordinated(ctx, flags)
    found_alone = list(flags)  # before surnames are added: each of these is a name on its own evidence
    _add_surnames(ctx, flags, found_alone)
    _add_first_names_before(ctx, flags, found_alone)
    _add_other_mentions(ctx, flags, found_alone)
    return flags


# Only people are joined with a personal pronoun: "Virgilio och jag", "hon och Tamara".
PERSONAL_PRONOUNS = frozenset({"jag", "du", "han", "hon", "vi", "ni", "mig", "dig", "honom", "henne", "oss"})
# Prepositions whose object is usually a person ("hos", "enligt") or a person or a place ("till",
# "med", "av", "från"); a capital after them inside a sentence marks a proper noun.
PERSON_PREPOSITIONS = frozenset({"hos", "enligt", "till", "med", "av", "från", "åt"})
AT_ORGANISATION = frozenset({"på", "från", "vid", "hos"})
# "samtal med …", "mötet med …": one meets and talks with people
MEETING_NOUNS = _words("""samtal samtalet telefonsamtal telefonsamtalet möte mötet kontakt kontakten träff
    träffen besök besöket hembesök hembesöket uppföljning uppföljningen intervju intervjun""")


def _name_like(ctx: _Context, i: int, ordinary_ok: bool = False) -> bool:
    """A word that could be a name: letters, no place, organisation, title or label, and (unless
    ``ordinary_ok``) no ordinary Swedish word."""
    token, lower = ctx.tokens[i], ctx.lowers[i]
    # A pronoun is capitalised only first in a sentence: "till Dina per post" names Dina.
    possessive = lower in POSSESSIVES or lower in ("sin", "sitt", "sina")
    pronoun = (possessive or lower in FUNCTION_WORDS) and (token.text.islower() or ctx.sentence_start(i)
                                                          or not possessive)
    if not token.is_alpha or len(lower) < 2 or ctx.excluded(token) or pronoun \
            or _is_role(lower, ctx.words) or lower.endswith(COMMON_WORD_ENDINGS):
        return False
    if token.text.islower():
        return _unknown_lower_text(token.text) and not _modifier(ctx, i)
    if not ctx.cap[i]:
        return False
    return ordinary_ok or ctx.listed(lower) or (lower not in ctx.words and not _compound(lower, ctx.words))


def _add_names_in_capitals(ctx: _Context, flags: list[bool]) -> None:
    """"ANNA ANDERSSON", "ANDERS W JONSSON": a name typed in capitals, as in forms and bylines:
    a listed first name in capitals, then a word in capitals that is a listed or surname-shaped
    name or no ordinary word (an initial may come between)."""
    texts, lowers, doc = ctx.texts, ctx.lowers, ctx.tokens
    n = len(doc)
    for i in range(n - 1):
        if not (texts[i].isupper() and len(texts[i]) > 1 and texts[i].isalpha()
                and _listed(lowers[i], ctx.first_names)) or doc[i].whitespace_ != " ":
            continue
        j = i + 1
        if j + 1 < n and len(texts[j]) == 1 and texts[j].isupper() and doc[j].whitespace_ == " ":
            j += 1  # a middle initial
        last = lowers[j]
        if texts[j].isupper() and len(texts[j]) > 1 and texts[j].isalpha() and not ctx.excluded(doc[j]) and (
                _listed(last, ctx.surnames) or _surname_shaped(last) or last not in ctx.words):
            for k in range(i, j + 1):
                flags[k] = True


def _noun_form(lower: str, words: frozenset[str]) -> bool:
    """A definite, plural or genitive form of an ordinary noun ("kommunens", "nämnden"): names
    have none of these forms, though a name may be a word ("Dina", "Jade")."""
    stem = lower[:-1] if lower.endswith("s") else lower
    return _inflected_noun(lower, words) or (stem != lower and (_inflected_noun(stem, words) or stem in words)
                                             and stem.endswith(("en", "et", "na", "ns")))


def _add_person_contexts(ctx: _Context, flags: list[bool]) -> None:
    """Places in a sentence where only a person fits:
    - joined with a personal pronoun: "Virgilio och jag gick igenom budgeten", "jag och tan";
    - at an authority or organisation, first in the sentence: "Nikolai på Arbetsförmedlingen har
      inte hört av sig";
    - a capitalised ordinary word inside a sentence after a preposition that takes people, when
      it is no noun form of Swedish ("skickades till Dina per post", "enligt Jade har …");
    - a lower-case word no lexicon knows after "hos" ("hembesök hos alonso")."""
    doc, lowers = ctx.tokens, ctx.lowers
    n = len(doc)
    for i in range(n):
        # Every context below needs a capitalised word or a lower-case one no lexicon knows.
        if flags[i] or not (ctx.cap[i] or _unknown_lower_text(ctx.texts[i])):
            continue
        previous = lowers[i - 1] if i else ""
        after = lowers[i + 2] if i + 2 < n else ""
        # "Virgilio och jag gick …" opens the clause; in "… år utomlands och jag undrade" a new one starts
        joined = (i + 2 < n and after in PERSONAL_PRONOUNS and lowers[i + 1] in CONJUNCTIONS
                  and (previous in SUBORDINATORS - {"och", "men", "som"} or ctx.sentence_start(i))) or (
            i >= 2 and previous in CONJUNCTIONS and lowers[i - 2] in PERSONAL_PRONOUNS)
        at_organisation = i + 2 < n and lowers[i + 1] in AT_ORGANISATION \
            and (ctx.not_person[i + 2] or (ctx.place[i + 2] and ctx.cap[i + 2])) and ctx.sentence_start(i)
        # "Trevor och hennes bror …": joined with a relative of someone, a person too
        with_relative = i + 3 < n and lowers[i + 1] in CONJUNCTIONS and (
            (lowers[i + 2] in OWNER_PRONOUNS and _personal_noun(lowers[i + 3]))
            or (doc[i + 2].text.islower() and _is_role(lowers[i + 2], ctx.words)  # "Yara och kuratorn gick …"
                and ctx.finite_verb_at(i + 3))) and (ctx.sentence_start(i) or previous in SUBORDINATORS)
        addressed = ctx.cap[i] and i + 2 < n and lowers[i + 2] in ADDRESSING_PRONOUNS and (
            doc[i + 1].text == "!" or (doc[i + 1].text == "," and doc[i + 2].text.islower())
        ) and ctx.at_line_start(i)  # "Gökay! Vi har fått …", "Danijel, du får …"
        addressed = addressed or _vocative(ctx, i)
        themself = i + 1 < n and lowers[i + 1] in ("själv", "själva") and doc[i].whitespace_ == " " and ctx.cap[i]
        met = i >= 2 and previous == "med" and lowers[i - 2] in MEETING_NOUNS
        quoted = 1 if i + 3 < n and doc[i + 2].text in OPENING_MARKS else 0  # "Žanis: ”Jag vill …”"
        speaker = i + 2 + quoted < n and doc[i + 1].text == ":" and lowers[i + 2 + quoted] in (
            "jag", "vi", "du", "ni", "men", "nej", "ja") and ctx.at_line_start(i)  # "Tessa: Jag vet inte …"
        if (joined or with_relative or at_organisation or themself or met or speaker or addressed) \
                and _name_like(ctx, i):
            flags[i] = True
        elif previous in PERSON_PREPOSITIONS and i > 0 and doc[i - 1].text.islower() \
                and not ctx.sentence_start(i) and ctx.cap[i] and _name_like(ctx, i, ordinary_ok=True) \
                and not _noun_form(lowers[i], ctx.words) and not _headed_compound(lowers[i], ctx.words) \
                and not (i + 1 < n and ((ctx.cap[i + 1] and not _name_like(ctx, i + 1))
                                        or (doc[i + 1].pos_ == "NOUN" and lowers[i + 1] in ctx.words))):
            flags[i] = True  # (not "av Europeiska kommissionen": a capitalised word opening a body's name)
        elif previous == "hos" and doc[i].text.islower() and _name_like(ctx, i):
            flags[i] = True


ADDRESSING_PRONOUNS = frozenset({"du", "ni", "vi", "jag"})
SECOND_PERSON = frozenset({"du", "dig", "din", "ditt", "dina", "ni", "er", "ert", "era"})
THANKS = frozenset({"tack", "hej", "hejsan", "hallå", "okej", "ok"})


def _vocative(ctx: _Context, i: int) -> bool:
    """The person spoken to, closing the sentence or after thanks: "Ring mig när du kan,
    Frederico.", "tack för idag miklós, vi hörs", "okej tack irina!!"."""
    doc, lowers = ctx.tokens, ctx.lowers
    n = len(doc)
    if i + 1 >= n or doc[i + 1].text not in {",", ".", "!", "?", "!!"} or doc[i].whitespace_:
        return False
    if doc[i + 1].text != "," and i >= 1 and doc[i - 1].text == ",":
        start = i - 1
        while start > 0 and not ctx.sentence_start(start) and i - start < 30:
            start -= 1
        return any(lowers[k] in SECOND_PERSON for k in range(start, i - 1))
    return any(lowers[k] in THANKS and (k == 0 or ctx.sentence_start(k) or lowers[k - 1] in THANKS)
               for k in range(max(0, i - 3), i))
OWNER_PRONOUNS = frozenset({"hans", "hennes", "sin", "sina", "sitt", "min", "mina", "din", "dina", "deras", "vår",
                            "våra", "er", "era"})


# How sure the recogniser must be: more where the word's capital tells nothing.
PERSON = 0.6
LOWER_CASE_PERSON = 0.9


def _add_recognised(ctx: _Context, flags: list[bool]) -> None:
    """Words the trained recogniser calls a person, from their context: "Det framkom att Thandiwe
    inte …", "Brevet kom tillbaka från Brian Holmes". Places, organisations, titles, labels and
    ordinary words stay out, whatever it says: they are ruled out first, so the recogniser
    scores only the words that could still be names."""
    texts = ctx.texts
    # (the first test is _could_be_recognised's own first test, inlined: most words fail it)
    candidates = [i for i in range(len(ctx.tokens)) if not flags[i] and not (
        texts[i].islower() and not _unknown_lower_text(texts[i])) and _could_be_recognised(ctx, i)]
    if not candidates:
        return
    for i, score in zip(candidates, person_scores(ctx.doc, candidates, ctx.tokens), strict=True):
        # A capital first in a sentence says nothing, so there the bar is as high as in lower case.
        uninformative = ctx.texts[i].islower() or ctx.sentence_start(i)
        if score >= (LOWER_CASE_PERSON if uninformative else PERSON):
            flags[i] = True


def _could_be_recognised(ctx: _Context, i: int) -> bool:
    text, lower = ctx.texts[i], ctx.lowers[i]
    if len(text) < 2 or not text.isalpha() or text.isupper():
        return False  # a lone capital is a court's pseudonym ("A", "B"); "JO", "AB" are acronyms
    if text.islower() and not _unknown_lower_text(text):
        return False  # not "förhandsbesked", "bup", "lss"
    token = ctx.tokens[i]
    if ctx.excluded(token) or lower in FUNCTION_WORDS or lower in POSSESSIVES or _is_role(lower, ctx.words):
        return False  # "Ordförande": a title is not the name
    if text.islower():
        return True
    if not ctx.listed(lower) and (lower in ctx.words or lower.endswith(COMMON_WORD_ENDINGS)):
        return False  # "Avgift", "Lärarnas Riksförbund": an ordinary word needs more than this evidence
    if ctx.sentence_start(i) and not ctx.listed(lower) and (
            _ordinary_sentence_start(ctx, i) or _compound(lower, ctx.words)
            or _inflected_noun(lower, ctx.words) or _headed_compound(lower, ctx.words)):
        return False  # "Ekonomin har blivit sämre", "Målnummer UM …": a noun opens the sentence
    # "Ikeas ledning": a genitive first in a sentence is left to _genitive_name
    return not (ctx.sentence_start(i) and lower.endswith("s") and i + 1 < len(ctx.tokens)
                and ctx.tokens[i + 1].pos_ == "NOUN")


def _subject_after_verb(ctx: _Context, i: int) -> bool:
    """"Sällan kommer hon …": an adverb opening a sentence puts the subject after the verb; a
    name opening it is the subject itself ("Marketta tycker att …")."""
    # (A noun there may as well be the name's object: "Torres förvaltade straffen".) With nothing
    # after the verb ("Bra text.") the order tells nothing, so the tagger's adverb stands.
    if i + 2 >= len(ctx.tokens) or not ctx.tokens[i + 2].is_alpha:
        return True
    return ctx.lowers[i + 2] in SUBJECT_PRONOUNS or ctx.tokens[i + 2].pos_ in ("DET", "PRON")


def _sender_line(ctx: _Context, i: int) -> bool:
    """"Jázmin Kiss, Arbetsförmedlingen", "Kaja Legutko, Barn- och ungdomspsykiatrin": a line
    of two capitalised words, a comma and an authority, an office or an organisation names the
    writer and where they work."""
    doc = ctx.tokens
    if i + 3 >= len(doc) or not ctx.at_line_start(i) or not ctx.cap[i + 1] or doc[i].whitespace_ != " " \
            or ctx.texts[i + 2] != "," or "\n" in doc[i + 1].whitespace_:
        return False
    if any(ctx.lowers[k] in FUNCTION_WORDS or ctx.excluded(doc[k]) or _is_role(ctx.lowers[k], ctx.words)
           for k in (i, i + 1)):
        return False
    if not doc[i + 3].text[:1].isupper():
        return False
    k = i + 3
    while k < len(doc) and "\n" not in ctx.texts[k]:
        lower = ctx.lowers[k]
        if ctx.excluded(doc[k]) or _organisation_word(lower)[0] or (
                (lower in ctx.words or _compound(lower, ctx.words)) and lower.endswith(("en", "ens", "et", "ets"))):
            return True  # "Arbetsförmedlingen", "Kommunens budget- och skuldrådgivning", "vuxenenheten"
        if "\n" in doc[k].whitespace_:
            break
        k += 1
    return False


def _speaker(ctx: _Context, i: int) -> bool:
    """"Karin: Hur länge …", "Chris: Har ni …": a first name or a word no lexicon knows opening a
    line, with a colon (a chat or a minute)."""
    doc = ctx.tokens
    if i + 1 >= len(doc) or doc[i + 1].text != ":":
        return False
    lower = doc[i].lower_
    return _listed(lower, ctx.first_names) or (lower not in ctx.words and lower not in FUNCTION_WORDS
                                               and not _compound(lower, ctx.words))


# Places, companies and clubs follow these; people seldom do ("i Accra", "mot Newcastle").
PLACE_PREPOSITIONS = _words("""i på till mot vid från ur genom via inom utanför nära kring runt över under
    bakom framför in ut bortom längs utmed söder norr öster väster of the""")
# "talesperson för Norrtåg", "som Toyota", "mellan Hammarby och Tumba": a comparison or a beneficiary
# is a company or a club as often as a person.
NOT_PERSON_BEFORE = frozenset({"för", "som", "mellan", "respektive", "än"})
OPENING_MARKS = frozenset({"”", '"', "“", "«", "»", "(", "[", "'", "’", "-", "–", "/"})
SUBORDINATORS = _words("""att när då om som men och hur medan eftersom innan sedan tills enligt där
    varför vilket fast""")


# Predicates whose subject is a person: "Jade kan nås på …", "Greco är född …", "Lana bor …".
PERSON_VERBS = _words("""sa sade säger berättade berättar uppgav uppger ringde ringer ringt mår mådde bor
    bodde föddes heter hette kallas flyttade flyttar orkar orkade verkade verkar grät skrattade svarade
    frågade ville vill""")
# The tagger's guess for a word it does not know is often wrong (a name tagged PRON or ADJ), but
# an adverb or a little word it does know ("sällan", "därvid") is none.
NOT_NAME_POS = frozenset({"ADV", "ADP", "SCONJ", "CCONJ", "AUX", "PART", "DET", "NUM", "PUNCT", "INTJ"})
# Determiners, pronouns and auxiliaries are all in the lexicon (some prepositions, "emot", are
# not), so a word it lacks that the tagger puts there is the tagger's guess ("nicola/DET").
OPEN_NOT_NAME_POS = frozenset({"ADV", "INTJ", "NUM", "PUNCT", "ADP", "SCONJ", "CCONJ"})
PERSON_AFTER_BE = _words("""född född, gift skild sjuk sjukskriven gravid hemma trött arbetslös nöjd ledsen
    orolig rädd""")
PERSON_AFTER_AUX = _words("""nås flyttat separerat berättat ringt sagt uppgett svarat personnummer
    samordningsnummer""")
AUXILIARIES = _words("kan kunde ska skulle har hade vill ville är var blir blev")


def _person_predicate(ctx: _Context, i: int) -> bool:
    """A predicate only people take follows the word on its line: "kan nås", "är född", "har
    personnummer", "berättade", "mår"."""
    lowers, doc = ctx.lowers, ctx.tokens
    if i + 1 >= len(doc) or doc[i].whitespace_ != " ":
        return False
    verb = lowers[i + 1]
    if verb in PERSON_VERBS:
        return True
    if i + 2 >= len(doc) or doc[i + 1].whitespace_ != " ":
        return False
    if verb in ("är", "var", "blev"):
        return lowers[i + 2] in PERSON_AFTER_BE
    return verb in AUXILIARIES and lowers[i + 2] in PERSON_AFTER_AUX


INFLECTIONS = ("arna", "erna", "orna", "en", "et", "na", "ar", "er", "or", "n")


def _inflected_noun(lower: str, words: frozenset[str]) -> bool:
    """An ordinary noun in the definite or the plural ("familjen", "barnen", "föräldrarna",
    "kvinnor"): a group or a thing, not a name. (The tagger's morphology is no help here: it
    calls "Lucian" definite.)"""
    for suffix in INFLECTIONS:
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            stem = lower[: -len(suffix)]
            if stem in words or stem + "a" in words or stem + "e" in words:
                return True
    return False


def _subject_of_person_predicate(ctx: _Context, i: int) -> bool:
    """"Jade kan nås på …", "Greco är född …": a capitalised word that opens a clause, is no
    little word, role, place or organisation, and has a predicate only people take. Even an
    ordinary word ("Jade", "Bara") is a name there, unless it is a noun in the definite or
    plural ("Familjen bor …")."""
    doc = ctx.tokens
    token = doc[i]
    lower = ctx.lowers[i]
    if lower in FUNCTION_WORDS or ctx.excluded(token) or _is_role(lower, ctx.words) or not _person_predicate(ctx, i):
        return False
    if not (ctx.sentence_start(i) or ctx.lowers[i - 1] in SUBORDINATORS or ctx.lowers[i - 1] == ","):
        return False
    if lower in ctx.words and (token.pos_ in ("PRON", "DET", "NUM") or _inflected_noun(lower, ctx.words)
                               or lower.endswith(COMMON_WORD_ENDINGS)):
        return False
    return not _definite_compound(lower, ctx.words)


def _subject_before_verb(ctx: _Context, i: int) -> bool:
    """"… då Morales lett landet": after a conjunction, a capitalised word no lexicon knows, then
    a finite verb, is the subject of a clause; such subjects are people far more often than not."""
    doc = ctx.tokens
    lower = doc[i].lower_
    if i == 0 or doc[i - 1].lower_ not in SUBORDINATORS or lower in ctx.words or lower in FUNCTION_WORDS:
        return False
    return ctx.finite_verb_after(i) and not _compound(lower, ctx.words) and not lower.endswith(COMMON_WORD_ENDINGS)


def _unknown_word(lower: str, words: frozenset[str], compounds: bool = True) -> bool:
    """No lexicon knows the word, nor its base without a genitive -s, and it has no ordinary
    word's ending ("slutligen"); with ``compounds``, it is no compound of ordinary words either
    ("ränteutgifter"; inside a sentence, where Swedish writes compounds in lower case, names such
    as "Veneranda" would fail that test)."""
    if lower in words or lower in FUNCTION_WORDS or lower.endswith(COMMON_WORD_ENDINGS):
        return False
    if lower.endswith("s") and len(lower) > 3 and lower[:-1] in words:
        return False
    if _definite_compound(lower, words) or _definite_compound(lower.removesuffix("s"), words):
        return False  # "Kirurgkliniken", "Näringsdepartementet": an ordinary noun in the definite form
    return not (compounds and _compound(lower, words))


def _unknown_inside_sentence(ctx: _Context, i: int) -> bool:
    """"Vi pratade med Aino om …", "följer med Jüri till …", "Lászlós mentor": Swedish capitalises
    almost nothing but proper nouns inside a sentence, so a capitalised word there that no lexicon
    knows, no gazetteer lists and no organisation word marks is a name."""
    doc = ctx.tokens
    token = doc[i]
    if ctx.excluded(token) or not _unknown_word(token.lower_, ctx.words, compounds=False) \
            or token.lower_ in ORGANISATION_HEADS_BEFORE or token.lower_ in ORGANISATION_HEADS_AFTER \
            or token.lower_.endswith(ORGANISATION_HEAD_ENDINGS):
        return False  # "hos Stadsdelsförvaltning Söder": the head of an organisation's name
    previous = doc[i - 1]
    lower = previous.lower_
    if lower == "för" and (_told(ctx, i - 1) or (i >= 2 and ctx.lowers[i - 2] in REPRESENTATIVES)):
        return True  # "har förklarats för Mateusz", "ombud för Navid": told, or represented
    if lower in PLACE_PREPOSITIONS or lower in NOT_PERSON_BEFORE or previous.text in OPENING_MARKS \
            or previous.whitespace_ != " ":
        return False  # "i Accra", "mot Newcastle", "”One day …”", "(Brynäs)"
    supine = i >= 2 and ctx.lowers[i - 2] in ("har", "hade", "ha") and lower.endswith("t")
    if previous.text.islower() and previous.pos_ in ("ADJ", "NOUN", "DET", "NUM") and not _is_role(lower, ctx.words) \
            and not supine:
        return False  # "centrala Falkenberg", "nyhetsbyrån Yonhap"; not "har bedömt Žanis" (a supine)
    return not (_capitalised(previous) and ctx.excluded(previous))  # "Malmö Redhawks"


# Those who act for a person: "ombud för …", "god man för …", "kontaktperson för …".
REPRESENTATIVES = _words("""ombud ombudet man mannen förvaltare förvaltaren kontaktperson kontaktpersonen
    vårdnadshavare vårdnadshavaren stödperson stödpersonen målsman handläggare handläggaren""")
# Verbs of telling and showing, whose "för" names who is told: "förklarade för", "läste upp för".
TELLING_LEMMAS = _words("""förklara berätta visa läsa presentera redogöra beskriva tala säga översätta tolka
    klargöra förtydliga motivera erbjuda""")


def _told(ctx: _Context, i: int) -> bool:
    """The word before ``i`` (perhaps a particle between) is a verb of telling."""
    for k in (i - 1, i - 2):
        if k < 0:
            return False
        token = ctx.tokens[k]
        if token.pos_ in ("VERB", "AUX") or token.lemma_.lower() in TELLING_LEMMAS:
            return token.lemma_.lower() in TELLING_LEMMAS or ctx.lowers[k].startswith(tuple(TELLING_LEMMAS))
        if token.pos_ not in ("ADV", "ADP", "PART"):
            return False
    return False


# Titles that are also little words or name no one ("god man", "far", "namn") are left out.
NOT_TITLE_ALONE = frozenset({"god", "man", "far", "mor", "son", "namn", "personlig", "barn", "jo", "ju", "fd"})


AGED = re.compile(r"^\d{1,3}-åri(?:g|ga|ge)$")


def _person_descriptor_before(ctx: _Context, i: int) -> bool:
    """"87-åriga Thatcher", "snabbe Hamilton", "lille Jonatan": an age in years, or an adjective
    in the weak masculine form (-e, which Swedish keeps for male persons), before a capitalised
    word that is no place, organisation or little word."""
    doc = ctx.tokens
    previous = doc[i - 1]
    lower = previous.lower_
    if previous.whitespace_ != " " or ctx.excluded(doc[i]) or ctx.lowers[i] in FUNCTION_WORDS:
        return False
    if AGED.match(lower):
        return True
    return (previous.text.islower() and previous.pos_ == "ADJ" and lower.endswith("e") and lower in ctx.words
            and not lower.endswith(("ande", "ende")) and lower[:-1] + "a" in ctx.words)


def _abbreviated_title(ctx: _Context, i: int) -> bool:
    """"bitr.", "sekr.": a short title the tokenizer split from its full stop."""
    return i + 1 < len(ctx.tokens) and ctx.texts[i + 1] == "." and not ctx.tokens[i].whitespace_ \
        and ctx.lowers[i] + "." in TITLES


def _title_before(ctx: _Context, i: int) -> bool:
    """"handläggare Tins", "rektor Sundin": a title in lower case right before a capitalised word
    that is no place, organisation or little word."""
    doc = ctx.tokens
    previous = doc[i - 1]
    lower = previous.lower_
    return (previous.text.islower() and lower in TITLES and lower not in NOT_TITLE_ALONE
            and previous.whitespace_ == " " and not ctx.excluded(doc[i]) and doc[i].lower_ not in FUNCTION_WORDS)


CONJUNCTIONS = frozenset({"och", "eller", "samt", "&"})


def _coordinations(ctx: _Context) -> Iterator[list[list[int]]]:
    """Lists of capitalised members ("Piret, Tiit och Merike", "Anna Ek och Per"): each member a
    run of capitalised words, joined by commas and one conjunction before the last member."""
    doc = ctx.tokens
    n = len(doc)
    i = 0
    while i < n:
        if not ctx.cap[i]:
            i += 1
            continue
        members: list[list[int]] = []
        j = i
        closed = False
        while j < n and ctx.cap[j]:
            member = [j]
            while j + 1 < n and doc[j].whitespace_ == " " and ctx.cap[j + 1] \
                    and not ctx.sentence_start(j + 1):
                j += 1
                member.append(j)
            members.append(member)
            if closed or j + 2 >= n:
                break
            separator = doc[j + 1]
            if separator.text == "," or separator.lower_ in CONJUNCTIONS:
                if "\n" in separator.whitespace_ or "\n" in doc[j].whitespace_:
                    break
                closed = separator.lower_ in CONJUNCTIONS
                j += 2
            else:
                break
        if len(members) > 1 and closed:
            yield members
        i = max(j, i) + 1


def _add_coordinated(ctx: _Context, flags: list[bool]) -> None:
    """"Piret, Tiit och Merike bor hos Siim", "Bara och Vincențiu har separerat": when one member
    of a list is a name, so are the others, if they are no place, organisation or role. A little
    word ("Bara", "Nu") counts only right before or after the conjunction, where it cannot be an
    adverb opening the sentence ("Igår, Anna och Per …" keeps "Igår")."""
    doc = ctx.tokens
    for members in _coordinations(ctx):
        if not any(flags[k] for member in members for k in member):
            continue
        last = len(members) - 1
        for position, member in enumerate(members):
            first = doc[member[0]]
            lower = first.lower_
            if any(ctx.excluded(doc[k]) or ctx.blocked(doc[k]) for k in member) or _is_role(lower, ctx.words):
                continue
            ordinary = lower in ctx.words or lower in FUNCTION_WORDS
            if ordinary and not ctx.listed(lower) and position < last - 1:
                continue  # joined by a comma: "Igår, Anna och Per", "Därför, …"
            for k in member:
                flags[k] = True


# What a person has and a company or a town seldom does: "Renatas mamma", "Ankas mentor",
# "Lanas nya nummer", "Ädáms skolgång".
PERSONAL_NOUNS = _words("""nummer telefonnummer mobilnummer mobil mobiltelefon personnummer samordningsnummer
    ansökan skolgång hälsa födelsedag lägenhet adress pass id-kort fritid mående sjukdom diagnos
    medicin behov vardag dagar liv ekonomi skulder hyra lön pension försörjningsstöd bistånd barn
    ålder namn""")


# Swedish agent nouns: "lärare", "kontrollant", "assistent", "terapeut", "sjuksköterska".
AGENT_SUFFIXES = ("are", "ör", "ist", "ant", "ent", "eut", "erska", "inna")
PERSONAL_HEADS = frozenset(PERSONAL_NOUNS | TITLES) - NOT_TITLE_ALONE


@lru_cache(maxsize=65536)
def _personal_noun(lower: str) -> bool:
    """A kinship word, a role, an agent noun or a personal noun, alone or as the head of a
    compound ("skolkurator", "mobilnummer", "klassföreståndare")."""
    if lower in PERSONAL_NOUNS or lower in TITLES or _is_role(lower, ordinary_words()):
        return True
    if lower.endswith(AGENT_SUFFIXES) and lower in ordinary_words():
        return True
    return any(lower[k:] in PERSONAL_HEADS for k in range(2, len(lower) - 3))


def _personal_noun_after(ctx: _Context, i: int) -> bool:
    """A kinship word, a role or a personal noun follows, perhaps after one adjective."""
    for k in (i + 1, i + 2):
        if k >= len(ctx.tokens):
            return False
        if _personal_noun(ctx.lowers[k]):
            return True
        if ctx.tokens[k].pos_ != "ADJ":
            return False
    return False


def _genitive_name(ctx: _Context, i: int) -> bool:
    """"Lindgrens text", "Brodys tillvaro": the genitive of a name, before a lower-case noun."""
    doc = ctx.tokens
    lower = doc[i].lower_
    if not lower.endswith("s") or i + 1 >= len(doc) or not doc[i + 1].text.islower() or not (
            doc[i + 1].pos_ == "NOUN" or (doc[i + 1].pos_ == "ADJ" and _personal_noun_after(ctx, i))):
        return False  # "Lanas nya nummer": an adjective may come before the noun
    base = lower[:-1]
    if base in ctx.places or ctx.excluded(doc[i]) or _compound(base, ctx.words) or len(base) < 3 \
            or _definite_compound(base, ctx.words) or _inflected_noun(base, ctx.words):
        return False  # "Cullbergbalettens ledare": a noun in the definite form names a body
    before = ctx.lowers[i - 1] if i else ""
    if i > 0 and doc[i - 1].text.islower() and not _is_role(before, ctx.words) and (
            doc[i - 1].pos_ == "NOUN" or _definite_compound(before, ctx.words) or _inflected_noun(before, ctx.words)):
        return False  # "fotbollsklubben Barcelonas tränare": the kind of body before its name
    if base in ctx.words:
        # "… med Ankas mentor": inside a sentence, a capitalised ordinary word in the genitive is a
        # name, unless it is an inflected noun ("Regeringens", "Lagrådets").
        return (not ctx.sentence_start(i) and doc[i - 1].text not in OPENING_MARKS and not ctx.listed(base)
                and not _inflected_noun(base, ctx.words) and not _is_role(base, ctx.words)
                and not base.endswith(COMMON_WORD_ENDINGS) and _personal_noun_after(ctx, i)) or ctx.listed(base)
    # "Renatas nya nummer": a word no lexicon knows, in the genitive before what a person has
    return ctx.listed(base) or _surname_shaped(base) or (not base.endswith(COMMON_WORD_ENDINGS)
                                                          and _personal_noun_after(ctx, i))


def _add_lower_case_names(ctx: _Context, flags: list[bool]) -> None:
    """"maria svensson": a listed first name and a listed or surname-shaped word after it, at
    least one of them no ordinary word; "hej anna" after a greeting."""
    doc = ctx.tokens
    texts = ctx.texts
    for i in range(len(doc) - 1):
        if not (texts[i].islower() and _listed(texts[i], ctx.first_names)):
            continue
        token, following = doc[i], doc[i + 1]
        if not token.is_alpha or token.lower_ in FUNCTION_WORDS:
            continue
        if i > 0 and doc[i - 1].lower_ in GREETINGS - LINE_START_ONLY - {"angående", "ang."}:
            flags[i] = True  # "hej anna": the greeting is evidence enough
        elif token.whitespace_ == " " and following.text.islower() and following.is_alpha and (
                _listed(following.lower_, ctx.surnames) or _surname_shaped(following.lower_)) and (
                token.lower_ not in ctx.words or following.lower_ not in ctx.words):
            flags[i] = flags[i + 1] = True


MEETING_VERBS = _words("""träffade träffat träffar träffa mötte möter mött ringde ringer ringt pratade pratar
    pratat talade talar talat besökte besöker besökt kontaktade kontaktar kontaktat hälsade hälsar på med
    ring kontakta meddela meddelade meddelar meddelat informera informerade informerar
    informerat påminn påminde påminner påmint""")


def _unknown_lower(token: Token, words: frozenset[str]) -> bool:
    """A lower-case word of four letters or more (so no "bup" or "lss") that no lexicon knows."""
    return _unknown_lower_text(token.text)


@lru_cache(maxsize=65536)
def _unknown_lower_text(lower: str) -> bool:
    words = ordinary_words()
    return (lower.islower() and lower.isalpha() and len(lower) >= 4 and _unknown_word(lower, words)
            and any(c in "aeiouyåäöéèáíóúü" for c in lower) and not _pronominal_adverb(lower)
            and not _short_headed_compound(lower, words) and not _inflected_noun(lower, words))


# "därutöver", "härmed", "varvid", "således": a pronominal adverb (där-, här-, var- with a
# preposition or adverb) or an old manner adverb, words the lexicon often lacks.
ADVERB_PREFIXES = ("där", "här", "var", "dit", "hit", "vart")


def _pronominal_adverb(lower: str) -> bool:
    if lower.endswith("ledes"):
        return True
    return any(lower.startswith(prefix) and lower[len(prefix):] in FUNCTION_WORDS | PARTICLE_ADVERBS
               for prefix in ADVERB_PREFIXES)


PARTICLE_ADVERBS = frozenset({"utöver", "till", "med", "vid", "för", "efter", "om", "på", "av", "i", "under",
                              "igenom", "ifrån", "emot", "jämte", "intill", "inom", "utav", "hän", "uti"})


def _short_headed_compound(lower: str, words: frozenset[str]) -> bool:
    """"målbild", "läxhjälp": two ordinary words joined, the first perhaps without its last
    vowel ("läxa") or with a linking -s, the last of four letters or more."""
    for k in range(3, len(lower) - 3):
        head, tail = lower[:k], lower[k:]
        if tail in words and (head in words or head + "a" in words or head + "e" in words
                              or (head.endswith("s") and head[:-1] in words)):
            return True
    return False


def _add_lower_case_coordinated(ctx: _Context, flags: list[bool]) -> None:
    """"träffade michele och umberto på …", "Anna och umberto": two words joined by "och", one
    of them a name already found, or both unknown to the lexicon right after a verb of meeting."""
    doc = ctx.tokens
    for i in range(len(doc) - 2):
        if ctx.lowers[i + 1] not in ("och", "eller") or doc[i].whitespace_ != " " or doc[i + 1].whitespace_ != " ":
            continue
        a, b = doc[i], doc[i + 2]
        unknown_a, unknown_b = _unknown_lower(a, ctx.words), _unknown_lower(b, ctx.words)
        if not (unknown_a or unknown_b):
            continue
        found_a = flags[i] and _capitalised(a)
        found_b = flags[i + 2] and _capitalised(b)
        after_meeting = i > 0 and doc[i - 1].lower_ in MEETING_VERBS and doc[i - 1].text.islower()
        if after_meeting and doc[i - 1].lower_ not in ("på", "med") and (unknown_a or unknown_b) and _plain_lower(ctx, i) and _plain_lower(ctx, i + 2):
            # "träffade mate och danijela": one of them no word, the other as much a name
            flags[i] = flags[i + 2] = True
        elif unknown_a and unknown_b and ctx.sentence_start(i) \
                and ctx.finite_verb_at(i + 3) and not _modifier(ctx, i + 2):
            flags[i] = flags[i + 2] = True  # "tekla och niina var hemma": two unknown words as the subject
        elif (unknown_a and unknown_b and after_meeting) or (unknown_a and found_b) or (unknown_b and found_a):
            flags[i] = flags[i] or unknown_a
            flags[i + 2] = flags[i + 2] or unknown_b
    # "…, pien verkade trött", "sa ashley", "dottern miloslava": a lower-case word no lexicon knows
    # as the subject of a predicate only people take, after a verb of speech, or after a role.
    for i in range(len(doc)):
        negated = i + 1 < len(doc) and ctx.lowers[i + 1] == "ej"  # an adverb never takes "ej" after it
        if flags[i] or not _unknown_lower_text(ctx.texts[i]) or (doc[i].pos_ in OPEN_NOT_NAME_POS and not negated) \
                or ctx.excluded(doc[i]):
            continue  # the lexicon lacks some adverbs ("sällan", "därvid"); the tagger knows them
        previous = ctx.lowers[i - 1] if i else ""
        clause_start = i == 0 or ctx.sentence_start(i) or previous in SUBORDINATORS or previous == ","
        # a subject slot only where a clause surely starts: "och", "men", "som" and commas also join nouns
        subordinate = i == 0 or ctx.sentence_start(i) or previous in SUBORDINATORS - {"och", "men", "som"}
        after_cue = i > 0 and doc[i - 1].whitespace_ == " " and doc[i - 1].text.islower() and (
            previous in SPEECH_VERBS or previous in MEETING_VERBS - {"på", "med"}
            or (previous in TITLES and previous not in NOT_TITLE_ALONE))
        # "hembesök inställt, hiba ej hemma": a hurried note drops the verb, not the "ej"; and
        # "…på skolan, tiina har varit borta": after a comma, a new clause's subject and its verb
        hurried = clause_start and i + 1 < len(doc) and doc[i].whitespace_ == " " and (
            ctx.lowers[i + 1] == "ej" or (previous == "," and _finite(doc[i + 1]) and doc[i + 1].pos_ == "AUX"))
        if (clause_start and _person_predicate(ctx, i)) or after_cue or _subject_slot(ctx, i, subordinate) or hurried \
                or (previous in ("med", "åt") and doc[i - 1].text.islower() and not _modifier(ctx, i)
                    and i >= 2 and doc[i - 2].pos_ in ("VERB", "AUX", "ADV")) \
                or _bare_object(ctx, i, flags):  # not "hjälp med återuppbyggnad"
            flags[i] = True  # "Vi har pratat med normunds i telefon": one talks with people


# Hurried notes shorten the prepositions: "pratat m tamara", "brev t. ivo", "ang. nicola".
ABBREVIATED_PREPOSITIONS = {"m": "med", "m.": "med", "t": "till", "t.": "till", "fr": "från", "fr.": "från",
                            "ang": "angående", "ang.": "angående", "enl": "enligt", "enl.": "enligt"}
# Derived nouns stand bare after a preposition ("hjälp med återuppbyggnad", "med omtanke").
NOUN_SUFFIXES = ("nad", "het", "ning", "else", "ande", "ende", "skap", "dom", "tion", "sion", "ism", "itet",
                 "ighet", "isering", "eri")
BOUNDARY_POS = frozenset({"ADP", "ADV", "PUNCT", "CCONJ", "SCONJ"})


@lru_cache(maxsize=65536)
def _linked_compound(lower: str) -> bool:
    """"mötesfri", "fyrfältsväg": two words joined by the linking -s, the last perhaps short."""
    words = ordinary_words()
    return any(lower[k - 1] == "s" and lower[k:] in words and (lower[: k - 1] in words or lower[: k - 1][-4:] in words)
               for k in range(5, len(lower) - 2))


def _bare_object(ctx: _Context, i: int, flags: list[bool]) -> bool:  # flags a following surname too
    """"papper från berivan idag", "pratade med károly i telefon": a lower-case word no lexicon
    knows, alone after a preposition that takes people, and the phrase ends right after it. A
    Swedish noun there would have an article or an ending; a name needs neither. A surname
    right after the first name is flagged here too."""
    doc = ctx.tokens
    previous = ABBREVIATED_PREPOSITIONS.get(ctx.lowers[i - 1], ctx.lowers[i - 1]) if i else ""
    if previous not in ("med", "från", "till", "angående") or not doc[i - 1].text.islower() \
            or _modifier(ctx, i) or doc[i - 1].whitespace_ != " " or ctx.lowers[i].endswith(NOUN_SUFFIXES) \
            or (previous == "till" and ctx.lowers[i].endswith(("s", "o"))) \
            or _abbreviated_title(ctx, i) or (i >= 2 and ctx.texts[i - 2] in ("'", "’")):  # "I'm going"
        return False  # "till lags", "till godo": after "till" old case forms live on in set phrases
    if i + 2 < len(doc) and doc[i].whitespace_ == " " and _unknown_lower_text(ctx.texts[i + 1]) \
            and not (_linked_compound(ctx.lowers[i]) or _linked_compound(ctx.lowers[i + 1])) \
            and (doc[i + 2].pos_ in BOUNDARY_POS or doc[i + 2].text in SENTENCE_ENDS):
        flags[i + 1] = True  # "ang. nicola cooper:", "bokat tid m juliana vieira ons": first name and surname
        return True
    return i + 1 >= len(doc) or doc[i + 1].pos_ in BOUNDARY_POS or doc[i + 1].text in SENTENCE_ENDS


def _modifier(ctx: _Context, i: int) -> bool:
    """"med gyllene lockar", "med stark inriktning": a word the tagger reads as an adverb, or
    as an adjective before a noun, modifies something; a name does not."""
    token = ctx.tokens[i]
    if token.pos_ in (OPEN_NOT_NAME_POS if _unknown_lower_text(token.text) else NOT_NAME_POS):
        return True
    following = ctx.tokens[i + 1] if i + 1 < len(ctx.tokens) else None
    return token.pos_ == "ADJ" and following is not None and following.pos_ in ("NOUN", "ADJ", "PROPN")


SUBJECT_PRONOUNS = frozenset({"jag", "du", "han", "hon", "vi", "ni", "de", "man", "det", "den", "dom"})
# After a subject and its verb comes "inte", "också" …, rarely after an object.
CLAUSE_ADVERBS = frozenset({"inte", "också", "fortfarande", "redan", "alltid", "aldrig", "ofta", "gärna",
                            "själv", "nu", "ännu", "heller", "bara", "numera"})


def _finite(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and "Fin" in token.morph.get("VerbForm")


def _subject_slot(ctx: _Context, i: int, clause_start: bool) -> bool:
    """A lower-case word no lexicon knows where Swedish puts the subject, and a thing would not
    stand bare: first in a clause before a finite verb ("veijo har fått jobb", "om frances
    fortfarande bor …"), or right after the finite verb before a clause adverb ("har kathryn
    svårt", "ville kirsty inte")."""
    doc = ctx.tokens
    n = len(doc)
    if i + 1 >= n or doc[i].whitespace_ != " ":
        return False
    following = doc[i + 1]
    if clause_start and (_finite(following) or (ctx.lowers[i + 1] in CLAUSE_ADVERBS and i + 2 < n
                                                and _finite(doc[i + 2]))):
        return True
    return i > 0 and _finite(doc[i - 1]) and not ctx.sentence_start(i - 1) and (
        ctx.lowers[i + 1] in CLAUSE_ADVERBS or ctx.lowers[i + 1] in ("svårt", "lätt", "ont", "rätt", "fel"))


def _plain_lower(ctx: _Context, i: int) -> bool:
    """A lower-case word of letters that is no little word, title or role."""
    token = ctx.tokens[i]
    lower = ctx.lowers[i]
    return (token.text.islower() and token.is_alpha and len(lower) >= 3 and lower not in FUNCTION_WORDS
            and not _is_role(lower, ctx.words))


def _add_surnames(ctx: _Context, flags: list[bool], found_alone: list[bool]) -> None:
    """A capitalised word right after a name word belongs to the name, whether or not it is on a
    list (Exempelsson, Ridderstad, Stad): masking too much is safer than leaking a surname.
    Pronouns and other small words ("Hej Anna Du …") are left alone. Particles ("von", "al"),
    middle initials ("Lars G Brandt") and initials with a full stop ("Mattias R.", "C. Bohlin")
    join the name too."""
    doc = ctx.tokens
    changed = True
    while changed:
        changed = False
        for i in range(1, len(doc)):
            token = doc[i]
            if flags[i] or not flags[i - 1] or doc[i - 1].whitespace_ != " ":
                continue
            lower = token.lower_
            if _capitalised(token) and ctx.surname_despite_place(token):
                flags[i] = changed = True
            elif (_capitalised(token) and _listed(doc[i - 1].lower_, ctx.first_names) and not ctx.excluded(token)
                  and lower not in FUNCTION_WORDS and not ctx.sentence_start(i)):
                flags[i] = changed = True  # "Anna Grip", "Fredrik Säker": after a first name, whatever the tag
            elif _capitalised(token) and not ctx.excluded(token) and lower not in FUNCTION_WORDS - {"hans", "mitt"}:
                # "Morris Bosch", "Gyöngyi Magyar": the tagger's guess at an unknown name's part of
                # speech ("Bosch" an adverb, "Magyar" a pronoun) is no evidence against it.
                if (_listed(lower, ctx.surnames) or _surname_shaped(lower) or lower not in ctx.words
                        or token.pos_ in ("PROPN", "NOUN", "ADJ", "X")
                        or (found_alone[i - 1] and not ctx.sentence_start(i) and not _is_role(lower, ctx.words))):
                    flags[i] = changed = True
            elif _middle_part(ctx, i, flags):
                flags[i] = changed = True


def _add_first_names_before(ctx: _Context, flags: list[bool], found_alone: list[bool]) -> None:
    """"Lucian Dinu har flyttat": an ordinary word opening a sentence, right before a name word no
    lexicon knows, is the first name (unless it is a little word, a role, a place or an
    inflected noun: "Familjen Dinu")."""
    doc = ctx.tokens
    for i in range(len(doc) - 1):
        if flags[i] or not found_alone[i + 1] or not ctx.cap[i] or not ctx.cap[i + 1] or doc[i].whitespace_ != " ":
            continue
        lower = ctx.lowers[i]
        if ctx.lowers[i + 1] in ctx.words or lower in FUNCTION_WORDS or lower in GREETINGS or ctx.excluded(doc[i]) \
                or _is_role(lower, ctx.words) or _inflected_noun(lower, ctx.words) or not ctx.sentence_start(i):
            continue
        # the pair is the subject of the clause: "Lucian Dinu har …", not "Kontakta Nora Lund"
        if doc[i].pos_ in ("PROPN", "NOUN", "ADJ", "X") and (ctx.finite_verb_after(i + 1) or _person_predicate(ctx, i + 1)):
            flags[i] = True


def _middle_part(ctx: _Context, i: int, flags: list[bool]) -> bool:
    """A particle, a lone capital ("G") or an initial ("R.") after a name word."""
    doc = ctx.tokens
    token = doc[i]
    following = doc[i + 1] if i + 1 < len(doc) else None
    if token.lower_ in PARTICLES and token.text.islower():
        # "Juan de la Fuente", "Bram van der Berg": one particle or several, then the surname
        j = i
        while j < len(doc) and doc[j].lower_ in PARTICLES and doc[j].text.islower() and doc[j].whitespace_ == " ":
            j += 1
        return j > i and j < len(doc) and _capitalised(doc[j]) and (
            not ctx.excluded(doc[j]) or ctx.surname_despite_place(doc[j]))
    if len(token.text) == 1 and token.text.isupper():
        return following is not None and token.whitespace_ == " " and _capitalised(following)
    return bool(re.fullmatch(rf"{CAPITAL}\.", token.text))


def _add_other_mentions(ctx: _Context, flags: list[bool], found_alone: list[bool]) -> None:
    """Once "Leyla Khan" or "Hej Tolvan" is found, "Leyla berättade …", "Leylas" and "…, Tolvan, …"
    elsewhere in the text are the same people."""
    doc = ctx.tokens
    words = ctx.words
    # Words found on their own evidence, and surnames that are no ordinary word: "Stad" in
    # "Karin Stad" must not mask every "Stad" in the text.
    known = {doc[i].lower_ for i, flag in enumerate(flags) if flag and ctx.cap[i] and not ctx.excluded(doc[i])
             and (found_alone[i] or ctx.listed(doc[i].lower_) or doc[i].lower_ not in words)}
    known |= {k + "s" for k in known if not k.endswith("s")}
    # "Mateja Maričević … mateja verkade trött": lower-case mentions, when no lexicon knows the word.
    known |= {doc[i].lower_ for i, flag in enumerate(found_alone) if flag and doc[i].text.islower()}
    for i, token in enumerate(doc):
        if flags[i] or token.lower_ not in known or ctx.excluded(token):
            continue
        lower_mention = token.text.islower() and token.lower_ not in FUNCTION_WORDS and (
            token.lower_ not in words or _person_predicate(ctx, i)
            or (i > 0 and ctx.lowers[i - 1] in MEETING_VERBS - {"på", "med"}))
        if _capitalised(token) or lower_mention:
            flags[i] = True  # "… mate verkade trött" once "Mate Eršek" is found


def _initials(text: str) -> list[tuple[int, int]]:
    """"K.L.", "L.F.", "A-K.S.", "F.-S.": the initials of a person (courts anonymise parties so)."""
    # "C.A. Förvaltning AB" is a company named with initials.
    return [m.span() for m in INITIALS.finditer(text) if not COMPANY_AFTER.match(text, m.end())]


def find_names(doc: Doc, tokens: list[Token] | None = None, text: str | None = None) -> Iterator[tuple[int, int]]:
    """Character spans of people's names (adjacent name words and initials are one span);
    ``tokens`` (``list(doc)``) and ``text`` (``doc.text``), when the caller has them already."""
    ctx = _Context(doc, tokens, text)
    flags = _name_words(ctx)
    tokens = ctx.tokens
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not flags[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and flags[j + 1] and tokens[j].whitespace_ == " ":
            j += 1
        spans.append((tokens[i].idx, tokens[j].idx + len(tokens[j].text)))
        i = j + 1
    for start, end in _initials(ctx.text):
        spans.append((start, end))
    spans.extend(_slash_signatures(ctx.text))
    yield from _merge(spans, ctx.text)


# "Tack! /Gabriela", "vi ses /irina": a name signed after a slash that ends the line.
SLASH_SIGNATURE = re.compile(r"(?:^|(?<=\s))/[ \t]?([^\W\d_][\w-]*(?:[ \t][A-ZÅÄÖ][\w-]*)?)[ \t]*(?=$|\n)",
                             re.MULTILINE)


def _slash_signatures(text: str) -> Iterator[tuple[int, int]]:
    """A signature after a slash at the end of a line, the way short messages are signed, unless
    it is a place, an organisation or (in lower case) an ordinary word."""
    if "/" not in text:
        return
    words = ordinary_words()
    for match in SLASH_SIGNATURE.finditer(text):
        value = match.group(1)
        if is_organisation_or_place(value) or value.lower() in NOT_NAME_WORDS:
            continue
        if (value.islower() and not _unknown_lower_text(value.split()[0])) or value.lower() in FUNCTION_WORDS:
            continue
        if value[:1].isupper() and value.lower() in words and not _listed(value.lower(), name_lists()[0]) \
                and " " not in value:
            continue  # "/Socialtjänsten", "/Enheten"
        yield match.span(1)


def _merge(spans: list[tuple[int, int]], text: str) -> Iterator[tuple[int, int]]:
    """Overlapping spans, and spans one space apart ("Åsa F.-S."), become one."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or text[merged[-1][1] : start] == " "):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    yield from merged
