"""The baseline's vocabulary: word lists and gazetteers shared by the rule modules."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Kind = Literal["person", "organization"]


def _words(spec: str) -> frozenset[str]:
    return frozenset(spec.split())


def _split(spec: str) -> tuple[str, ...]:
    return tuple(spec.split())


def alternation(items: Iterable[str]) -> str:
    """A regex alternation of literal ``items``, longest first (so "Sea of Azov" beats "Azov")."""
    return "|".join(re.escape(i) for i in sorted(set(items), key=lambda s: (-len(s), s)))


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
MONTH_FORMS = {m: i + 1 for i, m in enumerate(MONTHS)} | {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9,
    "Oct": 10, "Nov": 11, "Dec": 12,
}

NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
"""Spelled-out numbers read as figures ("one" is left out: "one of", "one day" are rarely counts)."""

SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6}

APPROX_WORDS = (
    "about", "around", "nearly", "almost", "approximately", "roughly", "some", "close to", "more than",
    "over", "at least", "an estimated", "estimated", "up to", "upwards of", "less than", "fewer than",
    "just over", "just under", "well over", "as many as",
)
"""Hedges before a number that make a figure approximate."""

CURRENCIES = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP"}

UNIT_WORDS: dict[str, str] = {
    # people under arms
    **dict.fromkeys(_split("troops troop soldiers soldier servicemen serviceman servicemembers personnel forces "
                           "sailors marines paratroopers reservists conscripts"), "troops"),
    "service members": "troops", "military personnel": "troops",
    # people, casualties
    **dict.fromkeys(_split("people persons civilians residents dead killed deaths casualties fatalities victims"),
                    "people"),
    # lengths, durations, ratios
    **dict.fromkeys(_split("km kilometers kilometres kilometer kilometre"), "km"),
    **dict.fromkeys(_split("miles mile"), "mi"),
    **dict.fromkeys(_split("meters metres meter metre"), "m"),
    **dict.fromkeys(_split("years year"), "years"),
    **dict.fromkeys(_split("months month"), "months"),
    **dict.fromkeys(_split("weeks week"), "weeks"),
    **dict.fromkeys(_split("days day"), "days"),
    **dict.fromkeys(_split("hours hour"), "hours"),
    **dict.fromkeys(_split("decades decade"), "decades"),
    **dict.fromkeys(_split("percent %"), "percent"),
    "per cent": "percent", "times": "times",
    # money written as words
    **dict.fromkeys(_split("dollars dollar"), "USD"),
    **dict.fromkeys(_split("euros euro"), "EUR"),
    # things counted
    **dict.fromkeys(_split("aircraft planes jets helicopters"), "aircraft"),
    **dict.fromkeys(_split("warships ships vessels"), "warships"),
    **{w: w for w in _split("tanks missiles drones vehicles refugees migrants prisoners hostages children wounded "
                            "injured missing displaced evacuated arrested homeless flights weapons battalions "
                            "brigades divisions units")},
}
"""Unit words after a number, mapped to the unit emitted (the harness's canonical names where it has one)."""

DIMENSION = {"km": "length", "mi": "length", "m": "length", "USD": "money", "EUR": "money", "GBP": "money"}
"""Units that may be restated in another unit of the same dimension ("260 km (160 miles)")."""

UNIT_MODIFIERS = _words(
    "additional more extra new active armed combat regular foreign military naval elite reserve regular "
    "local american russian ukrainian nato us u.s. western allied enemy government rebel separatist uniformed"
)
"""Words allowed between a number and its unit ("100,000 *Russian* soldiers"), besides capitalised words."""

TITLE_WORDS = _words(
    "president vice prime minister ministers secretary spokesman spokeswoman spokesperson ambassador deputy "
    "chief commander commander-in-chief general gen gen. lt lt. lieutenant col col. colonel major maj maj. "
    "captain capt capt. admiral adm adm. sgt sergeant mr mr. mrs mrs. ms ms. dr dr. prof prof. sir chancellor "
    "premier king queen prince princess senator sen sen. rep rep. representative governor gov gov. mayor "
    "director chairman chairwoman chair head leader envoy official editor correspondent adviser advisor aide "
    "diplomat attorney secretary-general undersecretary speaker emir pope coordinator negotiator analyst "
    "state foreign defense defence interior finance press security border service"
)
"""Words of office and address: stripped from a name into its ``role``."""

CORE_TITLES = _words(
    "president minister secretary spokesman spokeswoman spokesperson ambassador chief commander "
    "commander-in-chief general gen gen. chancellor premier king queen senator governor mayor director "
    "chairman head leader envoy official diplomat speaker secretary-general mr mr. mrs mrs. ms ms. dr dr. "
    "lt lt. col col. sen sen. rep rep. gov gov. adviser advisor aide"
)
"""The title words that make a phrase a role ("Kremlin spokesman"), not just a modifier ("state")."""

ORG_HEADS = _words(
    "ministry department office service agency government commission council committee parliament "
    "administration embassy alliance army navy military police court cabinet kremlin elysee pentagon "
    "bureau directorate presidency headquarters staff union organization organisation institute survey bank fund "
    "university center centre foundation association federation authority board corporation company group party "
    "congress senate assembly guard observatory tribunal"
)
"""Head nouns of organisations ("the Ukrainian Defense *Ministry*", "Germany's foreign *ministry*")."""

REPORT_HEADS = _words("report assessment statement study analysis survey document dossier")
"""Head nouns of documents that "say" things on behalf of their author."""

ORG_NAMES = _words(
    "Kremlin Elysee Élysée Pentagon NATO EU UN U.N. OSCE IAEA WHO Reuters AP AFP CNN BBC TASS RIA Interfax "
    "Bloomberg Xinhua ITV Fox Sky Politico Axios"
)
"""Single-word names of organisations and news outlets."""

OUTLET_WORDS = _words("News Times Post Journal Herald Tribune Gazette Telegraph Guardian Daily Agency Media "
                      "Press TV Radio Network Magazine Insider Review Monitor Wire Today")

GROUP_HEADS = _words(
    "officials sources diplomats analysts authorities leaders lawmakers experts ministers critics witnesses "
    "observers protesters opponents supporters residents activists doctors scientists researchers police"
)
"""Heads of unnamed groups of people ("Western officials", "US officials")."""

NP_LOWER_WORDS = TITLE_WORDS | ORG_HEADS | REPORT_HEADS | GROUP_HEADS | _words(
    "state-run state-owned news national federal armed forces intelligence military defense defence foreign "
    "border justice health emergency public"
)
"""Lowercase words that may sit inside a speaker noun phrase ("state border service spokesman")."""

NATIONALITIES = _words(
    "Russian Ukrainian American British French German Chinese Polish Belarusian European Western Eastern "
    "Turkish Israeli Iranian Italian Spanish Japanese Korean Indian Canadian Australian Dutch Swedish Finnish "
    "Norwegian Danish Estonian Latvian Lithuanian Georgian Moldovan Romanian Hungarian Czech Slovak Austrian "
    "Swiss Belgian Greek Syrian Iraqi Afghan Pakistani Saudi Egyptian Soviet Crimean Kazakh Armenian "
    "Azerbaijani Serbian Bulgarian Portuguese Mexican Brazilian African Asian Arab Palestinian Lebanese "
    "Qatari Emirati Irish Scottish Welsh Croatian Slovenian Cuban Venezuelan Libyan Yemeni Jordanian"
)

CAP_STOP = _words(
    "The A An But And Or Nor So Yet However Meanwhile Additionally Also Still Then Thus Instead Moreover "
    "When While After Before Since If As At In On Of For From With Without By To Into Per Following "
    "According Asked Despite During Although Though Because Once Until Unless Over Under This That These "
    "Those It He She They We I You His Her Its Their Our My Your There Here What Who Why How Where Which "
    "Some Any All Every Each Many Most Several No Not Read Related Copyright Credit Photo Satellite "
) | frozenset(WEEKDAYS) | frozenset(MONTHS)
"""Capitalised words that never belong to a speaker's name (sentence openers, pronouns, dates)."""

FUNCTION_WORDS = _words("the a an and or but which that who whom whose its their his her our this these those "
                        "has have had is are was were be been will would also not")

PRONOUNS: dict[str, Kind] = {"he": "person", "she": "person", "it": "organization"}

NAME_PARTICLES = _words("von der van den de del da di la le al bin ibn")

SPEECH_VERBS = _split(
    "said says say told tells claimed claims claim warned warns warn denied denies deny added adds noted "
    "notes replied replies cited cites urged urges urge complained complains described describes "
    "dismissed dismisses assured assures emphasized emphasised emphasizes stressed stresses insisted "
    "insists argued argues announced announces stated accused accuses accuse rejected rejects rebuffed "
    "acknowledged admitted confirmed confirms reiterated cautioned blasted voiced expressed asserted "
    "asserts alleged suggested predicted vowed pledged promised reported wrote tweeted forewarned "
    "criticized criticised condemned reaffirmed quoted"
)
"""Verbs that introduce what somebody says (a present tense only where it is rarely a noun)."""

HEADLINE_VERBS = _split(
    "Says Said Claims Warns Denies Dismisses Urges Accuses Rejects Vows Confirms Insists Admits"
)
"""Title-case speech verbs of headlines ("Border Service Says No Sign of Russian Troops")."""

MULTIWORD_VERBS = ("responded by saying", "replied by saying", "ruled out", "pointed at", "pointed to")

OBJECT_VERBS = _words("told tells assured assures warned warns warn urged urges urge cautioned forewarned accused "
                      "accuses accuse reminded informed")
"""Verbs followed by a listener before what is said ("told reporters that …")."""

PASSIVE_VERBS = _split("denied dismissed rejected labeled labelled described criticized criticised condemned called")

PARTICIPLES = ("adding", "noting", "saying", "insisting", "arguing", "warning", "stressing", "emphasizing",
               "emphasising", "complaining", "claiming", "explaining", "alleging", "accusing")
"""", adding that …": a participle continuing an attribution starts a further claim by the same speaker."""

COUNTRIES: dict[str, tuple[str, ...]] = {
    name: () for name in _split(
        "Afghanistan Albania Algeria Angola Argentina Armenia Australia Austria Azerbaijan Bahrain Bangladesh "
        "Belarus Belgium Bolivia Bosnia Brazil Bulgaria Cambodia Cameroon Canada Chad Chile China Colombia "
        "Croatia Cuba Cyprus Denmark Ecuador Egypt Eritrea Estonia Ethiopia Finland France Georgia Germany "
        "Ghana Greece Guatemala Haiti Honduras Hungary Iceland India Indonesia Iran Iraq Ireland Israel Italy "
        "Japan Jordan Kazakhstan Kenya Kosovo Kuwait Kyrgyzstan Laos Latvia Lebanon Libya Lithuania Luxembourg "
        "Madagascar Malaysia Mali Malta Mexico Moldova Mongolia Montenegro Morocco Mozambique Myanmar Nepal "
        "Netherlands Nicaragua Niger Nigeria Norway Oman Pakistan Panama Paraguay Peru Philippines Poland "
        "Portugal Qatar Romania Russia Rwanda Senegal Serbia Singapore Slovakia Slovenia Somalia Spain Sudan "
        "Sweden Switzerland Syria Taiwan Tajikistan Tanzania Thailand Tunisia Turkey Turkmenistan Uganda "
        "Ukraine Uruguay Uzbekistan Venezuela Vietnam Yemen Zambia Zimbabwe"
    )
} | {
    "United States": ("U.S.", "US", "USA", "America"), "United Kingdom": ("UK", "U.K.", "Britain", "Great Britain"),
    "North Korea": (), "South Korea": (), "South Africa": (), "Saudi Arabia": (), "New Zealand": (),
    "Czech Republic": ("Czechia",), "North Macedonia": (), "Sri Lanka": (), "Ivory Coast": (),
    "United Arab Emirates": ("UAE",), "Democratic Republic of Congo": ("Congo",),
}
"""Countries (canonical name → other surface forms)."""

CAPITALS: dict[str, tuple[str, ...]] = {
    name: () for name in _split(
        "Moscow Paris Washington London Berlin Brussels Warsaw Minsk Beijing Tokyo Rome Madrid Vienna Prague "
        "Budapest Bucharest Sofia Athens Ankara Tehran Baghdad Damascus Beirut Amman Cairo Riyadh Doha Kabul "
        "Islamabad Delhi Seoul Pyongyang Taipei Ottawa Canberra Helsinki Stockholm Oslo Copenhagen Tallinn Riga "
        "Vilnius Chisinau Tbilisi Yerevan Baku Astana Tashkent Belgrade Zagreb Ljubljana Bratislava Lisbon "
        "Dublin Amsterdam Bern Jerusalem Caracas Havana Brasilia Nairobi Pretoria Hanoi Bangkok Manila Jakarta"
    )
} | {"Kyiv": ("Kiev",), "New Delhi": (), "Mexico City": (), "Buenos Aires": (), "Abu Dhabi": ()}
"""Capitals and seats of government (also used metonymically for governments, hence locative-only)."""

REGIONS: dict[str, tuple[str, ...]] = {
    name: () for name in _split(
        "Donetsk Kherson Dnipro Chernihiv Sumy Bakhmut Avdiivka Mariupol Sevastopol Kerch Transnistria Abkhazia "
        "Kaliningrad Belgorod Kursk Bryansk Rostov Voronezh Smolensk Pskov Siberia Chechnya Dagestan Caucasus "
        "Balkans Baltics Scandinavia Kashmir Gaza Idlib Aleppo Mosul Tigray Darfur Xinjiang Tibet Normandy Bavaria "
        "Scotland Wales Catalonia Sinai Golan Gibraltar Bosporus Arctic Antarctica Sahel Istanbul Kazan "
        "Vladivostok Chicago Munich Hamburg Milan Barcelona Marseille Lyon Davos Brest Grodno Gomel Vitebsk "
        "Mediterranean Pacific Atlantic"
    )
} | {
    "Black Sea": (), "Sea of Azov": ("Azov Sea",), "Baltic Sea": (), "Caspian Sea": (), "North Sea": (),
    "Red Sea": (), "South China Sea": (), "Persian Gulf": (), "Gulf of Finland": (), "Indian Ocean": (),
    "Arctic Ocean": (), "English Channel": (), "Strait of Hormuz": (), "Taiwan Strait": (), "Kerch Strait": (),
    "Middle East": (), "Central Asia": (), "Eastern Europe": (), "Western Europe": (), "Southeast Asia": (),
    "Hong Kong": (), "New York": (), "Los Angeles": (), "St. Petersburg": ("Saint Petersburg",),
    "Crimea": ("Crimean Peninsula",), "Donbas": ("Donbass",), "Luhansk": ("Lugansk",), "Kharkiv": ("Kharkov",),
    "Odesa": ("Odessa",), "Lviv": ("Lvov",), "Mykolaiv": ("Nikolaev",), "Zaporizhzhia": ("Zaporozhye",),
    "Dnieper": ("Dnipro River",),
}
"""Seas, regions, peninsulas and cities that are not capitals: a place whenever named."""

DIRECTIONS = ("north-east", "north-west", "south-east", "south-west", "northeast", "northwest", "southeast",
              "southwest", "north", "south", "east", "west")
LOCATIVES = ("in", "into", "near", "at", "inside", "within", "across", "throughout", "outside", "around", "along",
             "towards", "toward", "visited", "visit", "entered", "neighboring country of", "neighbouring country of")
"""Words before a country or capital that make it a location rather than an actor."""


FOLLOW_WORDS = _words("and or to in on of from with for by as at that which where who whose is was has have had are "
                    "were will would since after before during this last over near until but amid if when while "
                    "itself alone said says")
"""Words that may follow a country or capital used as a location ("in Ukraine *and* …")."""


ABBREVIATIONS = _words(
    "u.s u.n u.k e.u mr mrs ms dr lt gen col sen rep gov st jan feb mar apr jun jul aug sep sept oct nov dec no "
    "vs e.g i.e inc corp jr sr capt maj adm sgt prof mt ft"
)
"""Lowercase abbreviations (without their last dot) after which a full stop ends no sentence."""


VAGUE_BASE = {"tens": 10, "dozens": 12, "hundreds": 100, "thousands": 1000, "millions": 1_000_000}
"""Vague plural quantities and the number they stand for ("tens of …" → 10)."""


@dataclass(frozen=True)
class PlaceEntry:
    """A gazetteer place: canonical ``name``, every surface ``form``, and whether it needs a locative."""

    name: str
    forms: tuple[str, ...]
    locative_only: bool


def _gazetteer() -> dict[str, PlaceEntry]:
    """Surface form → entry, for every country, capital and region."""
    out: dict[str, PlaceEntry] = {}
    for table, locative in ((COUNTRIES, True), (CAPITALS, True), (REGIONS, False)):
        for name, variants in table.items():
            entry = PlaceEntry(name, (name, *variants), locative)
            for form in entry.forms:
                out.setdefault(form, entry)
    return out


GAZETTEER = _gazetteer()
