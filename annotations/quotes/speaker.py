"""Steps 3 and 4: choose the speaker of each quote, and carry speakers over.

Step 3 turns the attribution found next to a quote (a name, a pronoun, a title such
as "the chief") into a person. Step 4 gives a quote without an attribution of its own
the speaker it inherits: the paragraph it continues, the quote before it in the same
paragraph or the paragraph before, or a person the paragraph before introduced.

Each rule has a name; the name is the start of the suggestion's ``reason``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .candidates import Subject
from .marks import RawQuote
from .people import People, Person, _Mention
from .vocab import PRONOUNS

# reason names, and the score each gives a quote
SAID, CONTINUES, SAME_SPEAKER, INTRODUCED, REPORTED_BEFORE, NAMED_BEFORE, INTERRUPTED = (
    "said", "continues", "same speaker", "introduced", "reported before", "named before", "interrupted")


@dataclass(slots=True)  # one is made per quote: slots make it cheaper to build and read
class Quote:
    """One quoted stretch with what surrounds it in its paragraph."""
    block: int
    pos: int  # raw offset of the opening mark
    n: int  # its number in the paragraph
    raw: RawQuote
    inner: str
    before: str  # the paragraph before the opening mark
    after: str  # the paragraph after the closing mark ("" if it never closes)
    attrib: tuple[Subject, int] | None  # the speech verb's subject, and where the verb is
    post: bool  # an attribution follows the closing mark
    pre: bool  # an attribution leads into the opening mark
    continuation: bool  # it runs on from the paragraph before
    partial: bool  # a fragment woven into the narrator's sentence
    second_half: bool = False  # “A,” she said, “b…”: the rest of a quotation broken mid-sentence


@dataclass
class Carry:
    """What the quotes so far leave for the next one (step 4's memory)."""
    recent: Person | None = None  # the last quote's speaker, anywhere
    open_speaker: tuple[Person | None, str] | None = None  # a quote that ran past its paragraph
    carried: tuple[Person | None, str] | None = None  # ... as seen by this paragraph
    last_in_block: Person | None = None
    block_speaker: Person | None = None
    prev_block_text: str = ""
    prev_base: int = 0  # where the paragraph before starts in the article
    prev_index: int = -1
    prev_block_speaker: Person | None = None
    by_block: dict[int, list[_Mention]] = field(default_factory=dict)
    prev_block_quotes: bool = False  # did the paragraph before hold quote marks?


def person_for(people: People, subj: Subject, pos: int, recent: Person | None) -> tuple[Person | None, str]:
    """Step 3: the person an attribution's subject stands for, and the label it was given."""
    kind, toks, desc = subj
    if kind == "pronoun":
        p = people.resolve_pronoun(toks[0], pos, recent)
        if p and PRONOUNS.get(toks[0]) and not p.gender:
            p.gender = PRONOUNS[toks[0]]
        return p, toks[0]
    if kind == "title":
        p = people.resolve_title(toks, pos)
        phrase = desc or "the " + " ".join(toks)
        if p is None and recent is not None and recent.unnamed and toks and \
                recent.full.split()[-1].lower() == toks[-1].lower():
            p = recent  # "said one legal expert" … "the expert warned": the same unnamed person
        if p is None:
            # "a spokesman said", "officers shouted": the speaker is the noun phrase
            p = Person(phrase, "", unnamed=True)
        return p, phrase
    p = people.register(toks, pos, desc)
    return p, " ".join(toks)


def choose_speaker(q: Quote, people: People, pos: int, carry: Carry) -> tuple[Person | None, str]:
    """Step 3: the speaker from the quote's own attribution; (None, "") when it has none."""
    if q.attrib is None:
        return None, ""
    subj = q.attrib[0]
    speaker, label = person_for(people, subj, pos, carry.recent)
    if speaker is None:
        return None, ""
    if speaker.org and subj[0] == "pronoun" and subj[1][0] not in ("they", "it"):
        return None, ""  # "he said" never means a company
    return speaker, SAID if subj[0] == "name" else label


def carry_speaker(q: Quote, carry: Carry) -> tuple[Person | None, str]:
    """Step 4: the speaker a quote without its own attribution inherits, and the rule's name."""
    starts_paragraph = q.n == 0 and not q.before.strip()
    if q.continuation and carry.carried is not None:
        return carry.carried[0], CONTINUES
    if carry.last_in_block is not None:
        return carry.last_in_block, SAME_SPEAKER
    if q.n == 0 and q.before.strip():
        # "The plan, Jane Doe said, is dead. “We tried.”": reported earlier in the paragraph
        men = [m for m in carry.by_block.get(q.block, ()) if m.speech and m.pos < q.pos and not m.person.org]
        if men:
            return men[-1].person, REPORTED_BEFORE
        if q.before.rstrip()[-1:] in (".", ":", "!", "?"):
            # "Tobias Wrenfield was less sure. “…”", "Harriet Vole was blunt: “…”": the
            # quote opens a sentence after one about a person, who says it
            men = [m for m in carry.by_block.get(q.block, ()) if m.subject and m.pos < q.pos and _person_like(m.person)]
            if men:
                return men[-1].person, NAMED_BEFORE
    if not starts_paragraph:
        return None, ""
    if carry.prev_block_text.rstrip().endswith(":"):
        # a quote set off after "…, Jane Doe, wrote the rule:"
        men = [m for m in carry.by_block.get(carry.prev_index, ()) if not m.person.org]
        return (men[0].person if men else carry.prev_block_speaker), INTRODUCED
    if carry.prev_block_speaker is not None:
        return carry.prev_block_speaker, SAME_SPEAKER
    # a quote paragraph right after "Jane Doe said she had…"
    men = [m for m in carry.by_block.get(carry.prev_index, ()) if m.speech and not m.person.org]
    if men:
        return men[-1].person, REPORTED_BEFORE
    # "Jo Kay, a chest doctor at the infirmary, …" then a paragraph of speech
    men = [m for m in carry.by_block.get(carry.prev_index, ())
           if len(m.person.full.split()) > 1 and _person_like(m.person)
           and not _after_a_preposition(carry.prev_block_text, m.pos - carry.prev_base)]
    if men and not carry.prev_block_quotes:
        return men[-1].person, NAMED_BEFORE
    return None, ""


def _person_like(p: Person) -> bool:
    """Something says the run is a person (not "Maple Runner", a game, nor an
    organisation): it is named like one, or described."""
    return not p.org and (p.is_person() or bool(p.titles))


# "… a chest doctor at the Kelso Royal Infirmary": a capitalised run after a preposition
# is where someone works or comes from, not who is introduced
_PREPOSITION_BEFORE = re.compile(r"(?:^|\s)(?:at|of|from|for|in|with|by|on)\s+(?:the\s+)?(?:[A-Z][\w’'.&-]*\s+)*$")


def _after_a_preposition(text: str, rel: int) -> bool:
    return 0 <= rel <= len(text) and _PREPOSITION_BEFORE.search(text, max(0, rel - 80), rel) is not None


def score_and_reason(q: Quote, name: str | None, how: str) -> tuple[float, str]:
    """How sure the suggestion is, and its reason: the rule that chose the speaker."""
    if q.partial:
        return 0.4, "partial quote" + (f": {name}" if name else "")
    if name and how == SAID and q.second_half:
        return 0.9, f"{INTERRUPTED}: {name}"
    if name and how == SAID:
        return 0.9, f"said: {name}"
    if name and how == NAMED_BEFORE:
        return 0.7, f"{how}: {name}"
    if name:
        return 0.8, f"{how}: {name}"
    return 0.6, "direct speech"


def remember(q: Quote, speaker: Person | None, name: str | None, carry: Carry) -> None:
    """Step 4's memory after a quote: who spoke last, and a quote still open at the paragraph end."""
    if speaker is not None:
        # a partial quote names who is speaking in this paragraph, but not for later ones
        carry.last_in_block = speaker
        if not q.partial:
            carry.recent = speaker
            carry.block_speaker = speaker
    if q.raw.close_pos is None:
        carry.open_speaker = (speaker, name or "")


def next_paragraph(carry: Carry, index: int, text: str, had_quotes: bool, base: int = 0) -> None:
    """Step 4's memory across a paragraph break."""
    carry.prev_block_speaker = carry.block_speaker if carry.block_speaker is not None else (
        carry.prev_block_speaker if not text.strip() else None)
    carry.prev_block_text = text
    carry.prev_base = base
    carry.prev_index = index
    carry.prev_block_quotes = had_quotes
