"""The built-in ``baseline`` extractor: regular expressions and small gazetteers, nothing learned.

It is the floor every real extractor should beat. It reads only the article it is given (text and
publication date), never the gold, and knows nothing about any particular article: its vocabulary is
generic news English (speech verbs, titles, unit words, month and weekday names) plus a small
gazetteer of world geography.

Pipeline, one article at a time:

1. **Body.** Page furniture lines are dropped (:func:`body_lines`); the remaining lines are split into
   sentences (:func:`sentences`) that keep their offsets, so every ``evidence`` is an exact span of
   ``article.text``.
2. **Figures** (:func:`extract_figures`), **dates** (:func:`extract_dates`) and **places**
   (:func:`extract_places`) are found sentence by sentence.
3. **Speech events** (:func:`find_events`): a speech verb with its subject noun phrase and what was
   said. Subjects are then resolved (:func:`resolve_events`): titles split off into a role, bare
   surnames mapped to the full name used elsewhere in the article, pronouns and phrases such as
   "the ministry" / "the report" / "the official" mapped to the most recent fitting speaker.
   Speaker and claim facts come from the resolved events.

Every fact carries ``evidence`` and a ``confidence`` in [0, 1]; ``Baseline(min_confidence=x)`` drops
facts below ``x``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from harness.model import Article

Fact = dict[str, Any]
Kind = Literal["person", "organization"]


@dataclass(frozen=True)
class Span:
    """A piece of the article: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    def sub(self, start: int, end: int) -> Span:
        """The part ``[start, end)`` of this span, with offsets relative to this span's text."""
        return Span(self.start + start, self.start + end, self.text[start:end])


def _words(spec: str) -> frozenset[str]:
    return frozenset(spec.split())


def _split(spec: str) -> tuple[str, ...]:
    return tuple(spec.split())


def _alternation(items: Iterable[str]) -> str:
    """A regex alternation of literal ``items``, longest first (so "Sea of Azov" beats "Azov")."""
    return "|".join(re.escape(i) for i in sorted(set(items), key=lambda s: (-len(s), s)))


# --------------------------------------------------------------------------- gazetteers

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_MONTH_FORMS = {m: i + 1 for i, m in enumerate(MONTHS)} | {
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

CASUALTY_WORDS = re.compile(r"\b(?:dead|killed|died|deaths?|lives|casualt\w*|victims?|wounded|injured)\b", re.I)

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

_FUNCTION_WORDS = _words("the a an and or but which that who whom whose its their his her our this these those "
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

TIME_WORDS = (r"(?:(?:on|later|earlier|late|early)\s+)?(?:" + "|".join(WEEKDAYS) + r")(?:\s+(?:morning|afternoon|"
              r"evening|night))?|yesterday|today|tonight|afterwards?|again|later|earlier|(?:last|this|earlier this)"
              r"\s+(?:week|month|year)|in recent (?:days|weeks)")

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


# --------------------------------------------------------------------------- body and sentences

_FURNITURE_START = re.compile(
    r"^\s*(?:Read Also|Read More|Related Articles?|Related Stories|Related:|Copyright|©|\(Photo|Photo:|Photo credit"
    r"|Credit:|Image:|Sign up|Subscribe|Advertisement|Follow us|Share this|Click here|Watch:|Listen:|Preview\b)",
    re.I,
)
_FURNITURE_ANYWHERE = re.compile(
    r"Credit:|contributed (?:to this report|reporting)|All rights reserved|\(Photo\s*:", re.I)
_DATE_LINE = re.compile(
    r"^\s*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}|\d{8}|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}/\d{1,2}/\d{2,4})(?:\s+\d{1,2}:\d{2}(?:\s*[AP]M)?)?\s*$"
)
_URL_LINE = re.compile(r"^\s*(?:https?://\S+|www\.\S+|[\w-]+(?:\.[\w-]+)+/?)\s*$")
_TAIL_MARKER = re.compile(
    r"^\s*(?:Related Articles?|Related Stories|More Stories|Read more|Newsletter|Recommended|You may also like"
    r"|Most Read|Trending|More from .{1,40}|Sign up for .*newsletter.*|A Message from .{1,60})\s*:?\s*$",
    re.I,
)


def is_furniture(line: str) -> bool:
    """A line that is page furniture, not article body.

    Rules: lines starting with "Read Also", "Related Article(s)", "Copyright", "(Photo", "Credit:",
    "Sign up", "Subscribe", "Advertisement" …; lines containing a credit ("Credit:", "contributed to
    this report", "All rights reserved"); lines that are only a date ("Saturday, Apr 27, 2024",
    "20211105"), a URL or a domain name; lines of at most two words (site names, "Close", "0:00");
    short exclamations ("Support The Moscow Times!").
    """
    stripped = line.strip()
    if not stripped:
        return True
    if _FURNITURE_START.match(stripped) or _FURNITURE_ANYWHERE.search(stripped):
        return True
    if _DATE_LINE.match(stripped) or _URL_LINE.match(stripped):
        return True
    n_words = len(stripped.split())
    return n_words <= 2 or (n_words <= 6 and stripped.endswith("!"))


def body_lines(text: str) -> list[Span]:
    """The article's body lines: furniture lines dropped, and nothing kept after a tail marker.

    A *tail marker* is a line such as "Related Articles", "Newsletter", "Read more", "Sign up for our
    … newsletter" or "A Message from …": what follows it on a scraped page is a list of other headlines
    or an appeal, so the body ends there.
    """
    out: list[Span] = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        if _TAIL_MARKER.match(line):
            break
        if not is_furniture(line):
            out.append(Span(m.start(), m.end(), line))
    return out


_ABBREVIATIONS = _words(
    "u.s u.n u.k e.u mr mrs ms dr lt gen col sen rep gov st jan feb mar apr jun jul aug sep sept oct nov dec no "
    "vs e.g i.e inc corp jr sr capt maj adm sgt prof mt ft"
)
_BOUNDARY = re.compile(r"[.!?][\"”’']*\s+(?=[\"“‘']?[A-Z0-9])")


def _quote_depth(text: str) -> int:
    """How many double quotes are open at the end of ``text`` (“ opens, ” closes, " toggles)."""
    depth = 0
    for ch in text:
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        elif ch == '"':
            depth = depth - 1 if depth > 0 else 1
    return depth


def sentences(line: Span) -> list[Span]:
    """Split a body line into sentences at ". ", "! ", "? " before a capital.

    Not a boundary: after an abbreviation ("U.S.", "Nov.", "Lt. Gen.", "Mr.") or an initial, or
    inside a double-quoted passage (unless the line's quotes are unbalanced).
    """
    text = line.text
    balanced = _quote_depth(text) == 0
    cuts = [0]
    for m in _BOUNDARY.finditer(text):
        word = re.search(r"([\w.]+)$", text[: m.start()])
        before = word.group(1).lower().rstrip(".") if word else ""
        if before in _ABBREVIATIONS or (len(before) == 1 and before.isalpha()):
            continue
        if balanced and text[m.start() + 1 : m.end()].strip() == "" and _quote_depth(text[: m.start() + 1]) > 0:
            continue
        cuts.append(m.end())
    cuts.append(len(text))
    out = []
    for a, b in itertools.pairwise(cuts):
        chunk = text[a:b]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if trail > lead:
            out.append(line.sub(a + lead, a + trail))
    return out


# --------------------------------------------------------------------------- figures

_APPROX = _alternation(APPROX_WORDS)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUM_WORD = "|".join(NUMBER_WORDS)
_FIGURE = re.compile(
    rf"(?:\b(?P<approx>{_APPROX})\s+)?"
    rf"(?P<cur>US\$|\$|€|£)?\s?"
    rf"(?:(?<![\w.,-])(?P<num>{_DIGITS})(?![\w-]|[.,]\d)|\b(?P<word>{_NUM_WORD})\b(?!-))"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mn)\b)?",
    re.I,
)
_MULTIPLIER = re.compile(r"\b(?P<stem>doubl|tripl|quadrupl)(?:e|ed|es|ing)\b|\b(?P<n>\w+)-fold\b", re.I)
_VAGUE = re.compile(
    r"\b(?P<a>tens|dozens|hundreds|thousands|millions)(?:\s+of\s+(?P<b>thousands|millions))?"
    r"(?:\s+or\s+(?:even\s+)?(?:tens|dozens|hundreds|thousands|millions)(?:\s+of\s+(?:thousands|millions))?)?"
    r"\s+of\s+",
    re.I,
)
_VAGUE_BASE = {"tens": 10, "dozens": 12, "hundreds": 100, "thousands": 1000, "millions": 1_000_000}
_MONTH_BEFORE = re.compile(r"\b(?:" + _alternation(_MONTH_FORMS) + r")\.?\s*$")
_MONTH_AFTER = re.compile(r"^\s*(?:of\s+)?(?:" + "|".join(MONTHS) + r")\b")
_UNIT_PHRASE = re.compile(r"\s*(military personnel|service members|per cent)\b", re.I)
_UNIT_TOKEN = re.compile(r"\s*(%|[A-Za-z](?:[\w'’-]|\.(?=\w))*)")


@dataclass(frozen=True)
class UnitHit:
    """A unit found after a number: the unit emitted, where it ends, whether it was guessed."""

    unit: str
    end: int
    guessed: bool = False


def parse_number(digits: str | None, word: str | None, scale: str | None) -> float | None:
    """The value of "2,100", "eight", "60 million" (scale words multiply)."""
    if digits:
        value = float(digits.replace(",", ""))
    elif word:
        value = float(NUMBER_WORDS[word.lower()])
    else:
        return None
    return value * SCALES.get((scale or "").lower(), 1.0)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def unit_after(text: str, pos: int) -> UnitHit | None:
    """The unit following a number at ``pos``.

    Rules: a unit word of :data:`UNIT_WORDS` ("km", "soldiers", "dead", "military personnel", "%"),
    possibly after up to two modifiers (capitalised words such as "Russian", or words of
    :data:`UNIT_MODIFIERS`); failing that, a lowercase plural noun right after the number becomes the
    unit itself, marked as guessed ("40 tanks" → tanks).
    """
    cursor = pos
    for _ in range(3):
        phrase = _UNIT_PHRASE.match(text, cursor)
        if phrase:
            return UnitHit(UNIT_WORDS[phrase.group(1).lower()], phrase.end())
        tok = _UNIT_TOKEN.match(text, cursor)
        if tok is None:
            return None
        word = tok.group(1)
        if word.lower() in UNIT_WORDS:
            return UnitHit(UNIT_WORDS[word.lower()], tok.end())
        is_modifier = word.lower() in UNIT_MODIFIERS or (word[0].isupper() and word not in CAP_STOP)
        if not is_modifier:
            if cursor == pos and re.fullmatch(r"[a-z]{3,}s", word) and word not in ("was", "has", "is", "as"):
                return UnitHit(word, tok.end(), guessed=True)
            return None
        cursor = tok.end()
    return None


def _is_date_number(text: str, start: int, end: int) -> bool:
    """"Nov. 8", "8 November": a day of a month, not a quantity."""
    return bool(_MONTH_BEFORE.search(text[:start]) or _MONTH_AFTER.match(text[end:]))


def _restatement(text: str, pos: int, unit: str) -> int:
    """End of a restatement in another unit of the same dimension right after a figure.

    "about 260 kilometers (about 160 miles)" and "260 kilometers about 160 miles" are one figure in the
    first unit; the restatement is swallowed so it yields no second figure. Returns ``pos`` when none.
    """
    if unit not in DIMENSION:
        return pos
    m = re.match(rf"\s*[(\[]?\s*(?:(?:{_APPROX})\s+)?(?:US\$|\$|€|£)?\s?(?:{_DIGITS})"
                 r"(?:\s?(?:thousand|million|billion|bn))?", text[pos:], re.I)
    if m is None:
        return pos
    end = pos + m.end()
    hit = unit_after(text, end)
    second = hit.unit if hit else ("USD" if "$" in m.group() else None)
    if second is None or DIMENSION.get(second) != DIMENSION[unit]:
        return pos
    end = hit.end if hit else end
    close = re.match(r"\s*[)\]]", text[end:])
    return end + (close.end() if close else 0)


def _troops_in_context(sentence: str, start: int) -> bool:
    """"… troop numbers … to 120,000 people": people counted in a sentence about troops are troops."""
    return bool(re.search(r"\btroops?\b", sentence[:start], re.I)) and not CASUALTY_WORDS.search(sentence)


def figures_in(sentence: Span) -> Iterator[Fact]:
    """Figures of one sentence.

    Rules: a number (digits with thousands commas, or a number word two…ninety), optionally preceded by a
    hedge (:data:`APPROX_WORDS` → ``approx``) and a currency sign, optionally followed by a scale word
    ("$60 million" → 60000000 USD), then a unit (:func:`unit_after`). Skipped: years 1900–2099 written
    alone, ordinals ("41st"), days of months ("Nov. 8"), numbers glued to words or hyphens ("F-16",
    "three-day"), numbers without a unit. A restatement in a second unit is folded in
    (:func:`_restatement`). Multipliers: "doubling/tripled/quadruple" → 2/3/4 times, "N-fold" → N times.
    Vague quantities: "tens of thousands of troops" → 10000 troops, approximate, low confidence.
    """
    text = sentence.text
    consumed = 0
    for m in _FIGURE.finditer(text):
        if m.start() < consumed:
            continue
        num_start = m.start("num") if m.group("num") else m.start("word")
        num_end = m.end("num") if m.group("num") else m.end("word")
        value = parse_number(m.group("num"), m.group("word"), m.group("scale"))
        if value is None or _is_date_number(text, num_start, num_end):
            continue
        cur = m.group("cur")
        hit = unit_after(text, m.end())
        if cur:
            unit, end, confidence = CURRENCIES[cur.upper()], m.end(), 0.9
        elif hit is not None:
            unit, end, confidence = hit.unit, hit.end, (0.4 if hit.guessed else 0.85)
            if m.group("word") and hit.guessed:
                continue
        else:
            continue
        digits = m.group("num") or ""
        if not cur and re.fullmatch(r"(19|20)\d\d", digits) and (hit is None or hit.guessed):
            continue  # a year, not a quantity
        if unit == "people" and text[num_end:end].strip().lower() == "people" and _troops_in_context(text, num_start):
            unit, confidence = "troops", 0.6
        start = m.start("approx") if m.group("approx") else (m.start("cur") if cur else num_start)
        consumed = _restatement(text, end, unit)
        yield {
            "type": "figure", "value": _number(value), "unit": unit, "approx": bool(m.group("approx")),
            "evidence": text[start:end], "confidence": confidence,
        }
    yield from _multipliers(sentence)
    yield from _vague(sentence)


def _multipliers(sentence: Span) -> Iterator[Fact]:
    for m in _MULTIPLIER.finditer(sentence.text):
        stem = (m.group("stem") or "").lower()
        factor = {"doubl": 2, "tripl": 3, "quadrupl": 4}.get(stem)
        if factor is None:
            n = (m.group("n") or "").lower()
            factor = NUMBER_WORDS.get(n) or (int(n) if n.isdigit() else None)
        if factor:
            yield {"type": "figure", "value": factor, "unit": "times", "approx": False,
                   "evidence": m.group(), "confidence": 0.7}


def _vague(sentence: Span) -> Iterator[Fact]:
    text = sentence.text
    for m in _VAGUE.finditer(text):
        hit = unit_after(text, m.end())
        if hit is None or hit.guessed:
            continue
        value = _VAGUE_BASE[m.group("a").lower()] * _VAGUE_BASE.get((m.group("b") or "").lower(), 1)
        yield {"type": "figure", "value": value, "unit": hit.unit, "approx": True,
               "evidence": text[m.start():hit.end], "confidence": 0.4}


def extract_figures(body: list[Span]) -> list[Fact]:
    """Figures of the whole body, one per (value, unit) — the first mention wins."""
    seen: set[tuple[float, str]] = set()
    out = []
    for sentence in body:
        for fact in figures_in(sentence):
            key = (float(fact["value"]), fact["unit"])
            if key not in seen:
                seen.add(key)
                out.append(fact)
    return out


# --------------------------------------------------------------------------- dates

_WEEKDAY = re.compile(r"\b(?:(?P<mod>on|last|this|next|every|later|earlier|since|by|until|from)\s+)?"
                      r"(?P<day>" + "|".join(WEEKDAYS) + r")(?P<plural>s)?\b")
_RELATIVE_DAY = re.compile(r"\b(?P<w>yesterday|tomorrow)\b", re.I)
_MONTH_RE = _alternation(_MONTH_FORMS)
_MONTH_DAY = re.compile(
    rf"\b(?P<mon>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
    rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>{_MONTH_RE})\b\.?"
    rf"(?:,?\s+(?P<year2>(?:19|20)\d\d)\b)?"
)
_MONTH_YEAR = re.compile(r"\b(?P<mon>" + "|".join(MONTHS) + r")\s+(?:of\s+)?(?P<year>(?:19|20)\d\d)\b")
_MONTH_ONLY = re.compile(r"\b(?P<mod>in|since|by|until|early|late|mid-|last|this|of|from|during|through)\s+"
                         r"(?P<mon>" + "|".join(MONTHS) + r")\b(?!\s+\d)")
_YEAR = re.compile(r"(?<![\w$€£.,-])(?P<year>(?:19|20)\d\d)(?![\w-]|,\d|\.\d)")
_REL_PERIOD = re.compile(r"\b(?P<mod>last|this|next)\s+(?P<unit>year|month)\b", re.I)


def parse_published(published: str | None) -> dt.date | None:
    """The publication date, or None when absent or not a full ISO date."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


_FUTURE = re.compile(r"\b(?:will|shall|is|are)\s+(?:expected|due|scheduled|set|going|slated)\s+to\b|\bwill\b"
                     r"|\bplans?\s+to\b", re.I)
"""Future tense before a weekday: "is expected to speak with Biden on Thursday"."""


def resolve_weekday(day: str, anchor: dt.date, mod: str | None, future: bool = False) -> dt.date | None:
    """The date of a weekday named in an article published on ``anchor``.

    Rules: plain "Friday" / "on Friday" → the most recent Friday on or before the publication date (the
    same day allowed); "last Friday" → strictly before; "next Friday" → strictly after; in a future-tense
    clause (``future``: "will", "is expected to" before it) → the first such day on or after the
    publication date; "every Friday" → no date.
    """
    if mod == "every":
        return None
    target = WEEKDAYS.index(day)
    if mod == "next" or (future and mod != "last"):
        ahead = (target - anchor.weekday()) % 7
        if mod == "next" and ahead == 0:
            ahead = 7
        return anchor + dt.timedelta(days=ahead)
    back = (anchor.weekday() - target) % 7
    if mod == "last" and back == 0:
        back = 7
    return anchor - dt.timedelta(days=back)


def _month_value(year: int, month: int, day: int | None = None) -> str | None:
    try:
        return dt.date(year, month, day).isoformat() if day else f"{year:04d}-{month:02d}"
    except ValueError:
        return None


def dates_in(sentence: Span, anchor: dt.date | None) -> Iterator[tuple[str, Span, float]]:
    """Dates of one sentence as (ISO value, mention, confidence).

    Rules: weekdays (:func:`resolve_weekday`; future tense is looked for in the clause before the
    weekday), "yesterday"/"tomorrow", "Nov. 8" / "8 November" (year
    from the publication date unless written), "November 2021", "in November" (the latest such month
    not after publication), standalone years 1900–2099 ("in 2014"), "last/this/next year|month".
    Without a publication date only dates carrying their own year are produced.
    """
    text = sentence.text
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _MONTH_DAY.finditer(text):
        month = _MONTH_FORMS[m.group("mon") or m.group("mon2")]
        day = int(m.group("day") or m.group("day2"))
        year_text = m.group("year") or m.group("year2")
        year = int(year_text) if year_text else (anchor.year if anchor else None)
        value = _month_value(year, month, day) if year else None
        if value:
            taken.append(m.span())
            yield value, sentence.sub(*m.span()), 0.9
    for m in _MONTH_YEAR.finditer(text):
        if free(*m.span()):
            taken.append(m.span())
            yield f"{int(m.group('year')):04d}-{_MONTH_FORMS[m.group('mon')]:02d}", sentence.sub(*m.span()), 0.85
    for m in _YEAR.finditer(text):
        if free(*m.span()) and unit_after(text, m.end()) is None:
            taken.append(m.span())
            yield m.group("year"), sentence.sub(*m.span()), 0.85
    if anchor is None:
        return
    for m in _MONTH_ONLY.finditer(text):
        if free(*m.span("mon")):
            month = _MONTH_FORMS[m.group("mon")]
            year = anchor.year if month <= anchor.month and m.group("mod") != "last" else anchor.year - 1
            if m.group("mod") == "last" and month < anchor.month:
                year = anchor.year
            yield f"{year:04d}-{month:02d}", sentence.sub(*m.span()), 0.7
    for m in _WEEKDAY.finditer(text):
        if m.group("plural"):
            continue
        clause = re.split(r"[,;:]", text[: m.start()])[-1]
        resolved = resolve_weekday(m.group("day"), anchor, m.group("mod"), bool(_FUTURE.search(clause)))
        if resolved:
            yield resolved.isoformat(), sentence.sub(*m.span()), 0.8
    for m in _RELATIVE_DAY.finditer(text):
        delta = -1 if m.group("w").lower() == "yesterday" else 1
        yield (anchor + dt.timedelta(days=delta)).isoformat(), sentence.sub(*m.span()), 0.8
    for m in _REL_PERIOD.finditer(text):
        shift = {"last": -1, "this": 0, "next": 1}[m.group("mod").lower()]
        if m.group("unit").lower() == "year":
            yield str(anchor.year + shift), sentence.sub(*m.span()), 0.75
        else:
            month_index = anchor.year * 12 + anchor.month - 1 + shift
            yield f"{month_index // 12:04d}-{month_index % 12 + 1:02d}", sentence.sub(*m.span()), 0.6


def extract_dates(body: list[Span], published: str | None) -> list[Fact]:
    """Dates of the whole body, one fact per value (first mention as evidence and ``text``)."""
    anchor = parse_published(published)
    out: dict[str, Fact] = {}
    for sentence in body:
        for value, mention, confidence in dates_in(sentence, anchor):
            if value not in out:
                out[value] = {"type": "date", "value": value, "text": mention.text,
                              "evidence": mention.text, "confidence": confidence}
    return list(out.values())


# --------------------------------------------------------------------------- places


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
_PLACE = re.compile(r"(?<![\w-])(?P<name>" + _alternation(GAZETTEER) + r")(?P<poss>'s|’s|s)?(?![\w-])")
_TOWN_OF = re.compile(r"\b(?:town|city|village|region|province|district|port|island)\s+of\s+"
                      r"(?P<name>[A-Z][a-z]+(?:[\s-][A-Z][a-z]+)?)\b")
_FOLLOW_OK = _words("and or to in on of from with for by as at that which where who whose is was has have had are "
                    "were will would since after before during this last over near until but amid if when while "
                    "itself alone said says")
_MODIFIER_AFTER = re.compile(r"^\s+(?!(?:" + _alternation(_FOLLOW_OK) + r")\b)[a-z]")
_DIRECTION_OF = re.compile(r"\bthe\s+(?P<dir>" + "|".join(DIRECTIONS) + r")\s+of\s+(?:the\s+country\b|(?P<country>"
                           + _alternation(f for f, e in GAZETTEER.items() if e.name in COUNTRIES) + r")\b)")
_LOCATIVE_BEFORE = re.compile(r"\b(?:" + _alternation(LOCATIVES) + r")\s+(?:the\s+)?$"
                              r"|\b(?:" + _alternation(LOCATIVES) + r")\s+(?:the\s+)?[A-Z][\w.]*(?:,\s*[A-Z][\w.]*)*"
                              r",?\s+(?:and|or)\s+(?:the\s+)?$")
_DIRECTION_ADJ = re.compile(r"\b(?P<dir>(?:north|south)?-?(?:eastern|western)|northern|southern|central)\s+$", re.I)
_DIRECTION_NOUN = re.compile(r"^\s+(?P<dir>" + "|".join(DIRECTIONS) + r")\b(?!\s+of\b)")
_PREP_NAME = re.compile(r"\b(?P<prep>in|near|at|outside|around)\s+(?P<name>[A-Z][a-z]+(?:[\s-][A-Z][a-z]+){0,2})\b")
_OUTLET_BEFORE = re.compile(r"\b(?:published|reported|appeared|wrote|article|report|story|interview|told|quoted)"
                            r"\s+(?:in|at|to|by)\s+$", re.I)
_DISTANCE = re.compile(
    r"(?P<place>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?),\s+(?:an?\s+)?(?:\w+\s+){0,2}?"
    r"(?:town|city|village|region|base|settlement|port|airfield|area|district)\s+"
    rf"(?:(?P<approx>{_APPROX})\s+)?(?P<num>{_DIGITS})\s*(?P<unit>kilometers|kilometres|km|miles|mi)\b"
    r"(?P<rest>.*?)\b(?P<dir>" + "|".join(DIRECTIONS) + r")\s+of\s+(?:the\s+)?(?P<from>[^,.;:()]+)",
)


def _direction_name(direction: str, country: str) -> str:
    """"east" + "Ukraine" → "eastern Ukraine" (the usual English name of the region)."""
    d = direction.lower().replace("-", "")
    adj = {"east": "eastern", "west": "western", "north": "northern", "south": "southern",
           "northeast": "northeastern", "northwest": "northwestern", "southeast": "southeastern",
           "southwest": "southwestern"}.get(d, d)
    return f"{adj} {country}"


def places_in(
    sentence: Span, people: frozenset[str], last_country: str | None = None
) -> Iterator[tuple[str, Span, float, dict[str, Any] | None]]:
    """Places of one sentence as (name, mention, confidence, distance or None).

    Rules:

    * a region, sea or non-capital city of the gazetteer, wherever it is named ("Black Sea", "Crimean
      Peninsula" → Crimea);
    * a country or capital only as a location: after a locative ("in", "near", "at", "into", "across",
      "the neighboring country of" …, also "in Ukraine and Belarus"), not as an actor ("Moscow denied");
    * a possessive ("Ukraine's border") or a country used as a modifier ("the U.S. naval deployment") is
      no location;
    * direction + country → a region: "eastern Ukraine", "Ukraine's east", "Ukraines east", "the east
      of Ukraine", and "the east of the country" with the country last named (``last_country`` when
      not in this sentence);
    * "the town/city/region of <Name>" ("near the town of Kula");
    * "in/near/at <Capitalised Name>" for names outside the gazetteer ("in Yelnya"), unless it names an
      outlet ("published in Duty To America News"), a person, a weekday or month;
    * "<Place>, a town about 260 kilometers … north of the <X>" → the place with its distance.
    """
    text = sentence.text
    for m in _DISTANCE.finditer(text):
        place = m.group("place")
        if place in CAP_STOP or place.split()[0] in CAP_STOP:
            continue
        distance = {"value": _number(float(m.group("num").replace(",", ""))),
                    "unit": "km" if m.group("unit").startswith("k") else "mi",
                    "from": " ".join(m.group("from").split()[:6]), "direction": m.group("dir").lower()}
        yield place, sentence.sub(m.start(), m.end("from")), 0.8, distance
    for m in _PLACE.finditer(text):
        entry = GAZETTEER[m.group("name")]
        before, after = text[: m.start()], text[m.end():]
        direction_after = _DIRECTION_NOUN.match(after) if m.group("poss") else None
        adjective = _DIRECTION_ADJ.search(before)
        if entry.name in COUNTRIES and (adjective or direction_after):
            if adjective:
                direction, start, end = adjective.group("dir"), adjective.start(), m.end()
            else:
                assert direction_after is not None
                direction, start, end = direction_after.group("dir"), m.start(), m.end() + direction_after.end()
            yield _direction_name(direction, entry.name), sentence.sub(start, end), 0.75, None
            continue
        if m.group("poss"):
            continue  # a possessive is a modifier: "Ukraine's border", "Kyivs attempts" (apostrophe lost)
        if entry.locative_only and (not _LOCATIVE_BEFORE.search(before) or _MODIFIER_AFTER.match(after)):
            continue
        yield entry.name, sentence.sub(m.start(), m.start() + len(m.group("name"))), 0.7, None
    for m in _DIRECTION_OF.finditer(text):
        country = m.group("country")
        if country is None:
            mentioned = [c.group("name") for c in _PLACE.finditer(text[: m.start()])
                         if GAZETTEER[c.group("name")].name in COUNTRIES]
            country = mentioned[-1] if mentioned else last_country
        if country is not None:
            name = _direction_name(m.group("dir"), GAZETTEER[country].name)
            yield name, sentence.sub(*m.span()), 0.6, None
    for m in _TOWN_OF.finditer(text):
        if m.group("name").split()[0] not in CAP_STOP and m.group("name") not in GAZETTEER:
            yield m.group("name"), sentence.sub(*m.span("name")), 0.6, None
    for m in _PREP_NAME.finditer(text):
        name = m.group("name")
        words = name.split()
        if (any(w in GAZETTEER for w in (name, words[0])) or words[0] in CAP_STOP or words[0] in TITLE_WORDS
                or any(w in OUTLET_WORDS or w.lower() in ORG_HEADS for w in words)
                or any(w in people for w in words) or words[0] in NATIONALITIES
                or _OUTLET_BEFORE.search(text[: m.start("name")]) or name[:-1] in GAZETTEER
                or re.match(r"\s*(?:'s|’s)", text[m.end():])):
            continue
        yield name, sentence.sub(*m.span("name")), 0.5, None


def extract_places(body: list[Span], people: frozenset[str] = frozenset()) -> list[Fact]:
    """Places of the whole body, one fact per name (a mention with a distance wins over one without).

    ``people`` holds the words of person names, which are never places.
    """
    out: dict[str, Fact] = {}
    last_country: str | None = None
    for sentence in body:
        for name, mention, confidence, distance in places_in(sentence, people, last_country):
            entry = GAZETTEER.get(name)
            fact = out.get(name)
            if fact is None:
                fact = {"type": "place", "name": name, "evidence": mention.text, "confidence": confidence}
                forms = [f for f in (entry.forms if entry else ()) if f != name]
                if forms:
                    fact["aliases"] = forms
                out[name] = fact
            elif (distance is None and " " in mention.text and len(mention.text) < 40
                  and mention.text not in (fact["evidence"], name, *fact.get("aliases", []))):
                fact.setdefault("aliases", []).append(mention.text)
            if distance is not None and "distance" not in fact:
                fact["distance"] = distance
                fact["evidence"] = mention.text
        countries = [m.group("name") for m in _PLACE.finditer(sentence.text)
                     if GAZETTEER[m.group("name")].name in COUNTRIES]
        last_country = countries[-1] if countries else last_country
    return list(out.values())


# --------------------------------------------------------------------------- speakers


@dataclass(frozen=True)
class Subject:
    """A parsed speaker noun phrase, before resolution.

    ``name`` is set for a named person or organisation; otherwise ``anaphor`` says what to resolve:
    a pronoun ("he", "it"), a document or institution head ("report", "ministry"), or a role phrase
    ("Russia's deputy UN ambassador").
    """

    span: Span
    name: str | None = None
    role: str | None = None
    kind: Kind = "person"
    anaphor: str | None = None
    confidence: float = 0.8


@dataclass
class Speaker:
    """A resolved speaker, merged over all its mentions."""

    name: str
    kind: Kind
    role: str | None
    evidence: str
    confidence: float
    named: bool = False
    forms: list[str] = field(default_factory=list)


_TOKEN = re.compile(r"[A-Za-z\u00C0-\u024F][\w'’.\-]*")
_VERB = re.compile(
    r"(?<![\w-])(?P<verb>" + "|".join(MULTIWORD_VERBS) + "|" + "|".join(SPEECH_VERBS) + r")(?![\w-])"
    r"|(?<=[A-Za-z]\s)(?P<hverb>" + "|".join(HEADLINE_VERBS) + r")\b"
)
_STRIP_BEFORE_VERB = re.compile(
    r"(?:,?\s+(?:" + TIME_WORDS + r"|has|have|had|also|[a-z]+ly|is|are|was|were|been|will|would|also|then|"
    r"reportedly|instead|publicly|previously|recently|further|once|again|still|on\s+the\s+other\s+hand|"
    r"in\s+a\s+statement))+\s*$"
)
_LEADING_ADJUNCT = re.compile(
    r"^(?:\s*(?:" + TIME_WORDS + r"|to reporters|reporters|journalists|in a statement|in an interview|"
    r"on \w+ television|publicly|repeatedly|also))+\s*"
)
_TRAILING_START = re.compile(r"^(?:$|[,.;:!?\"”’']|(?:in|during|at|on|as|after|before|while|when|with|via|"
                             r"through|from|according|afterwards?|later|earlier|in a statement)\b)")
_PARTICIPLE_SPLIT = re.compile(
    r",\s+(?:(?:[a-z]+ly|instead|also)\s+)?(?:" + "|".join(PARTICIPLES) + r")\s+(?:that\s+)?"
)
_QUOTES = "\"“”‘’'"
_NP_WORD = r"(?:[A-Z][\w.'’-]*|" + _alternation(NP_LOWER_WORDS) + r")"
_TRAILING_ATTRIBUTION = re.compile(
    r"[,;]?[\"”’]?,\s+(?:(?:(?:the|a|an)\s+)?(?:(?:" + _NP_WORD + r"|for|of|at|from)\s+(?:the\s+)?){1,8}?"
    r"|(?:he|she|it|they)\s+)"
    r"(?:said|says|added|adds|told|noted|reported)\b|,\s+according\s+to\b"
)
MAX_CLAIM_WORDS = 35


def _fold_key(text: str) -> str:
    return re.sub(r"[^\w\s]", "", text.replace("’", "'").lower())


def _role_key(text: str) -> frozenset[str]:
    """Words of a role for comparison: lowercase, possessives and dots dropped ("Russias" = "Russia's")."""
    words = []
    for w in re.sub(r"['’.]", "", text.lower()).split():
        if w in ("the", "a", "an", "of"):
            continue
        words.append(w[:-1] if len(w) > 3 and w.endswith("s") else w)
    return frozenset(words)


def _np_tokens(text: str) -> list[re.Match[str]]:
    """The tokens of the noun phrase ending ``text``, walking back over contiguous capitalised, title and
    organisation words (and up to two other lowercase modifiers of an organisation head)."""
    tokens = list(_TOKEN.finditer(text))
    out: list[re.Match[str]] = []
    limit = len(text)
    generic = 0
    for tok in reversed(tokens):
        if text[tok.end():limit].strip():
            break
        word = tok.group()
        low = word.lower()
        if (word[0].isupper() and word not in CAP_STOP) or low in NP_LOWER_WORDS or low in NAME_PARTICLES \
                or low == "of" or (re.search(r"['’]s$", low) and out):
            pass
        elif out and out[0].group().lower() in ORG_HEADS and generic < 2 and word.isalpha() and word.islower() \
                and low not in _FUNCTION_WORDS:
            generic += 1  # "the country's *disaster* agency", "the federal *statistics* office"
        else:
            break
        out.append(tok)
        limit = tok.start()
    out.reverse()
    while out and (out[0].group().lower() in NAME_PARTICLES or out[0].group() == "of"):
        out.pop(0)
    return out


def _is_name_word(word: str) -> bool:
    """A word that can be part of a person's name: capitalised, not a title, organisation, nationality,
    possessive, acronym or sentence opener."""
    low = word.lower()
    if not word[0].isupper() or word in CAP_STOP or word in NATIONALITIES or word in ORG_NAMES:
        return False
    if low in TITLE_WORDS or low in ORG_HEADS or re.search(r"['’]s$", word):
        return False
    return not (word.isupper() and len(word) > 1)


def classify(words: list[str], span: Span) -> Subject | None:
    """Turn a speaker noun phrase into a :class:`Subject`.

    Rules, in order:

    * ends in a group head ("Western officials", "US officials") → an unnamed group (person, low
      confidence); a bare "officials" is dropped;
    * ends in a document head ("the report", "Ukrainian military report", "the assessment") → an
      anaphor for the institution that issued it;
    * ends in an organisation head or is an organisation name ("the Kremlin", "the Ukrainian Defense
      Ministry", "Ukrainian Ministry of Defense", "Germany's foreign ministry", "the country's disaster
      agency") → an organisation; a bare lowercase head ("the ministry") is an anaphor;
    * otherwise its trailing capitalised words are a person's name and the words before it, when they
      hold a title, the role ("Kremlin spokesman Dmitry Peskov"); a single word naming a country or
      capital ("Russia", "Moscow") or in capitals ("TASS") is an organisation;
    * a phrase of titles only ("Russia's deputy UN ambassador", "the official") is a role anaphor.
    """
    if not words:
        return None
    last = words[-1]
    low = last.lower().rstrip(".")
    if low in GROUP_HEADS:
        if len(words) >= 2 and any(w[0].isupper() for w in words):
            return Subject(span, name=" ".join(words), kind="person", confidence=0.5)
        return None
    if low in REPORT_HEADS:
        return Subject(span, name=" ".join(words) if any(w[0].isupper() for w in words) else None,
                       kind="organization", anaphor="report", confidence=0.6)
    head_at = max((i for i, w in enumerate(words) if w.lower() in ORG_HEADS or w in ORG_NAMES), default=-1)
    if head_at >= 0 and (head_at == len(words) - 1 or (words[head_at + 1] == "of"
                                                        and all(w[0].isupper() for w in words[head_at + 2:]))):
        head = words[head_at]
        if head[0].islower() and len(words) == 1:
            return Subject(span, kind="organization", anaphor=head.lower())
        return Subject(span, name=" ".join(words), kind="organization", confidence=0.75)
    k = len(words)
    while k > 0 and (_is_name_word(words[k - 1]) or (words[k - 1] in NAME_PARTICLES and k < len(words))):
        k -= 1
    name_words, role_words = words[k:], words[:k]
    if name_words:
        name = " ".join(name_words)
        role = " ".join(role_words) if any(w.lower() in TITLE_WORDS for w in role_words) else None
        if len(name_words) == 1 and (name in GAZETTEER or name.isupper()):
            return Subject(span, name=name, kind="organization", confidence=0.6)
        return Subject(span, name=name, role=role, kind="person", confidence=0.8 if len(name_words) > 1 else 0.7)
    if len(words) == 1 and ((last.isupper() and len(last) >= 2) or last in ORG_NAMES):
        return Subject(span, name=last, kind="organization", confidence=0.6)
    if any(w.lower().rstrip(".") in CORE_TITLES for w in words):
        return Subject(span, role=" ".join(words), anaphor="role", confidence=0.6)
    return None


def subject_before(sentence: Span, end: int) -> Subject | None:
    """The speaker noun phrase ending right before a speech verb at ``end``.

    Time phrases, auxiliaries and adverbs in between are skipped ("Kremlin spokesman Dmitry Peskov on
    Friday dismissed", "Moscow has repeatedly denied"). An appositive is read as well: "Dmitry Peskov,
    a Kremlin spokesperson, blasted" and "Russia's deputy U.N. ambassador, Dmitry Polyansky, replied"
    give the name with the role. A pronoun gives a pronoun anaphor; "what he described" is no speaker.
    """
    text = sentence.text[:end]
    stripped = _STRIP_BEFORE_VERB.sub("", text)
    pronoun = re.search(r"(?:^|[\s,\"“”])(?P<p>[Hh]e|[Ss]he|[Ii]t)\s*$", stripped)
    if pronoun:
        if re.search(r"\bwhat\s+\w+\s*$", stripped):
            return None
        p = pronoun.group("p").lower()
        return Subject(sentence.sub(pronoun.start("p"), pronoun.end("p")), kind=PRONOUNS[p], anaphor=p,
                       confidence=0.6)
    appositive = re.search(r"(?P<a>[^,]{2,120}?),\s*(?P<b>[^,]{2,120}?),\s*$", stripped)
    if appositive:
        first = _np_tokens(appositive.group("a"))
        second = _np_tokens(appositive.group("b").rstrip())
        if first and second and _np_covers(second, appositive.group("b").strip()):
            a = classify([t.group() for t in first], sentence.sub(0, 0))
            b = classify([t.group() for t in second], sentence.sub(0, 0))
            start = appositive.start("a") + first[0].start()
            evidence = sentence.sub(start, end)
            if a is not None and a.name and a.kind == "person" and (b is None or b.name is None):
                role = b.role if b is not None else None
                return replace(a, span=evidence, role=role or a.role)
            if b is not None and b.name and b.kind == "person" and (a is None or a.name is None):
                role = a.role if a is not None else None
                return replace(b, span=evidence, role=role or b.role)
            if a is not None and a.name:
                return replace(a, span=evidence)
    tokens = _np_tokens(stripped)
    if not tokens:
        return None
    start = tokens[0].start()
    det = re.search(r"\b(?:the|The)\s+$", stripped[:start])
    subject = classify([t.group() for t in tokens], sentence.sub(0, 0))
    if subject is None:
        return None
    return replace(subject, span=sentence.sub(det.start() if det else start, end))


def _np_covers(tokens: list[re.Match[str]], text: str) -> bool:
    """Whether the noun phrase starts near the beginning of ``text`` (an appositive is one phrase)."""
    lead = text[: tokens[0].start()].strip().lower()
    return lead in ("", "a", "an", "the") or (len(lead.split()) <= 1 and lead.endswith(("'s", "’s")))


def subject_after(sentence: Span, start: int) -> Subject | None:
    """The speaker after an inverted verb: '"…," said Peskov', "'…' says Kremlin despite …"."""
    text = sentence.text
    m = re.match(r"\s+(?:the\s+)?", text[start:])
    pos = start + (m.end() if m else 0)
    words: list[str] = []
    end = pos
    for tok in _TOKEN.finditer(text, pos):
        if text[end:tok.start()].strip():
            break
        word = tok.group()
        if not (word[0].isupper() and word not in CAP_STOP) and word.lower() not in NP_LOWER_WORDS:
            break
        words.append(word.rstrip("."))
        end = tok.start() + len(word.rstrip("."))
    subject = classify(words, sentence.sub(0, 0))
    return replace(subject, span=sentence.sub(start, end)) if subject else None


_DATELINE = re.compile(r"^\s*[A-Z]{3,}(?:[ ,]+[A-Z]{2,})*\s*(?:\(?(?:AP|AFP|Reuters)\)?)?\s*[-–—]*\s+(?=[A-Z\"“])")


def _clean_claim(text: str) -> str:
    """Trim a dateline ("MOSCOW (AP) —"), quotes, "that", dangling punctuation; cut to
    :data:`MAX_CLAIM_WORDS` words."""
    text = _DATELINE.sub("", text)
    text = re.sub(r"^\s*(?:that\s+)", "", text.strip())
    text = text.strip(" ,;:-–—" + _QUOTES)
    text = re.sub(r"[\"“”]", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:.")
    words = text.split()
    return " ".join(words[:MAX_CLAIM_WORDS])


def split_claims(text: str) -> list[str]:
    """One reported passage → its claims: split at ", adding that …", ", instead complaining …", "and
    that …" and "but that …"; pieces under three words are dropped."""
    parts = []
    for piece in _PARTICIPLE_SPLIT.split(text):
        parts.extend(re.split(r",?\s+(?:and|but)\s+that\s+", piece))
    return [c for c in (_clean_claim(p) for p in parts) if len(c.split()) >= 3]


def cut_attribution(text: str) -> str:
    """``text`` up to a trailing attribution of its own (", the Elysee said", ", according to …")."""
    m = _TRAILING_ATTRIBUTION.search(text)
    return text[: m.start()] if m else text


def _forward_claim(after: str, verb: str) -> str:
    """What follows a speech verb: the that-clause after a listener ("told reporters that …"), else all of it."""
    after = _LEADING_ADJUNCT.sub("", after)
    if verb.lower() in OBJECT_VERBS:
        that = re.search(r"\bthat\s+", after)
        if that and len(after[: that.start()].split()) <= 12:
            return after[that.end():]
    return after


def _is_trailing(after: str, verb: str) -> bool:
    """Whether the attribution closes the sentence ('"…," Peskov said during a call.')."""
    rest = _LEADING_ADJUNCT.sub("", after).strip()
    if _TRAILING_START.match(rest):
        return True
    return verb.lower() in OBJECT_VERBS and " that " not in f" {rest} " and len(rest.split()) <= 6


@dataclass(frozen=True)
class Said:
    """What an attribution says: its claims, the part of the article they come from, and whether the
    attribution followed them (``trailing``: '"…," X said')."""

    claims: tuple[str, ...]
    region: tuple[int, int]
    trailing: bool


def claims_for(sentence: Span, subject: Subject, verb_end: int, verb: str) -> Said:
    """Claims of one attribution.

    Rules: when the attribution closes the sentence and a clause ends with a comma before the speaker
    ('"Russia doesn't threaten anyone," Peskov said'; "…, the Elysee said"), the claim is that clause
    (plus any ", adding that …" after the attribution); otherwise it is what follows the verb ("said
    (that) …", "told reporters that …", "dismissed … as …") up to the sentence end or a further
    attribution (", the Elysee said"). Either is split by :func:`split_claims`.
    """
    text = sentence.text
    after = text[verb_end:]
    subject_start = subject.span.start - sentence.start
    before = text[:subject_start]
    if _is_trailing(after, verb) and re.search(r"[,”\"’]\s*[\"”’]?\s*$", before) and len(before.split()) >= 3:
        claims = split_claims(before)
        rest = _LEADING_ADJUNCT.sub("", after)
        participle = _PARTICIPLE_SPLIT.search(rest)
        if participle:
            claims += split_claims(rest[participle.end():])
        return Said(tuple(claims), (sentence.start, sentence.start + subject_start), True)
    said = cut_attribution(after)
    region = (sentence.start + verb_end, sentence.start + verb_end + len(said))
    return Said(tuple(split_claims(_forward_claim(said, verb))), region, False)


@dataclass(frozen=True)
class Event:
    """One attribution: who (``subject``), the words carrying it (``evidence``), what was said
    (``said``), the sentence or paragraph holding it (``context``) and how it was found (``origin``:
    verb, according, outlet, passive, continuation)."""

    subject: Subject
    evidence: Span
    said: Said
    context: Span
    origin: str = "verb"


def _according_to(sentence: Span) -> Iterator[Event]:
    """"<clause>, according to X." and "According to X, <clause>".

    X may be a person or body ("according to Pentagon spokesman John Kirby", "according to the
    official") or an outlet ("according to a report published in Duty To America News").
    """
    text = sentence.text
    for m in re.finditer(r"\b[Aa]ccording to\s+(?P<np>(?:[^,.;]|\.(?!\s*$)){2,90})", text):
        np_text = m.group("np")
        outlet = re.search(r"\b(?:published|report|article|story)\s+(?:published\s+)?(?:in|by)\s+"
                           r"(?P<o>[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|To|to|the))*)", np_text)
        origin = "according"
        if outlet:
            o = outlet.group("o").rstrip()
            subject: Subject | None = Subject(sentence.sub(m.start(), m.start("np") + outlet.end("o")),
                                              name=o, kind="organization", confidence=0.4)
            origin = "outlet"
        else:
            trimmed = re.sub(r"^(?:the|a|an|its|their)\s+(?:\w+\s+){0,2}?(?=[A-Z]|\w+\s*$|(?:" +
                             _alternation(TITLE_WORDS | REPORT_HEADS) + r")\b)", "", np_text)
            tokens = _np_tokens(trimmed.rstrip())
            subject = classify([t.group() for t in tokens], sentence) if tokens else None
            if subject is not None:
                subject = replace(subject, span=sentence.sub(m.start(), m.end("np")))
        if subject is None:
            continue
        if not text[: m.start()].strip():
            region = (sentence.start + m.end(), sentence.end)
        else:
            region = (sentence.start, sentence.start + m.start())
        clause = sentence.text[region[0] - sentence.start : region[1] - sentence.start]
        yield Event(subject, subject.span, Said(tuple(split_claims(clause)), region, False), sentence, origin)


def _passive(sentence: Span) -> Iterator[Event]:
    """"… have been denied by Russia as provocative", "was labeled by the Russian Defense Ministry as …":
    the speaker follows "by"; the claim is the sentence."""
    text = sentence.text
    pattern = r"\b(?:was|were|been|is|are)\s+(?:\w+ly\s+)?(?:" + "|".join(PASSIVE_VERBS) + r")\s+by\s+"
    for m in re.finditer(pattern, text):
        subject = subject_after(sentence, m.end() - 1)
        if subject is None or subject.name is None:
            continue
        evidence = sentence.sub(m.start(), subject.span.end - sentence.start)
        said = Said(tuple(split_claims(cut_attribution(text))), (sentence.start, sentence.end), False)
        yield Event(replace(subject, span=evidence), evidence, said, sentence, "passive")


def _verb_events(sentence: Span) -> Iterator[Event]:
    """Events around a speech verb: "X said …", '"…," X said', '"…," said X', "X and Y warned …",
    "X quoted Y as saying …" (Y speaks; X, only the source, gets no claim), "X responded by saying …"."""
    text = sentence.text
    for m in _VERB.finditer(text):
        verb = m.group("verb") or m.group("hverb")
        v0, v1 = m.span("verb") if m.group("verb") else m.span("hverb")
        subject = subject_before(sentence, v0)
        if subject is None and re.search(r"[,\"”’']\s*$", text[:v0]):
            subject = subject_after(sentence, v1)
            if subject is not None:
                said = Said(tuple(split_claims(text[:v0])), (sentence.start, sentence.start + v0), True)
                yield Event(subject, sentence.sub(v0, subject.span.end - sentence.start), said, sentence)
            continue
        if subject is None:
            continue
        evidence = sentence.sub(subject.span.start - sentence.start, v1)
        subject = replace(subject, span=evidence)
        said = claims_for(sentence, subject, v1, verb)
        if verb == "quoted":
            quoted = re.match(r"\s+(?P<np>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)\s+as\s+saying", text[v1:])
            person = classify(quoted.group("np").split(), sentence) if quoted else None
            if quoted is None or person is None:
                continue
            span = sentence.sub(v1 + quoted.start("np"), v1 + quoted.end("np"))
            yield Event(replace(person, span=span), span, claims_for(sentence, subject, v1 + quoted.end(), "said"),
                        sentence)
            said = replace(said, claims=())  # the outlet quoting is a source, not the speaker
        yield Event(subject, evidence, said, sentence)
        coordinated = re.search(r"\s+and\s+$", text[: subject.span.start - sentence.start])
        if coordinated and subject.kind == "person" and subject.name:
            other = subject_before(sentence, coordinated.start())
            if other is not None and other.name and other.kind == "person":
                yield Event(other, sentence.sub(other.span.start - sentence.start, v1), said, sentence)


def _drop_sourcing(events: list[Event]) -> list[Event]:
    """Claims belong to the innermost speaker.

    Rules: an attribution whose claim region holds another attribution ("Putin responded by saying …,
    the Elysee said") keeps its speaker but gives up the claim; an outlet cited with "according to a
    report in X" gives up its claim when the sentence has another speaker.
    """
    out = []
    for e in events:
        inner = [f for f in events if f is not e and f.said is not e.said
                 and e.said.region[0] <= f.evidence.start and f.evidence.end <= e.said.region[1]]
        if (e.said.trailing and inner) or (e.origin == "outlet" and len(events) > 1):
            e = replace(e, said=replace(e.said, claims=()))
        out.append(e)
    return out


def events_in(sentence: Span) -> list[Event]:
    """Speech events of one sentence: verb events, passives ("denied by X") and "according to X"."""
    return _drop_sourcing([*_verb_events(sentence), *_passive(sentence), *_according_to(sentence)])


def _starts_with_quote(text: str) -> bool:
    return text.lstrip()[:1] in ('"', "“")


def _quote_source(per_line: list[list[Event]], i: int, line: Span) -> Event | None:
    """Whose words a paragraph made only of a quotation is.

    Rules: when its quote stays open at the paragraph end, the quote runs on to the next paragraph, so
    that paragraph's closing attribution ('"…," Reznikov told CNN'); otherwise the previous paragraph's
    last attribution of a quotation ('"…," Mr Peskov said' followed by '"We can't stay indifferent …"').
    """
    if _quote_depth(line.text) > 0 and i + 1 < len(per_line):
        following = [e for e in per_line[i + 1] if e.said.trailing]
        if following:
            return following[0]
    if i > 0:
        previous = [e for e in per_line[i - 1] if (e.said.trailing or e.origin == "continuation")
                    and _starts_with_quote(e.context.text)]
        if previous:
            return previous[-1]
    return None


def find_events(lines: list[Span]) -> list[Event]:
    """Every speech event of the body, in text order, including quote-only paragraphs (:func:`_quote_source`)."""
    per_line = [[e for s in sentences(line) for e in events_in(s)] for line in lines]
    for i, line in enumerate(lines):
        if per_line[i] or not _starts_with_quote(line.text):
            continue
        source = _quote_source(per_line, i, line)
        if source is not None:
            said = Said(tuple(split_claims(line.text)), (line.start, line.end), False)
            per_line[i] = [Event(source.subject, source.evidence, said, line, "continuation")]
    events = [e for line_events in per_line for e in line_events]
    return sorted(events, key=lambda e: (e.evidence.start, e.evidence.end))


# --------------------------------------------------------------------------- resolution


def _full_names(events: list[Event], body: list[Span]) -> dict[str, str]:
    """Surname → full name: from named speakers first, then from any "First Last" in the body."""
    out: dict[str, str] = {}
    for e in events:
        s = e.subject
        if s.name and s.kind == "person" and len(s.name.split()) > 1 and s.confidence >= 0.7:
            out.setdefault(s.name.split()[-1], s.name)
    for sentence in body:
        for m in re.finditer(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:\s+(?:[A-Z][a-z]+|von|der|de|van|al|bin))*\s+"
                             r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b", sentence.text):
            words = m.group().split()
            k = len(words)
            while k > 0 and (_is_name_word(words[k - 1]) or words[k - 1] in NAME_PARTICLES):
                k -= 1
            name_words = words[k:]
            if len(name_words) >= 2 and not any(w in GAZETTEER or w in CAP_STOP for w in name_words):
                out.setdefault(name_words[-1], " ".join(name_words))
    return out


@dataclass
class Resolver:
    """Resolves subjects in text order, remembering the speakers seen so far.

    * a bare surname → the full name used elsewhere in the article ("Peskov" → "Dmitry Peskov");
    * "he"/"she" → the person named most recently before the pronoun (any mention, not only as speaker);
    * "it" → the most recent organisation speaker;
    * "the report"/"the assessment" → the most recent institution speaker (one with an organisation
      head word), else the document phrase itself when it names an origin ("Ukrainian military report");
    * "the ministry" → the most recent organisation speaker with that head word;
    * a role phrase ("Russia's deputy UN ambassador", "the official") → the person given that role
      elsewhere in the article, else (generic titles) the most recent person speaker.
    """

    full_names: dict[str, str]
    roles: list[tuple[frozenset[str], str]]
    person_mentions: list[tuple[int, str]]
    speakers: dict[str, Speaker] = field(default_factory=dict)
    last_person: str | None = None
    orgs: list[str] = field(default_factory=list)

    def name_of(self, subject: Subject, position: int) -> str | None:
        if subject.name is not None and subject.anaphor != "report":
            if subject.kind == "person" and len(subject.name.split()) == 1:
                return self.full_names.get(subject.name, subject.name)
            return subject.name
        anaphor = subject.anaphor
        if anaphor in ("he", "she"):
            before = [name for pos, name in self.person_mentions if pos < position]
            return before[-1] if before else self.last_person
        if anaphor == "it":
            return self.orgs[-1] if self.orgs else None
        if anaphor == "report":
            institutions = [o for o in self.orgs if any(w.lower() in ORG_HEADS for w in o.split())]
            if institutions:
                return institutions[-1]
            return subject.name
        if anaphor == "role" and subject.role:
            return self._by_role(subject.role)
        if anaphor:
            matching = [o for o in self.orgs if anaphor in o.lower()]
            return matching[-1] if matching else None
        return None

    def _by_role(self, role: str) -> str | None:
        key = _role_key(role)
        for role_key, name in self.roles:
            if key and key <= role_key:
                return name
        generic = key <= _role_key("the official spokesman spokesperson minister leader president diplomat")
        return self.last_person if generic else None

    def add(self, subject: Subject, name: str, evidence: Span) -> None:
        """Record a speaker mention; a named mention's evidence and role win over an anaphor's."""
        named = subject.name is not None and subject.anaphor is None
        kind: Kind = subject.kind if named or (subject.anaphor == "report" and subject.name) else (
            "person" if subject.anaphor in ("he", "she", "role") else "organization")
        current = self.speakers.get(name)
        if current is None:
            current = Speaker(name, kind, subject.role, evidence.text, subject.confidence, named=named)
            self.speakers[name] = current
        else:
            if named and not current.named:
                current.evidence, current.named = evidence.text, True
                current.role = subject.role or current.role
            else:
                current.role = current.role or subject.role
            current.confidence = max(current.confidence, subject.confidence)
        if subject.name and subject.name != name and subject.name not in current.forms:
            current.forms.append(subject.name)
        if current.kind == "person":
            self.last_person = name
        else:
            self.orgs.append(name)


def _person_mentions(body: list[Span], names: Iterable[str]) -> list[tuple[int, str]]:
    """(offset, full name) of every mention of a known person's surname in the body, in order."""
    by_surname = {n.split()[-1]: n for n in names}
    if not by_surname:
        return []
    pattern = re.compile(r"\b(" + _alternation(by_surname) + r")\b")
    return sorted((s.start + m.start(), by_surname[m.group(1)]) for s in body for m in pattern.finditer(s.text))


def claim_confidence(event: Event) -> float:
    """A quotation with its attribution (0.6) is surer than a paraphrase after a verb (0.5), which is surer
    than a passive, an "according to", or a quote paragraph assigned to a neighbour's speaker (0.4)."""
    if event.origin in ("passive", "according", "outlet", "continuation"):
        return 0.4
    return 0.6 if event.said.trailing else 0.5


def resolve_events(events: list[Event], body: list[Span]) -> tuple[list[Speaker], list[Fact]]:
    """Speakers (one per resolved name) and claims (one per speaker and text) of the events.

    A pronoun or "it" only resolves to a speaker; it adds no new speaker unless the person it points to
    was not yet one ("He said …" after "On Friday, Blinken pointed at …").
    """
    full_names = _full_names(events, body)
    roles = [(_role_key(e.subject.role), full_names.get(e.subject.name.split()[-1], e.subject.name))
             for e in events if e.subject.role and e.subject.name and e.subject.kind == "person"]
    persons = {full_names.get(e.subject.name.split()[-1], e.subject.name) for e in events
               if e.subject.name and e.subject.kind == "person" and e.subject.confidence >= 0.7}
    resolver = Resolver(full_names, roles, _person_mentions(body, persons))
    claims: dict[tuple[str, str], Fact] = {}
    for event in events:
        name = resolver.name_of(event.subject, event.evidence.start)
        if not name:
            continue
        if event.subject.anaphor not in ("he", "she", "it") or name not in resolver.speakers:
            resolver.add(event.subject, name, event.evidence)
        for text in event.said.claims:
            key = (name, _fold_key(text))
            if key not in claims:
                claims[key] = {"type": "claim", "speaker": name, "text": text,
                               "evidence": event.context.text, "confidence": claim_confidence(event)}
    return list(resolver.speakers.values()), list(claims.values())


def speaker_fact(s: Speaker) -> Fact:
    """A speaker in the prediction format."""
    fact: Fact = {"type": "speaker", "name": s.name, "kind": s.kind, "evidence": s.evidence,
                  "confidence": round(s.confidence, 2)}
    if s.role:
        fact["role"] = s.role
    if s.forms:
        fact["aliases"] = list(s.forms)
    return fact


# --------------------------------------------------------------------------- the extractor


class Baseline:
    """The rule-based baseline extractor: ``Baseline()(article) -> list of fact dicts``.

    Option ``min_confidence`` (default 0.0): drop facts whose confidence is below it.
    """

    def __init__(self, *, min_confidence: float = 0.0) -> None:
        if isinstance(min_confidence, bool) or not isinstance(min_confidence, (int, float)):
            raise TypeError(f"min_confidence must be a number, not {type(min_confidence).__name__}")
        if not 0.0 <= float(min_confidence) <= 1.0:
            raise TypeError(f"min_confidence must lie in [0, 1], not {min_confidence}")
        self.min_confidence = float(min_confidence)

    def __call__(self, article: Article) -> list[Fact]:
        lines = body_lines(article.text)
        body = [s for line in lines for s in sentences(line)]
        events = find_events(lines)
        speakers, claims = resolve_events(events, body)
        people = frozenset(w for s in speakers if s.kind == "person" for w in s.name.split())
        facts = [
            *extract_figures(body),
            *(speaker_fact(s) for s in speakers),
            *extract_dates(body, article.published),
            *extract_places(body, people),
            *claims,
        ]
        return [f for f in facts if f.get("confidence", 1.0) >= self.min_confidence]
