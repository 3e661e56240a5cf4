"""Cue words: every list the claims rules look up in a sentence's word tokens.

All of them are answered by one pass over the tokens (see ``matchers.scan``), so a
list costs nothing per sentence. Inflections are written out ("rose|rise|rises|
risen|rising") rather than left to a stem, so "surgery" is not a surge.
"""

from __future__ import annotations

from .matchers import Words

CARDINAL_WORDS = ("two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                  "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
                  "ninety")
SCALE_WORDS = "hundred|hundreds|thousand|thousands|million|millions|billion|billions|trillion|dozen|dozens"
CARDINALS = CARDINAL_WORDS + "|" + SCALE_WORDS
NUM_WORDS = CARDINALS + "|half|third|quarter|twice|thrice"
SMALL = "one|" + CARDINAL_WORDS

# "half", "third" and "quarter" are left to the fraction cue ("a third of"): alone they
# are mostly an ordinal or a period ("the third hearing", "the September quarter")
COUNT = Words(CARDINALS + "|twice|thrice", "count words")
CARDINAL_SET = frozenset(CARDINAL_WORDS.split("|"))
COUNT_SET = frozenset((CARDINALS + "|twice|thrice").split("|"))
NUMBER_SET = frozenset(SMALL.split("|")) | {"a", "every"}
HEDGES = frozenset(("few", "several", "many"))

SCALE = Words("thousand|thousands|million|millions|billion|billions|trillion|trillions|crore|crores|"
              "lakh|lakhs", "scale")
PERCENT = Words("per cent|percent|percentage|pc", "percent")
CURRENCY_CODES = Words("usd|gbp|eur|jpy|cny|rmb|chf|aud|cad|nzd|hkd|sgd|inr|zar|ngn|kes|pkr|bdt|aed|sar|"
                       "rs|tk|ksh|dh|sh", "currency codes")
CURRENCY_WORDS = Words("pounds|pound|dollars|dollar|euros|euro|rupees|rupee|yen|yuan|renminbi|francs|"
                       "pesos|rand|naira|shillings|dirhams|riyals|ringgit|won|roubles|rubles|lira|"
                       "krona|kronor|kroner|baht|dinars|taka|pence|cents|cent|sterling", "currency words")
MONTHS = Words("jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|"
               "september|oct|october|nov|november|dec|december", "months")
DENOMINATORS = Words("half|halves|third|thirds|quarter|quarters|fifth|fifths|sixth|sixths|seventh|"
                     "sevenths|eighth|eighths|ninth|ninths|tenth|tenths", "fractions")
MULTIPLES = Words("doubled|doubling|tripled|tripling|trebled|quadrupled|halved|halving|fold|twice|times|"
                  "tenfold|twofold|threefold|fourfold|fivefold|hundredfold", "multiples")

CHANGE = Words(
    "rose|rise|rises|risen|rising|fell|falls|falling|has fallen|have fallen|had fallen|"
    "increase|increased|increases|increasing|decrease|decreased|decreases|decreasing|"
    "double|doubled|doubles|doubling|triple|tripled|triples|tripling|quadrupled|halve|halved|halving|"
    "grew|grows|grown|growth|drop|drops|dropped|decline|declined|declines|declining|"
    "surge|surged|surges|surging|slump|slumped|slumps|slumping|jump|jumped|jumps|jumping|"
    "plunge|plunged|plunges|plunging|soar|soared|soars|soaring|climb|climbed|climbs|climbing|"
    "cut|cuts|cutting|reduce|reduced|reduces|reducing|reduction|reductions|up from|down from|"
    "boost|boosted|boosts|boosting|expand|expanded|expands|expanding|shrank|shrunk|shrink|shrinks|"
    "shrinking|fewer|more than|less than", "change")
COMPARE = Words(
    "highest|lowest|largest|biggest|smallest|most|least|record|fastest|slowest|longest|shortest|"
    "oldest|youngest|greatest|higher|lower|larger|bigger|smaller|better|worse|compared with|"
    "compared to|than|unlike", "comparison")
SINCE = Words("since", "since")
APPROX = Words("at least|almost|nearly|around|about|approximately|roughly|up to|as low as|as high as|"
               "as many as|as much as", "approximately")
CAUSE = Words("because|due to|caused|causes|causing|led to|leads to|as a result|resulted in|results in|"
              "result in|owing to|thanks to|blamed|linked to|associated with", "cause")
SOURCE = Words(
    "according to|figures|data|statistics|survey|study|report|reported|reports|research|census|"
    "analysis|estimate|estimated|estimates|estimating|found that|show that|shows that|showed that|"
    "published|official|officials|officially|recorded|measured|counted|confirmed|announced|revealed|"
    "told the", "source")
STATUS = Words(
    "charged|accused|denies|denied|deny|convicted|acquitted|sentenced|jailed|arrested|fined|sued|ruled|"
    "banned|approved|rejected|passed|voted|declared|launched|appointed|resigned|illegal|unlawful|law|"
    "legislation|court|trial|jury|guilty|pleaded|licence|licences|license|licensed|licenses|licensing|"
    "funded|founded|headquartered|employs|owns|acquired|closed|opened|state of emergency|"
    "under investigation|investigate|investigated|investigates|investigating|investigation|"
    "investigations|investigators|contained|evacuate|evacuated|evacuating|evacuation|destroyed|"
    "damaged|killed|died|injured|treated|excluded|recruit|recruited|recruiting|recruitment|detected|"
    "contaminated|contamination|no clear|significant", "status")
LEGAL = Words(
    "illegal|unlawful|banned|convicted|acquitted|sentenced|jailed|charged with|pleaded guilty|"
    "pleaded not guilty|found guilty|fined|comes into force|come into force|came into force|ruled that|"
    "struck down|overturned|outlawed|legalised|legalized|criminalised|criminalized", "legal")
ORDINALS = Words("second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth", "ordinals")
STREAK = Words("in a row|consecutive|running|straight", "streak")
PREDICT = Words("will|would|expect|expects|expected|plan|plans|planned|target|targets|forecast|forecasts|"
                "predict|predicted|predicts|prediction|projected|projects|set to|due to", "prediction")
RANK = Words("ranked|seeded|no|place|season|year|campaign|tournament|championship|selling|grossing|scoring|paid",
             "ranking")
RANK_MARK = Words("ranked|seeded|no", "ranking mark")  # what the ranking in digits needs ("world No. 3")
# what leads a standing in words ("third place", "top-selling"): without one (or a digit)
# the standing pattern is not tried, though "year" or "season" is in the sentence
STANDING_LEAD = Words("first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|top|biggest|highest",
                      "standing lead")
RESULT_VERBS = ("won|win|wins|lost|lose|loses|beat|beaten|drew|scored|scores|conceded|intercepted|sacked|"
                "saved|finished|led|trailed|threw|rushed|struck|hit|missed|defeated|netted|claimed|"
                "took|kicked|ran|caught|blocked|clinched|extended|went")
RESULT = Words(RESULT_VERBS, "result verbs")
HAT_TRICK = Words("hat trick|hattrick|brace", "a count by name")
YOU = Words("you|your", "reader")
FIRST_PERSON = Words("i|we|my|if", "first person")
