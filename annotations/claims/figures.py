"""What a figure looks like: numbers in digits and in words, money, units, dates.

Patterns are written in lower case and are case-insensitive unless they say not.
"""

from __future__ import annotations

from .matchers import Pattern
from .vocabulary import NUM_WORDS, SMALL

_FRACTION_OF = "half|third|quarter|fifth|sixth|seventh|eighth|ninth|tenth"
_FRACTIONS = "halves|thirds|quarters|fifths|sixths|sevenths|eighths|ninths|tenths"
# scale words after a number: "£1.2bn", "Rs 5 crore", "3 million"
SCALE = r"(?:m|mn|mln|bn|bln|b|k|tn|trn|cr|million|billion|trillion|crores?|lakhs?|thousand)"
_AMOUNT = r"\d[\d,.]*(?:\s?-?\s?" + SCALE + r"\b)?"
_AMOUNT_IN_WORDS = r"(?:" + SMALL + r")\s+(?:hundred\s+)?(?:thousand|million|billion|trillion|crore|lakh)\b"

DIGIT = Pattern(r"\d", ignore_case=False)
NUMBER = Pattern(r"\d(?:[\d,.]*\d)?", ignore_case=False)
PERCENT = Pattern(r"\d[\d,.]*\s?(?:%|per\s?cent|percent|percentage points?|pc\b)")
PERCENT_IN_WORDS = Pattern(r"\b(?:" + SMALL + r")(?:[ -](?:" + SMALL + r"))?\s+(?:per\s?cent|percent)\b")

# Money in every form a news page writes it: a symbol before the number ("$1.2bn",
# "US$3 million", "€40,000", "£ two million"), a code ("Rs. 5 crore", "INR 500",
# "USD 20m"), a currency word after it ("40 euros", "5 crore rupees", "two million
# dollars"), and pence ("20p"). Each is searched only when its symbol or word is there.
CURRENCY_SYMBOL = Pattern(r"[$£€¥₹₩₽₦₱₺₪฿]", ignore_case=False)
MONEY_SYMBOL = Pattern(r"[$£€¥₹₩₽₦₱₺₪฿]\s?(?:" + _AMOUNT + r"|" + _AMOUNT_IN_WORDS + r")"
                       r"|\d[\d,.]*\s?(?:" + SCALE + r"\s?)?[€£¥₹]")
MONEY_CODE = Pattern(r"\b(?:usd|gbp|eur|jpy|cny|rmb|chf|aud|cad|nzd|hkd|sgd|inr|zar|ngn|kes|pkr|bdt|aed|sar"
                     r"|rs\.?|tk\.?|ksh|dh|sh)\s?" + _AMOUNT)
MONEY_WORD = Pattern(
    r"(?:\b\d[\d,.]*\s?(?:-?\s?" + SCALE + r"\s)?|\b" + _AMOUNT_IN_WORDS + r"\s)\s?"
    r"(?:pence|pounds?(?! of)|sterling|dollars?|euros?|cents?|rupees?|yen|yuan|renminbi|francs?|pesos?|rand"
    r"|naira|shillings?|dirhams?|riyals?|ringgit|roubles?|rubles?|lira|krona|kronor|kroner|baht|dinars?"
    r"|taka)\b"
    r"|\b\d[\d,.]*\s?(?:million|billion|trillion)\s+won\b")
PENCE = Pattern(r"\d(?<!\w\d)\d?p\b(?![.,]\d)", ignore_case=False)  # \b\d{1,2}p: opens on a digit (see YEAR)

LARGE = Pattern(r"\b\d[\d,.]*\s?-?\s?" + SCALE + r"\b")
# A number with a unit or a counted thing: distances, weights, durations, people,
# places, votes, and the statistics of sport.
UNIT = Pattern(
    r"\b\d[\d,.]*\s?(?:-\s?)?(?:km|kilometres?|kilometers?|miles?|metres?|meters?|mm|cm|kg|kilograms?|"
    r"tonnes?|tons?|acres?|hectares?|mph|km/h|degrees?|°[cf]?|hours?|minutes?|days?|weeks?|months?|"
    r"years?|people|residents|homes|houses|patients|votes|jobs|staff|employees|workers|participants|"
    r"samples|cases|deaths|infections|arrests|students|pupils|children|troops|soldiers|civilians|"
    r"members|companies|firms|countries|schools|hospitals|flights|passengers|visitors|users|"
    r"subscribers|customers|households|seats|per|a\s+year|times|x\b|gw|gwh|mw|kwh|wh|square|sq|"
    r"litres?|gallons?|barrels?|µg|micrograms?|mg|ml|"
    r"goals|points|pts|rebounds|assists|yards|touchdowns|tds|runs|wickets|saves|shots|tackles|"
    r"interceptions|sacks|strikeouts|home runs|hits|laps|aces|birdies|strokes|innings|overs|caps|"
    r"appearances|medals|titles|wins|victories|defeats|losses|games|matches|tries|under par|over par)"
    r"(?![a-z])")  # a whole word: "38 perfectly" is not "38 per"
# \b(?:1[5-9]|20)\d\ds?\b, written to open on a literal: the test of the character before
# comes after the first digit, so the regex engine leaps from one 1 or 2 to the next
# instead of trying a match at every character. (TIME, AGE and PENCE the same way.)
YEAR = Pattern(r"(?:1(?<!\w1)[5-9]|2(?<!\w2)0)\d\ds?\b", ignore_case=False)
# A clock time: "9.30", "10:15", "7pm". Its hour and minutes are a clock's (not "50:50", a
# ratio, nor "0.24", a decimal: a stop after a lone 0 is a decimal point).
TIME = Pattern(r"\d(?<!\w\d)(?:(?:(?<=[01])\d[:.]|(?<=2)[0-3][:.]|(?<=[1-9])[:.]|(?<=0):)[0-5]\d"
               r"\s?(?:am|pm|gmt|bst|utc|[ap]\.m\.)?\b|\d?\s?(?:am|pm)\b)")
DATE = Pattern(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b")
# digits that name a thing rather than count it: COVID-19, IL-25, F1, G7
CODE = Pattern(r"\b[A-Za-z]+-?\d[\w-]*", ignore_case=False)
# "Jane Doe, 58, said": an age
# (not "waiting, 1,486 are": a comma then a digit is a thousands group)
AGE = Pattern(r",(?<=[A-Za-z],)\s\d{1,3}(?=,(?!\d))|a(?<!\wa)ged\s\d{1,3}\b")
# Numbers that only date or name something (times, dates, years, ages, codes): what
# is left after blanking these counts or measures. Sentence.digits_left runs them.
NOT_COUNTS = (TIME, YEAR, AGE, CODE)
# For each of NOT_COUNTS, a cheap pattern that finds something wherever that one
# would: it opens on a digit, so the search leaps from digit to digit instead of
# trying the full pattern at every character. Where it finds nothing, the blanking
# is skipped; where it does, the full pattern runs as before.
NOT_COUNTS_HINTS: tuple[Pattern | None, ...] = (
    # TIME: "9.30", "10:15" (a stop before two digits), "7pm", "7 am" (an m after a digit
    # and am/pm): led by a set of literals, cheaper than a digit class
    Pattern(r"[:.m](?:(?<=[:.])\d\d|(?<=\d[ap]m)|(?<=\d\s[ap]m))"),
    None,  # YEAR opens on a literal itself, and a year is common: no hint pays
    Pattern(r"\d(?<=,\s\d|d\s\d)"),  # AGE: ", 58", "aged 58"
    Pattern(r"\d(?:(?<=[A-Za-z]\d)|(?<=[A-Za-z]-\d))", ignore_case=False),  # CODE: "F1", "COVID-19"
)
# a result: "3-2", "6-4", "won 21-17"
SCORE = Pattern(r"\b\d{1,3}\s?[-–]\s?\d{1,3}\b", ignore_case=False)
ORDINAL = Pattern(r"\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\b")

# ---- figures in words ---------------------------------------------------------------
# "three-quarters", "two thirds", "a third of", "half of all", "by a quarter"
# ("one in five" and "nine out of ten" are found on the word tokens: Sentence.fraction)
FRACTION = Pattern(
    r"(?<!first )(?<!last )(?<!the )(?<!all )\b(?:" + SMALL + r")[- ](?:" + _FRACTIONS + r")\b"
    r"|\b(?:a|one)[- ](?:" + _FRACTION_OF + r")\s+of\b"
    r"|\bhalf\s+of\s+(?:the|all|its|their|those|these|our)\b"
    r"|\bby\s+(?:(?:a|one)[- ]?(?:half|third|quarter|fifth|tenth)|half)\b")
# "doubled", "tenfold", "two-fold", "twice as many", "three times higher"
MULTIPLE = Pattern(
    r"\b(?:(?:more\s+than\s+)?(?:doubled|doubling|tripled|tripling|trebled|quadrupled|halved|halving)"
    r"(?!\s+down)|(?:two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|\d+)[- ]?fold)\b"
    r"|\b(?:twice|(?:two|three|four|five|six|seven|eight|nine|ten|\d+(?:\.\d+)?)\s+times)\s+"
    r"(?:as|more|less|fewer|higher|lower|larger|bigger|greater|smaller|faster|the)\b")
# "two million", "hundreds of thousands", "tens of millions"
LARGE_WORDS = Pattern(
    r"\b(?:" + SMALL + r"|tens\s+of|hundreds\s+of)\s+(?:hundred\s+)?(?:thousand|million|billion|trillion|"
    r"crore|lakh)s?\b")
# "a million", "several thousand", "thousands of": a size, not a count
VAGUE_LARGE = Pattern(r"\b(?:thousands|millions|billions|crores|lakhs)\s+of\b"
                      r"|\b(?:a|several|a\s+few)\s+(?:hundred\s+)?(?:thousand|million|billion|trillion)\b")
APPROX = Pattern(r"\b(?:at least|almost|nearly|around|about|approximately|roughly|up to|"
                 r"as (?:low|high|many|much) as)\s+(?:\d[\d,.]*\d|\d|(?:" + NUM_WORDS + r")\b)")
SINCE_YEAR = Pattern(r"\bsince \d{4}\b")
# a standing in words: a league place, the count of a season's goals, a sales or pay rank
# ("in third place", "his sixth goal of the season", "the top-selling car"; not "in the
# first place", an idiom, nor "best-selling", which a blurb says of any author)
STANDING = Pattern(
    r"\b(?:in|into|to|from)\s+(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"\d{1,2}(?:st|nd|rd|th))\s+place\b"
    r"|\b(?:his|her|their|its)\s+(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,3}(?:st|nd|rd|th))"
    r"\s+(?:goal|try|win|title|victory|century|touchdown|medal|major)s?\s+of\s+the\s+"
    r"(?:season|year|campaign|tournament|championship)\b"
    r"|\b(?:top|biggest)-(?:selling|ranked|grossing|scoring)\b|\bhighest-(?:paid|ranked|scoring|grossing)\b")
# "3rd", "16th": what leads a standing in digits (opens on a digit class: a quick scan)
ORDINAL_IN_DIGITS = Pattern(r"\d(?:st|nd|rd|th)\b")
RANKING = Pattern(r"\b(?:world\s+)?no\.\s?\d{1,3}\b|\b\d{1,3}(?:st|nd|rd|th)[- ](?:ranked|seeded)\b"
                  r"|\branked\s+(?:no\.\s?)?\d{1,3}(?:st|nd|rd|th)?\b"
                  r"|\bseeded\s+(?:no\.\s?)?(?:\d{1,3}(?:st|nd|rd|th)?|second|third|fourth|fifth)\b")
