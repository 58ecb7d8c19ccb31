"""Disjoint letters: synthetic case notes and letters whose personal data the detector's own lists
and cues did not choose.

- Names come from Faker locales other than sv_SE (fi_FI, de_DE, pl_PL, tr_TR …) and from a list
  written here of names common among people who came to Sweden later in life. Every name on the
  detector's lists (klarsprak/privacy/data/first_names.txt, last_names.txt, lower-cased, also any
  part of a double name) is dropped, and so are the template set's names (privacy_synthetic.py).
- Sentence shapes avoid the template set's cue words as the only evidence ("Hej", "Angående",
  "Sökande:", signature lines): names open sentences before a verb, follow prepositions, take the
  possessive s, stand in lists, in reported speech, in lower case, as initials, a surname alone.
- Held-out differs from development three ways: another seed (2, not 1), names from the held-out
  third of each name pool (:func:`privacy_eval.split`), and sentence shapes of its own
  (HELD_OUT_SHAPES, never used for development).

Every part is added with its kind (privacy_eval.Item), so gold spans are exact. Distractors that
must not be flagged: case numbers, amounts, dates, times, organisation numbers, municipalities,
authorities and e-service names.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from privacy_eval import Item, split

from klarsprak.privacy.personnummer import check_digit

ROOT = Path(__file__).resolve().parent.parent
LISTS = ROOT / "klarsprak" / "privacy" / "data"
SEEDS = {"dev": 1, "held-out": 2}
LOCALES = ("fi_FI", "de_DE", "pl_PL", "tr_TR", "nl_NL", "fr_FR", "es_ES", "it_IT", "en_GB", "hu_HU",
           "cs_CZ", "ro_RO", "hr_HR", "pt_PT", "et_EE", "lv_LV")
DRAWS = 400  # per locale and kind of name; Faker repeats names, so the pools are smaller
# Written here: Somali, Arabic, Persian, Dari, Kurdish, Tigrinya and Bosnian names as they are
# usually spelt in Swedish records. Those on the detector's lists are dropped like the rest.
INVENTED_FIRST = (
    "Hodan", "Faduma", "Warsame", "Mahad", "Sahra", "Ayaan", "Ilhan", "Hamdi", "Nasra", "Liban", "Shukri",
    "Shirin", "Dariush", "Parisa", "Soraya", "Behrouz", "Golnar", "Yonas", "Semhar", "Tekle", "Mehret",
    "Sadiq", "Farid", "Rahim", "Jamila", "Latifa", "Walid", "Rania", "Bassam", "Yara", "Tarek", "Dalia",
    "Emir", "Amra", "Haris", "Lejla", "Dino", "Asmir", "Berivan", "Rojda", "Dilan", "Hevin", "Serwan",
    "Ciwan", "Aryan", "Mursal", "Bilal", "Safiya", "Idris", "Hanan", "Lamis", "Ghazal", "Kaveh", "Navid",
    "Sepideh", "Jawad", "Nasrin", "Hawa", "Abdiqani", "Yohannes", "Tsega", "Kibrom", "Saba", "Rami", "Majd",
    "Noura", "Amal", "Hiba", "Qamar", "Suad", "Fardowsa", "Deeqa", "Ubah", "Najib", "Sohrab", "Taraneh",
    "Roya", "Ziba", "Mirwais", "Habiba", "Zainab", "Elham", "Hossein", "Saman", "Arezoo", "Jwan", "Nazdar",
    "Aster", "Selamawit", "Feven", "Amanuel", "Semira", "Alem", "Mirza", "Almira", "Jasmina", "Nermin",
    "Elvedin", "Aldina",
)
INVENTED_LAST = (
    "Warsame", "Jama", "Egal", "Hersi", "Karimi", "Rezaei", "Ahmadzai", "Tesfaye", "Gebremedhin", "Haile",
    "Berhane", "Kebede", "Hadžić", "Mujić", "Delić", "Begović", "Aydın", "Çelik", "Şahin", "Barzani",
    "Zebari", "Haidari", "Sultani", "Noori", "Rahimi", "Qasemi", "Mansour", "Nasser", "Darwish", "Haddadin",
    "Obeid", "Awad", "Dualeh", "Samatar", "Guled", "Abdirizak", "Farahani", "Mousavi", "Jafari", "Sadeghi",
    "Tavakoli", "Popal", "Wardak", "Stanekzai", "Hamidi", "Goitom", "Mehari", "Tsegay", "Woldu", "Kahsay",
    "Halilović", "Mehmedović", "Softić", "Omerović", "Zukić", "Baban", "Talabani", "Hawrami", "Dosky",
    "Sindi",
)
STREET_ROOTS = (
    "Lärk", "Gjutar", "Skeppar", "Kvarn", "Hamn", "Tegel", "Lin", "Råg", "Smed", "Tull", "Klockar",
    "Fältar", "Murar", "Garvar", "Sjömans", "Vävar", "Bagar", "Rönn", "Hassel", "Ljung", "Trana", "Vipe",
    "Sädes", "Humle", "Körsbärs", "Mjölnar", "Kopparslagar", "Postmästar", "Ryttar", "Kronoparks",
    "Blåklints", "Skogsduve", "Fiskar", "Salt", "Brunns", "Lots", "Tjärhovs",
)
STREET_KINDS = ("gatan", "vägen", "gränd", "stigen", "backen", "allén", "torget", "plan", "leden", "slingan")
STREET_PREFIXES = ("Norra ", "Södra ", "Gamla ", "Lilla ", "Stora ", "Östra ")
TOWNS = ("Helsingborg", "Höganäs", "Ängelholm", "Landskrona", "Eslöv", "Hässleholm", "Kristianstad",
         "Trelleborg", "Ystad", "Malmö", "Lund", "Mölndal", "Borås", "Gävle", "Umeå", "Luleå", "Växjö",
         "Kalmar", "Bjuv", "Åstorp", "Klippan", "Perstorp")
MUNICIPALITIES = ("Helsingborgs stad", "Bjuvs kommun", "Region Skåne", "Höganäs kommun", "Malmö stad",
                  "Ängelholms kommun", "Landskrona stad", "Åstorps kommun")
AUTHORITIES = ("Försäkringskassan", "Arbetsförmedlingen", "Kronofogden", "Skatteverket", "Migrationsverket",
               "Förvaltningsrätten i Malmö", "Inspektionen för vård och omsorg", "Pensionsmyndigheten", "CSN",
               "Socialnämnden", "vuxenenheten", "Barn- och ungdomspsykiatrin", "Vårdcentralen Närlunda",
               "Kommunens budget- och skuldrådgivning")
ESERVICES = ("Mina sidor", "e-tjänsten Ekonomiskt bistånd", "BankID", "Mitt Helsingborg", "1177 Vårdguiden",
             "e-tjänsten Ansök om bostadstillägg", "Mina meddelanden", "Kivra")
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")
MAIL_HOSTS = ("gmail.com", "hotmail.com", "outlook.com", "telia.com", "yahoo.se", "live.se", "icloud.com",
              "bredband.net")
STAFF_HOSTS = ("helsingborg.se", "bjuv.se", "hoganas.se", "skane.se")
TRANSLITERATE = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "ß": "ss", "ı": "i", "đ": "d", "æ": "ae"})
NAME = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)?$")

# --- sentence shapes ----------------------------------------------------------------------------
# Slots: people A (the person the note is about), B (partner or parent), C, C2, C3 (children),
# D (someone else), S (staff) with .first .last .poss (first name + possessive s) .fullposs
# .lower .lowerfull .init; {A.email}/{S.email}; {pnr} {snr} {birth} {phone} {addr1} (street,
# postcode and town on one line) {addr2} (on two lines) {street} {street_floor}; distractors
# {town} {dnr}
# {amount} {date} {time} {orgnr} {municipality} {authority} {eservice}.
DEV_SHAPES = (
    "{A.first} ringde i morse och ville flytta mötet till den {date}.",
    "Under besöket berättade {A.first} att hyran för mars inte är betald.",
    "Vi pratade med {B.first} om {C.poss} skolgång.",
    "{C.first}, {C2.first} och {C3.first} bor varannan vecka hos {A.first}.",
    "träffade {A.lower} och {C.lower} på {authority} idag, {A.lower} verkade trött.",
    "\"Jag orkar inte mer\", sa {A.first} när vi sågs.",
    "Enligt {S.last} på {authority} är ärendet {dnr} vilande.",
    "Jag har stämt av med handläggare {S.last} inför mötet {time}.",
    "Modern, {B.init}, uppgav att hon söker arbete.",
    "{A} har flyttat till {addr1}.",
    "Ny adress från den {date}:\n{addr2}",
    "Familjen bor numera på {street} i {town}.",
    "Mobilen är {phone} men hon svarar sällan.",
    "{A.poss} nya nummer är {phone}.",
    "Mejla gärna {A.email} om något ändras.",
    "{A.first} är född den {birth} och har personnummer {pnr}.",
    "{A.first} har samordningsnummer {snr} tills vidare.",
    "Beviljat belopp för april är {amount} enligt beslut {dnr}.",
    "{authority} har organisationsnummer {orgnr}.",
    "Ansökan görs via {eservice} i {municipality}.",
    "Hyresvärden {D} har ringt om skulden på {amount}.",
    "Tolken {D} kunde inte komma {time}.",
    "Post ska skickas c/o {B.last}, {addr1}.",
    "Boendestödjaren {S.first} följer med {A.first} till {authority} den {date}.",
    "{A.first} och {B.first} har separerat sedan {date}.",
    "Skolan har haft kontakt med {C.poss} mentor {D.first}.",
    "{A.fullposs} ansökan om försörjningsstöd kom in {date}.",
    "Vid hembesöket på {street_floor} var {C.first} hemma.",
    "{B.first} kan nås på {phone} och {B.email}.",
    "Personnummer för {C.first}: {pnr}. {C.first} är född {birth}.",
    # a second development set, written later (names as objects, with pronouns, at
    # authorities, in lower case after prepositions), before any of it was tuned on
    "Socialsekreteraren hade ett telefonsamtal med {A.first} på förmiddagen.",
    "Idag kom {B.first} till mottagningen utan tid.",
    "Efter samtalet skickade vi ett brev till {A}.",
    "{A.lower} vill inte att {B.lower} får veta var hon bor.",
    "Hembesök hos {A.lower} och barnen, lägenheten var städad.",
    "Det framkom att {C.first} inte har varit i skolan sedan jul.",
    "Barnen, {C.first} och {C2.first}, var med på mötet.",
    "Pappan {B} ringde och frågade efter beslutet.",
    "Enligt {A.first} har {B.first} druckit mer den senaste tiden.",
    "Kontakt togs med förskolan där {C.first} går.",
    "{S.first} från socialtjänsten deltog också.",
    "Orosanmälan gällande {C} inkom från skolkuratorn.",
    "mötte {A.lower} i väntrummet, hon ville prata om hyran.",
    "Vi bokade ett nytt möte med {A.first} och hennes syster {D.first}.",
    "I morse lämnade {B.lower} in kontoutdragen.",
    "{A.first} själv säger att allt är bra nu.",
    "Ekonomin har blivit sämre sedan {B.first} förlorade jobbet.",
    "Handlingarna skickades till {A.first} per post.",
    "{C.poss} lärare {D} är orolig för frånvaron.",
    "Samtal med {A.lower} angående räkningarna.",
    "Mamman, {A.first}, och mormodern var närvarande.",
    "{D.first} på Arbetsförmedlingen har inte hört av sig.",
    "Godman {D} ansvarar för ekonomin.",
    "Sonen {C.first} vill bo kvar hos {B.first}.",
    "Nästa uppföljning blir hos {A.first} hemma.",
    "{A.first} och jag gick igenom budgeten.",
    "Jag frågade {B.lower} om han har sökt bostad.",
    "Brevet till {A} kom tillbaka i retur.",
    "Både {A.first} och {B.first} skrev under.",
    "{B.fullposs} bror har lovat att hjälpa till med flytten.",
    # a third development set (stop 19), written before it was run: names as an apposition with
    # an age, inside brackets, after role nouns in lower case, in lists and after "av", "för",
    # "hos" and "utan", lower-case full names in every position of the sentence
    "{A}, 34 år, söker stöd för första gången.",
    "Barnets pappa ({B}) har inte hört av sig.",
    "kuratorn {D.lower} ringde om {C.lower} i eftermiddags.",
    "Närvarande: {A}, {B} och socialsekreterare {S}.",
    "Ansökan är underskriven av {A.lowerfull}.",
    "Vi väntar på intyg för {C.first} från vårdcentralen.",
    "Mötet hölls hos {B.lowerfull} eftersom {A.lower} var sjuk.",
    "{C.first} kom utan {B.first} den här gången.",
    "{A.lowerfull} hade med sig kontoutdrag för tre månader.",
    "Morbror {D.first} har erbjudit sig att vara kontaktperson.",
    "sms till {A.lower}: påminnelse om mötet {time}.",
    "{C.first} (8 år) och {C2.first} (5 år) har fått förskoleplats.",
    "Handläggare: {S}",
    "Jag och {S.first} åkte hem till familjen {A.last} på eftermiddagen.",
    "När {A.first} kom hem hade {B.first} redan packat.",
    "{B.lower} tycker att {A.lower} överdriver.",
    "Grannen {D.lowerfull} har hört bråk från lägenheten.",
    "Det var svårt att få tag på {A.first} under veckan.",
    "{A.first} säger att {C.first} sover dåligt.",
    "Överenskommelse med {A.lowerfull}: nytt möte om två veckor.",
)
HELD_OUT_SHAPES = (
    "Igår kväll hörde {A.first} av sig med sms från {phone}.",
    "Det var {A.first} som tog initiativet till mötet.",
    "Både {B.first} och {C.first} deltog, men inte {C2.first}.",
    "Hos {A} fanns ingen mat i kylskåpet vid besöket.",
    "Barnens farmor, {D}, vill ha kontakt med barnen igen.",
    "Ring {S.first} på {phone} eller skriv till {S.email}.",
    "Frågan om {C.poss} skolskjuts ligger hos {authority}.",
    "pratade m {A.lower} om skulden, hon ringer {B.lowerfull} ikväll",
    "Mötet med {A.init} och hennes ombud hölls {date} {time}.",
    "{A.first}, född {birth}, pnr {pnr}, bor kvar på {addr1}.",
    "Adressändring från {date}:\n{addr2}",
    "Enligt {A.first} själv är {B.first} inte längre välkommen i lägenheten.",
    "Kuratorns bedömning är att {C.first} mår bättre sedan flytten.",
    "Efter samtal med överförmyndare {S.last} bestämdes att ansökan vilar.",
    "”Vi klarar oss”, säger {B.first} till mig.",
    "Samordningsnumret {snr} tillhör {A.first}.",
    "Utbetalning om {amount} sker den {date} (ärende {dnr}).",
    "Ansök via {eservice}; frågor besvaras av {authority}.",
    "Leverantörens org.nr är {orgnr}, fakturan gäller {municipality}.",
    "Brevet från {A} var adresserat c/o {B}, {addr2}",
    "{A.poss} och {B.poss} gemensamma konto är spärrat.",
    "E-post från {A.first}: {A.email}",
    "Kontaktade {D.last} på hyresbolaget om {A.poss} lägenhet på {street}.",
    "{C.first} och {C2.first} går i samma klass; {C2.first} har svårt med matematiken.",
    "Nytt telefonnummer till {B.first}: {phone}.",
    "Så här skrev {A.first}: ”jag vill att {S.first} ringer mig”.",
)
DEV_HEADS = ("Journalanteckning {date}\n\n", "Anteckning {date}, {time}\n{dnr}\n\n")
HELD_OUT_HEADS = ("Utredning {dnr}, {date}\n\n", "Samtal {date} {time}\n\n")
DEV_TAILS = ("\n\nAntecknat av {S}\n", "\n\n{S}, {authority}\n")
HELD_OUT_TAILS = ("\n\n/{S.first}\n", "\n\nAnsvarig: {S}\n")
SHAPES = {"dev": DEV_SHAPES, "held-out": HELD_OUT_SHAPES}
HEADS = {"dev": DEV_HEADS, "held-out": HELD_OUT_HEADS}
TAILS = {"dev": DEV_TAILS, "held-out": HELD_OUT_TAILS}
SLOT = re.compile(r"\{(\w+)(?:\.(\w+))?\}")


@lru_cache(maxsize=1)
def listed_names() -> frozenset[str]:
    """The detector's first names and surnames and the template set's names, lower-cased."""
    from privacy_synthetic import INVENTED_FIRST as T_FIRST
    from privacy_synthetic import INVENTED_LAST as T_LAST
    from privacy_synthetic import WORLD_FIRST, WORLD_LAST

    words = set()
    # first_names.txt and last_names.txt, and any name list added later.
    for path in sorted(LISTS.glob("*names*.txt")):
        words |= {w.strip().lower() for w in path.read_text(encoding="utf-8").splitlines()
                  if w.strip() and not w.startswith("#")}
    return frozenset(words | {w.lower() for w in (*T_FIRST, *T_LAST, *WORLD_FIRST, *WORLD_LAST)})


def usable(name: str, listed: frozenset[str]) -> bool:
    """One word (or a double name), letters only, and neither it nor a part of it on a list."""
    lower = name.lower()
    return bool(NAME.match(name)) and lower not in listed and not any(p in listed for p in lower.split("-"))


@lru_cache(maxsize=1)
def name_pools() -> dict[str, dict[str, tuple[list[str], list[str]]]]:
    """{split: {source: (first names, surnames)}}: all sorted names split by the rule."""
    from faker import Faker

    listed = listed_names()
    sources: dict[str, tuple[list[str], list[str]]] = {}
    for locale in LOCALES:
        fake = Faker(locale)
        fake.seed_instance(0)
        first = sorted({n for n in (fake.first_name() for _ in range(DRAWS)) if usable(n, listed)})
        last = sorted({n for n in (fake.last_name() for _ in range(DRAWS)) if usable(n, listed)})
        sources[locale] = (first, last)
    sources["invented"] = (sorted({n for n in INVENTED_FIRST if usable(n, listed)}),
                           sorted({n for n in INVENTED_LAST if usable(n, listed)}))
    # Split all names at once, so a name two locales share ("Roman") falls on one side only.
    sides = {kind: {name: part for part, names in split(sorted({n for pair in sources.values() for n in pair[kind]}))
                    .items() for name in names} for kind in (0, 1)}
    return {part: {source: tuple([n for n in pair[kind] if sides[kind][n] == part] for kind in (0, 1))
                   for source, pair in sources.items()} for part in ("dev", "held-out")}


@dataclass(frozen=True)
class Person:
    first: str
    last: str

    def form(self, attribute: str | None) -> str:
        full = f"{self.first} {self.last}"
        return {
            None: full,
            "first": self.first,
            "last": self.last,
            "lower": lower(self.first),
            "lowerfull": lower(full),
            "init": f"{self.first[0]}.{self.last[0]}.",
        }[attribute]


def lower(name: str) -> str:
    """As a hurried writer types it: Turkish "İmren" becomes "imren", not "i" with a dot above."""
    return name.replace("İ", "i").lower()


def possessive_suffix(name: str) -> str:
    """Swedish adds -s, nothing after s, x or z ("Jonas bil")."""
    return "" if name[-1].lower() in "sxz" else "s"


def ascii_mail(value: str) -> str:
    value = unicodedata.normalize("NFKD", value.translate(TRANSLITERATE))
    return "".join(c for c in value if c.isascii() and (c.isalnum() or c in "-")).lower()


class Writer:
    """Fills shapes for one split from its own random generator and name pools."""

    def __init__(self, part: str):
        self.part = part
        self.rng = random.Random(SEEDS[part])
        self.pools = name_pools()[part]
        self.sources = sorted(self.pools)

    def person(self, source: str | None = None, last: str | None = None) -> Person:
        first_names, last_names = self.pools[source or self.rng.choice(self.sources)]
        return Person(self.rng.choice(first_names), last or self.rng.choice(last_names))

    def cast(self) -> dict[str, Person]:
        rng = self.rng
        source = rng.choice(self.sources)
        a = self.person(source)
        family = a.last if rng.random() < 0.6 else None
        people = {"A": a, "B": self.person(source if rng.random() < 0.7 else None, family)}
        for key in ("C", "C2", "C3"):
            people[key] = self.person(source, a.last)
        people["D"], people["S"] = self.person(), self.person()
        return people

    def birth(self) -> str:
        rng = self.rng
        year, month, day = rng.randint(1940, 2020), rng.randint(1, 12), rng.randint(1, 28)
        return rng.choice([f"{day} {MONTHS[month - 1]} {year}", f"{day}/{month} {year}",
                           f"{year}-{month:02d}-{day:02d}"])

    def identity(self, coordination: bool) -> str:
        rng = self.rng
        year, month, day = rng.randint(1935, 2022), rng.randint(1, 12), rng.randint(1, 28)
        short = f"{year % 100:02d}{month:02d}{day + (60 if coordination else 0):02d}"
        serial = f"{rng.randint(0, 999):03d}"
        last4 = serial + check_digit(short + serial)
        yy, mm, dd = short[:2], short[2:4], short[4:]
        return rng.choice([f"{short}-{last4}", f"{year}{short[2:]}-{last4}", f"{yy} {mm} {dd}-{last4}",
                           f"{short} - {last4}", f"{year}{short[2:]} {last4}", f"{year} {mm} {dd}-{last4}",
                           f"{short}{last4}"])

    def phone(self) -> str:
        rng = self.rng
        mobile = rng.choice(["70", "72", "73", "76", "79"])
        a, b, c = rng.randint(100, 999), rng.randint(10, 99), rng.randint(10, 99)
        return rng.choice([
            f"0{mobile} - {a} {b} {c}", f"+46 (0){mobile} {a} {b} {c}", f"0{mobile}-{a} {b} {c}",
            f"0{mobile}{a}{b}{c}", f"0{mobile} {a} {b} {c}", f"+46{mobile}{a}{b}{c}", f"0046 {mobile} {a} {b} {c}",
            f"08-{a} {rng.randint(100, 999)} {b}", f"042-{b} {c} {rng.randint(10, 99)}", f"0{mobile}-{a}{b}{c}",
            f"+46 {mobile}-{a} {b} {c}",
        ])

    def email(self, person: Person, staff: bool = False) -> str:
        rng = self.rng
        first, last = ascii_mail(person.first), ascii_mail(person.last)
        if staff:
            return f"{first}.{last}@{rng.choice(STAFF_HOSTS)}"
        user = rng.choice([f"{first}.{last}", f"{first[0]}.{last}", f"{first}{rng.randint(60, 99)}",
                           f"{first}_{last[0]}", f"{last}.{first}"])
        host = rng.choice(MAIL_HOSTS)
        return rng.choice([f"{user}@{host}", f"{user}@{host}", f"{user}(at){host}", f"{user} (at) {host}",
                           f"{user}[at]{host}"])

    def street(self) -> str:
        rng = self.rng
        prefix = rng.choice(STREET_PREFIXES) if rng.random() < 0.2 else ""
        root = rng.choice(STREET_ROOTS)
        name = prefix + (root.capitalize() if prefix else root) + rng.choice(STREET_KINDS)
        return f"{name} {rng.randint(1, 140)}{rng.choice(['', '', ' B', 'A', 'c'])}"

    def floor(self) -> str:
        rng = self.rng
        return rng.choice([f"lgh {rng.randint(10, 15)}{rng.randint(1, 9):02d}", f"{rng.randint(1, 6)} tr",
                           f"lgh {rng.randint(1001, 1504)}, {rng.randint(1, 5)} tr"])

    def postal(self) -> str:
        code = f"{self.rng.randint(100, 989)}{self.rng.choice([' ', ''])}{self.rng.randint(10, 99)}"
        return f"{code} {self.rng.choice(TOWNS)}"

    def distractor(self, kind: str) -> str:
        rng = self.rng
        if kind == "dnr":
            return rng.choice([f"Dnr SN {rng.randint(2019, 2026)}/{rng.randint(1, 9999)}",
                               f"SN {rng.randint(2019, 2026)}/{rng.randint(1, 999):04d}",
                               f"dnr {rng.randint(2019, 2026)}-{rng.randint(1, 9999):04d}",
                               f"VOF {rng.randint(2019, 2026)}.{rng.randint(100, 999)}"])
        if kind == "amount":
            return rng.choice([f"{rng.randint(1, 39)} {rng.randint(100, 999)} kr",
                               f"{rng.randint(1, 99)} {rng.randint(100, 999)} kronor",
                               f"{rng.randint(100, 999)},{rng.randint(10, 99)} kr", f"{rng.randint(2, 9)} {rng.randint(100, 999)}:-"])
        if kind == "date":
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            return rng.choice([f"2025-{month:02d}-{day:02d}", f"{day} {MONTHS[month - 1]} 2025",
                               f"{day}/{month}", f"{day} {MONTHS[month - 1]}"])
        if kind == "time":
            hour, minute = rng.randint(8, 17), rng.choice(["00", "15", "30", "45"])
            return rng.choice([f"kl. {hour}.{minute}", f"klockan {hour}", f"kl {hour}:{minute}"])
        if kind == "orgnr":
            nine = f"{rng.choice(['212000', '556', '802', '716'])}"
            nine = (nine + "".join(str(rng.randint(0, 9)) for _ in range(9 - len(nine))))
            return f"{nine[:6]}-{nine[6:]}{check_digit(nine)}"
        if kind == "municipality":
            return rng.choice(MUNICIPALITIES)
        if kind == "authority":
            return rng.choice(AUTHORITIES)
        if kind == "eservice":
            return rng.choice(ESERVICES)
        raise KeyError(kind)

    def fill(self, out: Item, shape: str, people: dict[str, Person]) -> None:
        """Append ``shape`` to ``out`` with every slot filled and recorded."""
        position = 0
        for match in SLOT.finditer(shape):
            out.add(shape[position : match.start()])
            position = match.end()
            key, attribute = match.group(1), match.group(2)
            if key in people:
                person = people[key]
                if attribute == "email":
                    out.add(self.email(person, staff=key == "S"), "email")
                elif attribute in ("poss", "fullposs"):
                    name = person.first if attribute == "poss" else person.form(None)
                    out.add(name, "name")
                    out.add(possessive_suffix(name))
                else:
                    out.add(person.form(attribute), "name")
            elif key in ("pnr", "snr"):
                out.add(self.identity(key == "snr"), "personnummer" if key == "pnr" else "samordningsnummer")
            elif key == "birth":
                out.add(self.birth(), "birthdate")
            elif key == "phone":
                out.add(self.phone(), "phone")
            elif key == "addr1":
                out.add(f"{self.street()}{self.rng.choice(['', ' ' + self.floor()])}, {self.postal()}", "address")
            elif key == "addr2":
                out.add(f"{self.street()}{self.rng.choice(['', ', ' + self.floor()])}\n{self.postal()}", "address")
            elif key == "street":
                out.add(self.street(), "address")
            elif key == "street_floor":
                out.add(f"{self.street()}, {self.floor()}", "address")
            elif key == "town":
                out.add(self.rng.choice(TOWNS), distractor="town")
            else:
                out.add(self.distractor(key), distractor=key)
        out.add(shape[position:])

    def note(self) -> Item:
        rng = self.rng
        people = self.cast()
        out = Item()
        self.fill(out, rng.choice(HEADS[self.part]), people)
        shapes = rng.sample(SHAPES[self.part], rng.randint(5, 8))
        for index, shape in enumerate(shapes):
            if index:  # a shape without a full stop at its end ends its line
                ended = shapes[index - 1].endswith((".", "!", "?", "”", '"'))
                out.add(" " if ended and rng.random() < 0.7 else "\n\n" if ended else "\n")
            self.fill(out, shape, people)
        self.fill(out, rng.choice(TAILS[self.part]), people)
        return out


def letters(part: str, count: int) -> list[Item]:
    """``count`` notes for ``part`` ("dev" or "held-out"), the same every run."""
    writer = Writer(part)
    return [writer.note() for _ in range(count)]
