"""Check-worthy sentences: score each body sentence from 0 to 1 with a short reason.

Entry point: ``find_claims(doc, quote_spans) -> list[ClaimSpan]``.

A fact-checker wants sentences that state something checkable: a statistic, an
amount of money, a count with a date, a change ("rose by", "doubled"), a comparison
or superlative, a cause, a prediction with a figure, a legal or official status, or
a fact credited to a source ("according to the ONS"). Each cue adds weight; the
strongest cue names the reason. Questions, first-person opinion and chit-chat score
low, and so do sentences that are wholly direct speech unless they hold hard figures
(numbers inside quotes are the speaker's, checkable but secondary).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .document import Document

THRESHOLD = 0.5

_NUM_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    "ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|trillion|"
    "dozen|dozens|half|third|quarter|twice|thrice"
)
_PERCENT = re.compile(r"\d[\d,.]*\s?(?:%|per\s?cent|percent|percentage points?|pc\b)", re.I)
_MONEY = re.compile(
    r"(?:[£$€¥₹]|\b(?:USD|GBP|EUR)\s?)\s?\d[\d,.]*\s?(?:m|bn|k|million|billion|trillion|p)?\b"
    r"|\b\d[\d,.]*\s?(?:pence|pounds|dollars|euros|cents)\b", re.I)
_LARGE = re.compile(r"\b\d[\d,.]*\s?(?:m|bn|k|million|billion|trillion)\b", re.I)
_UNIT = re.compile(
    r"\b\d[\d,.]*\s?(?:-\s?)?(?:km|kilometres?|kilometers?|miles?|metres?|meters?|mm|cm|kg|kilograms?|"
    r"tonnes?|tons?|acres?|hectares?|mph|km/h|degrees?|°[cf]?|hours?|minutes?|days?|weeks?|months?|"
    r"years?|people|residents|homes|patients|votes|jobs|staff|employees|participants|samples|"
    r"cases|deaths|goals|points|seats|customers|households|per|a\s+year|times|x\b|gw|gwh|mw|"
    r"kwh|wh|square|sq|litres?|gallons?|barrels?|µg|micrograms?|mg|ml)", re.I)
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)s?\b")
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\s?(?:am|pm|gmt|bst|utc|[ap]\.m\.)?\b|\b\d{1,2}\s?(?:am|pm)\b", re.I)
_DATE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b", re.I)
_CODE = re.compile(r"\b[A-Za-z][\w]*-?\d[\w-]*")
_AGE = re.compile(r"(?<=[A-Za-z]),\s\d{1,3}(?=,)|\baged\s\d{1,3}\b")
_SCORE = re.compile(r"\b\d{1,2}\s?[-–]\s?\d{1,2}\b")
_COUNT_WORD = re.compile(r"(?<!few )(?<!several )(?<!many )\b(?:" + _NUM_WORDS + r")\b", re.I)
_CARDINALS = _NUM_WORDS.replace("|half|third|quarter|twice|thrice", "")
_COUNTED = re.compile(r"(?<!few )(?<!several )\b(" + _CARDINALS + r")\s+(?:[a-z-]+\s+)?([a-z]+[^siu\W]s)\b", re.I)
_TIME_NOUN = re.compile(r"(?:centur|decade|year|month|week|day|hour|minute|second|generation|times|ways|things)")
_CHANGE = re.compile(
    r"\b(?:rose|rise[sn]?|rising|risen|fell|falls|falling|(?:has|have|had)\s+fallen|increas\w*|decreas\w*|doubl\w*|tripl\w*|"
    r"quadrupl\w*|halv\w*|grew|grow(?:s|n|th)|drop(?:s|ped)?|declin\w*|surg\w*|slump\w*|jump\w*|"
    r"plung\w*|soar\w*|climb\w*|cut(?:s|ting)?|reduc\w*|up from|down from|boost\w*|expand\w*|"
    r"shr[au]nk|shrink\w*|fewer|more than|less than)\b", re.I)
# approximate figures ("about 900", "nearly half") read as counts only next to a number
_APPROX = re.compile(r"\b(?:at least|almost|nearly|around|about|approximately|roughly|up to|"
                     r"as (?:low|high|many|much) as)\s+(?:\d|" + _NUM_WORDS + r")", re.I)
_COMPARE = re.compile(
    r"\b(?:highest|lowest|largest|biggest|smallest|most|least|record|"
    r"fastest|slowest|longest|shortest|oldest|youngest|greatest|higher|lower|larger|bigger|smaller|"
    r"better|worse|compared (?:with|to)|than|unlike|since \d{4})\b", re.I)
# "the wettest", "Britain’s busiest", "the most expensive", "a record": a ranking someone can check
_SUPERLATIVE = re.compile(
    r"\b(?:the|its|their|his|her|our|[A-Z][\w-]*[’']s)\s+((?!(?:interest|rest|test|west|nest|quest|chest|"
    r"protest|request|guest|forest|harvest|contest|honest|modest|best|latest)\b)[a-z]{2,}est|"
    r"(?:most|least)\s+[a-z]+)\b|\b(record|all-time high|all-time low)\b")
_CAUSE = re.compile(r"\b(?:because|due to|caused|causes|causing|led to|leads to|as a result|"
                    r"result(?:ed|s)? in|owing to|thanks to|blamed|linked to|associated with)\b", re.I)
_SOURCE = re.compile(
    r"\b(?:according to|figures|data|statistics|survey|study|report(?:ed|s)?|research|census|"
    r"analysis|estimat\w*|found that|show(?:s|ed)? that|published|official(?:s|ly)?|"
    r"recorded|measured|counted|confirmed|announced|revealed|told the)\b", re.I)
_STATUS = re.compile(
    r"\b(?:charged|accused|denie[sd]|deny|convicted|acquitted|sentenced|jailed|arrested|fined|"
    r"sued|ruled|banned|approved|rejected|passed|voted|declared|launched|appointed|resigned|"
    r"illegal|unlawful|law|legislation|court|trial|jury|guilty|pleaded|licen[cs]e\w*|funded|"
    r"founded|headquartered|employs|owns|acquired|closed|opened|state of emergency|"
    r"under investigation|investigat\w*|contained|evacuat\w*|destroyed|damaged|killed|died|"
    r"injured|treated|excluded|recruit\w*|detected|contaminat\w*|no clear|significant)\b", re.I)
# legal or official status a fact-checker can look up
_LEGAL = re.compile(r"\b(?:illegal|unlawful|banned|convicted|acquitted|sentenced|jailed|charged with|"
                    r"pleaded (?:guilty|not guilty)|found guilty|fined|comes? into force|came into force|"
                    r"ruled that|struck down|overturned|outlawed|legali[sz]ed|criminali[sz]ed)\b", re.I)
_ORDINAL = re.compile(r"\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\b",
                      re.I)
_STREAK = re.compile(r"\b(?:in a row|consecutive|running|straight)\b", re.I)
_PREDICT = re.compile(r"\b(?:will|would|expects?|expected|plans?|planned|targets?|forecasts?|"
                      r"predict\w*|projected|set to|due to)\b", re.I)
_OPINION = re.compile(r"^if you\b|\bmy advice\b|^(?:i|we)\s+(?:think|believe|feel|hope|guess|reckon|love|hate|wonder)\b|"
                      r"\b(?:in my (?:view|opinion)|i think|i feel|i believe)\b", re.I)
_VERB_HINT = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|must|shall|should|"
    r"does|did|do)\b|\b\w+(?:ed|es|s)\b", re.I)


_WORDS = re.compile(r"[\w’'%£$€.-]+")
_NUMBER = re.compile(r"\d(?:[\d,.]*\d)?")
_QUOTED = re.compile(r"“[^”]*”|‘[^’]*’|\"[^\"]*\"|«[^»]*»")
_DETERMINER_END = re.compile(r"\b(?:the|these|those|both|its|their|our|his|her)\s+$", re.I)
_YOU = re.compile(r"\b(?:you|your)\b", re.I)
_ACCORDING = re.compile(r"according to", re.I)


@dataclass
class ClaimSpan:
    start: int
    end: int
    score: float
    reason: str


# Cue-word patterns (all lower-case ASCII, case-insensitive) run about twice as fast
# case-sensitively over the lower-cased sentence. That finds the same places when
# lower-casing keeps every character one character and the sentence has none of the
# letters case-insensitive matching folds onto ASCII in other ways (İ ı ſ K).
_FOLD_SPECIAL = re.compile("[\u0130\u0131\u017f\u212a]")
_EXACT_CASE: dict[re.Pattern, re.Pattern] = {}


class _Found:
    """A match over the lower-cased sentence, reporting the sentence's own text."""

    __slots__ = ("_s", "_m")

    def __init__(self, s: str, m: re.Match) -> None:
        self._s, self._m = s, m

    def group(self) -> str:
        return self._s[self._m.start():self._m.end()]

    def start(self) -> int:
        return self._m.start()


def _finder(s: str):
    low = s.lower()
    if len(low) != len(s) or _FOLD_SPECIAL.search(s):
        return lambda rx: rx.search(s)

    def find(rx: re.Pattern) -> _Found | None:
        fast = _EXACT_CASE.get(rx)
        if fast is None:
            fast = _EXACT_CASE[rx] = re.compile(rx.pattern, rx.flags & ~re.IGNORECASE)
        m = fast.search(low)
        return _Found(s, m) if m else None
    return find


def _figure(s: str) -> str:
    m = _PERCENT.search(s) or _MONEY.search(s) or _LARGE.search(s) or _UNIT.search(s)
    return m.group().strip() if m else ""


def score_sentence(s: str, *, in_quote: float = 0.0, standfirst: bool = False) -> tuple[float, str]:
    """Check-worthiness of sentence ``s`` in 0..1 and a short reason.

    ``in_quote`` is the share of the sentence inside direct-speech marks.
    """
    find = _finder(s)
    stripped = s.strip().strip("“”\"‘’«»„ ")
    words = _WORDS.findall(stripped)
    if len(words) < 5:
        return 0.0, "too short"
    if stripped.rstrip("”’\"»)").endswith("?"):
        return 0.1, "question"
    # Every figure pattern (times, dates, years, ages, codes, percentages, money) needs a
    # digit: a sentence without one skips them all, with the same result.
    digits = _DIGIT.search(s) is not None
    # Numbers that are only times, dates, years, or match scores in a list line say little.
    plain_nodate = digits_left = s
    if digits:
        plain = _TIME.sub(" ", s)
        plain_nodate = _DATE.sub(" ", plain)
        digits_left = _YEAR.sub(" ", plain_nodate)
        # "Jane Doe, 58, said": an age alone is not much of a claim; nor are the digits in
        # names like COVID-19, IL-25 or F1
        digits_left = _AGE.sub(" ", digits_left)
        digits_left = _CODE.sub(" ", digits_left)
    has_count = digits and bool(_DIGIT.search(digits_left))
    cues: list[tuple[float, str]] = []

    def bump(value: float, why: str) -> None:
        cues.append((value, why))

    # each pattern is searched once per sentence; the answers are used several times
    percent = _PERCENT.search(s) if digits else None
    money = _MONEY.search(s) if digits else None
    year = _YEAR.search(s) if digits else None
    date = _DATE.search(s) if digits and year is None else None
    status = find(_STATUS)
    if m := percent:
        bump(0.85, f"statistic: {m.group().strip()}")
    if m := money:
        bump(0.85, f"money: {m.group().strip()}")
    if has_count:
        fig = _figure(plain_nodate)
        if fig:
            bump(0.8, f"figure: {fig}")
        elif sm := _SCORE.search(digits_left):
            bump(0.7, f"score: {sm.group()}")
        else:
            num = _NUMBER.search(digits_left)
            bump(0.7, f"number: {num.group()}" if num else "number")
    count_word = find(_COUNT_WORD)
    change = find(_CHANGE)
    # a comparison only matters where the other cues leave the question open
    need_compare = ((year or date) and not (count_word or change or has_count)) or (
        count_word and not change)
    compare = find(_COMPARE) if need_compare else None
    if year or date:
        if count_word or change or compare or has_count:
            bump(0.6, f"date with a count: {(year or date).group()}")
        else:
            bump(0.35, "date")
    unquoted = _QUOTED.sub(" ", s)
    if count_word and (change or compare or status):
        bump(0.6, f"count: {count_word.group()}")
    elif (counted := _COUNTED.search(unquoted)) and not _TIME_NOUN.match(counted.group(2)) \
            and not _DETERMINER_END.search(unquoted[:counted.start()]):
        # "made two saves", "six counts": a number of things, checkable
        bump(0.55, f"count: {counted.group(1)} {counted.group(2)}")
    elif count_word:
        bump(0.4, f"count: {count_word.group()}")
    if change and (has_count or count_word):
        bump(0.6, f"change: {change.group()}")
    if m := find(_APPROX):
        bump(0.55, f"figure: {m.group()}")
    # a superlative inside quote marks is the speaker's rhetoric ("the fewest alternatives")
    if m := _SUPERLATIVE.search(unquoted):
        word = m.group(1) or m.group(2)
        bump(0.55, f"superlative: {word}")
        if year or has_count:
            bump(0.6, f"superlative with a date: {word}")
    if m := find(_CAUSE):
        bump(0.5, f"cause: {m.group()}")
    if (change or _STREAK.search(s)) and (m := _ORDINAL.search(s)):
        bump(0.6, f"trend: {m.group()}")
    if m := find(_SOURCE):
        if _ACCORDING.match(m.group()):
            bump(0.6, "attributed: according to")
        else:
            bump(0.45, f"source: {m.group()}")
    if m := find(_LEGAL):
        bump(0.55, f"legal status: {m.group()}")
    elif m := status:
        bump(0.45, f"status: {m.group()}")
    if (has_count or count_word) and find(_PREDICT):
        bump(0.6, "prediction with a figure")
    if not cues:
        return 0.0, "no checkable fact"
    cues.sort(key=lambda c: -c[0])
    score, reason = cues[0]
    # each further independent cue makes the sentence a little more check-worthy
    score += 0.05 * min(sum(1 for v, _ in cues[1:] if v >= 0.45), 3)
    if standfirst and score >= 0.45:
        score = max(score, 0.55)

    if not _VERB_HINT.search(stripped) and (len(words) < 8 or stripped[-1:] not in ".!?"):
        score *= 0.5  # a label or a list line, not a statement
    caps = sum(1 for w in words if w[:1].isupper())
    if stripped[-1:] not in ".!?…:;”’\"" and caps >= 0.6 * len(words):
        score *= 0.6  # a Title Case headline or label, not a sentence of the article
    if _YOU.search(unquoted) and not (percent or money):
        score *= 0.8  # addressed to the reader: advice or a generality, not a reported fact
    if _OPINION.search(stripped):
        score *= 0.6
    if in_quote > 0.35:
        # Direct speech: keep only hard figures (percentages, money, large amounts).
        hard = percent or money or _LARGE.search(s)
        score = min(score, 0.55 if hard else 0.3)
    return round(min(score, 1.0), 2), reason or "statement"


_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sgt|Capt|Col|Gen|Lt|Gov|Sen|Rep|Rev|Fr|Jr|Sr|Inc|Ltd|Co|Corp|"
    r"No|vs|etc|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Ala|Ariz|Ark|Calif|Colo|"
    r"Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|Neb|Nev|Okla|Ore|Pa|Tenn|"
    r"Tex|Va|Vt|Wash|Wis|Wyo|U\.S|U\.K|e\.g|i\.e)|\b[A-Z])\.$")


def merged_sentences(doc: Document, i: int) -> list[tuple[int, int]]:
    """doc.sentences(i), with pieces glued back where the split fell after an abbreviation."""
    spans = doc.sentences(i)
    out: list[tuple[int, int]] = []
    for a, z in spans:
        # an abbreviation match ends the piece ("Calif." "e.g." at most 8 characters with
        # a newline), so its last 16 characters answer the same as the whole piece; the
        # extra ones keep the word boundary in front of the match right
        if out and _ABBREV.search(doc.text[max(out[-1][0], out[-1][1] - 16):out[-1][1]]):
            out[-1] = (out[-1][0], z)
        else:
            out.append((a, z))
    return out


_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{2,}(?:,\s[A-Z][\w. ]+)?(?:\s\([^)]*\))?\s*(?:—|–|--|-)\s*")


def find_claims(doc: Document, quote_spans: list[tuple[int, int]],
                threshold: float = THRESHOLD, *, blocks: range | None = None) -> list[ClaimSpan]:
    """Check-worthy sentences of the body, or of the blocks in ``blocks`` only.

    Each sentence is scored on its own (with the share of it inside ``quote_spans``),
    so a range gives exactly the full result's claims in those blocks.
    """
    text = doc.text
    out: list[ClaimSpan] = []
    quotes = sorted(quote_spans)
    q_ends = [qz for _, qz in quotes]
    for i in doc.body_indices():
        if blocks is not None and not blocks.start <= i < blocks.stop:
            continue
        standfirst = i == doc.standfirst
        for a, z in merged_sentences(doc, i):
            s = text[a:z]
            if dm := _DATELINE.match(s):
                if len(s) - dm.end() > 20:
                    a += dm.end()
                    s = text[a:z]
            inside = 0
            # quotes are sorted and do not overlap: look only at those that can touch [a, z)
            k = bisect_left(q_ends, a + 1)
            while k < len(quotes) and quotes[k][0] < z:
                qa, qz = quotes[k]
                if qz > a:
                    inside += min(z, qz) - max(a, qa)
                k += 1
            share = inside / max(1, z - a)
            score, reason = score_sentence(s, in_quote=share, standfirst=standfirst)
            if i == doc.title:
                score = min(score, 0.6)
            if score >= threshold:
                out.append(ClaimSpan(a, z, score, reason))
    return out
