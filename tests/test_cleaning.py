"""The cleaner: every furniture reason, the body kept, the headline and standfirst.

All article text here is invented for these tests.
"""

from __future__ import annotations

import pytest

from annotations.article import article_from_text
from annotations.cleaning import clean, classify
from annotations.document import REASONS, STANDFIRST, TITLE
from annotations.structure import segment

PARA = [
    "Sea water poured over the harbour wall at Gullhaven shortly after midnight, flooding more than "
    "forty homes and shops along the promenade, the borough council said on Sunday.",
    "The council opened two rest centres in school halls and said about 120 people had spent the night "
    "there, most of them older residents from the terraces behind the seafront.",
    "\u201cWe have never seen the water come this far up the hill,\u201d said Petra Lowdon, who runs a bakery "
    "on Anchor Street. \u201cBy two o\u2019clock it was over the doorstep and into the ovens.\u201d",
    "Engineers will inspect the harbour wall on Monday, and the coastguard has asked people to stay away "
    "from the promenade until the next high tide has safely passed.",
    "The harbour board said repairs to the wall had been planned for the spring but would now be brought "
    "forward, at a cost it put at between \u00a31.2m and \u00a31.5m.",
    "Local businesses said they expected to lose at least a week of trade, and several asked the council "
    "to pause business rates for the shops that had been flooded.",
]
HEADLINE = "Storm surge floods the seafront at Gullhaven as council opens rest centres"
STANDFIRST_LINE = "Residents of low-lying streets were told to leave their homes as the tide peaked overnight"

ARTICLE = "\n".join([
    "Skip to content",
    "Home \u203a Weather \u203a Coast",
    HEADLINE,
    STANDFIRST_LINE,
    "By Morwenna Trice, Coastal Affairs Reporter",
    "Published 07:15, 3 November 2031",
    "Share on Facebook",
    "Copy link",
    "",
    PARA[0],
    "",
    PARA[1],
    "",
    "Advertisement",
    "",
    PARA[2],
    "",
    "A flooded street with a red post box half under water",
    "Water reached the post box on Anchor Street early on Sunday. Credit: Jory Pascoe/Gullhaven Picture Desk",
    "",
    PARA[3],
    "",
    "Subscribe to continue reading",
    "Already a subscriber? Log in",
    "",
    PARA[4],
    "",
    "Sandbags stacked against a shop door on the promenade",
    "Photograph: Ines Varga",
    "",
    "It was the highest tide at the port since 1987.",
    "",
    PARA[5],
    "",
    "Updated 09:40 GMT",
    "",
    "Sign up for our morning newsletter",
    "We use cookies to improve your experience. By continuing to browse you agree to our cookie policy.",
    "Accept all",
    "Related",
    "Council to review sea defences after a winter of storms",
    "Harbour cafe reopens after its two-year rebuild",
    "Morwenna Trice is a coastal affairs reporter who has covered the shoreline for a decade.",
    "Join the conversation",
    "Your email address will not be published. Required fields are marked *",
    "Post comment",
    "Media contact:",
    "press@gullhaven.example",
    "Terms of use",
    "\u00a9 2031 Gullhaven Gazette. All rights reserved.",
    "###",
    "",
])


@pytest.fixture(scope="module")
def doc():
    return clean(article_from_text(ARTICLE, "storm.txt"))


def _line_reason(doc, line: str) -> tuple[bool, str]:
    start = doc.text.index(line)
    b = doc.blocks[doc.block_at(start)]
    return b.boilerplate, b.reason


def test_body_paragraphs_are_kept(doc):
    for p in PARA:
        assert _line_reason(doc, p) == (False, ""), p[:40]
    # A short one-line paragraph inside the body is body too.
    assert _line_reason(doc, "It was the highest tide at the port since 1987.") == (False, "")


def test_headline_and_standfirst(doc):
    assert doc.title is not None and doc.title_text == HEADLINE
    assert doc.blocks[doc.title].kind == TITLE and not doc.blocks[doc.title].boilerplate
    assert doc.standfirst is not None
    assert doc.display(doc.standfirst).text == STANDFIRST_LINE
    assert doc.blocks[doc.standfirst].kind == STANDFIRST


@pytest.mark.parametrize("line, reason", [
    ("Skip to content", "navigation"),
    ("Home \u203a Weather \u203a Coast", "breadcrumb"),
    ("By Morwenna Trice, Coastal Affairs Reporter", "byline"),
    ("Published 07:15, 3 November 2031", "timestamp"),
    ("Updated 09:40 GMT", "timestamp"),
    ("Share on Facebook", "share"),
    ("Copy link", "share"),
    ("Advertisement", "advert"),
    ("A flooded street with a red post box half under water", "alt text"),
    ("Water reached the post box on Anchor Street early on Sunday. Credit: Jory Pascoe/Gullhaven Picture Desk",
     "caption"),
    ("Sandbags stacked against a shop door on the promenade", "caption"),
    ("Photograph: Ines Varga", "credit"),
    ("Subscribe to continue reading", "paywall"),
    ("Already a subscriber? Log in", "paywall"),
    ("Sign up for our morning newsletter", "newsletter"),
    ("We use cookies to improve your experience. By continuing to browse you agree to our cookie policy.", "cookie"),
    ("Accept all", "cookie"),
    ("Related", "related links"),
    ("Council to review sea defences after a winter of storms", "related links"),
    ("Harbour cafe reopens after its two-year rebuild", "related links"),
    ("Morwenna Trice is a coastal affairs reporter who has covered the shoreline for a decade.", "author bio"),
    ("Join the conversation", "comment form"),
    ("Your email address will not be published. Required fields are marked *", "comment form"),
    ("Post comment", "comment form"),
    ("Media contact:", "contact"),
    ("press@gullhaven.example", "contact"),
    ("Terms of use", "legal"),
    ("\u00a9 2031 Gullhaven Gazette. All rights reserved.", "copyright"),
    ("###", "other"),
])
def test_furniture_reasons(doc, line, reason):
    assert _line_reason(doc, line) == (True, reason)


def test_every_furniture_block_has_a_known_reason(doc):
    for b in doc.blocks:
        if b.boilerplate:
            assert b.reason in REASONS
        else:
            assert b.reason == ""


def test_clean_text_has_no_furniture(doc):
    out = doc.clean_text()
    assert out.startswith(HEADLINE + "\n\n" + STANDFIRST_LINE + "\n\n")
    for junk in ("Advertisement", "Share on", "Credit:", "newsletter", "cookies", "Related",
                 "All rights reserved", "Post comment", "Subscribe", "Published"):
        assert junk not in out
    for p in PARA:
        assert " ".join(p.split()) in out


def test_front_matter_is_furniture_and_names_the_title():
    text = (
        "---\ntitle: \"Night trains return to the valley line\"\nauthor: Ola Brent\n---\n\n"
        "Skip to content\n\n"
        "# Night trains return to the valley line\n\n"
        "The sleeper service between Ardmore and the coast will run three nights a week from May, the "
        "operator said, ending a gap of eleven years.\n\n"
        "## What changes\n\n"
        "Tickets go on sale next month, and the operator says cabins will cost less than a hotel room in "
        "either town for most of the year.\n\n"
        "## Related posts\n\n"
        "- [Why the valley line closed](/closed)\n"
        "- [A ride on the last old sleeper](/last)\n"
    )
    d = clean(article_from_text(text, "train.md"))
    fm = d.blocks[0]
    assert fm.kind == "front_matter" and fm.boilerplate and fm.reason == "front matter"
    assert d.title_text == "Night trains return to the valley line"
    kinds = {d.display(i).text: (b.boilerplate, b.reason) for i, b in enumerate(d.blocks) if b.kind != "blank"}
    assert kinds["What changes"] == (False, "")
    assert kinds["Skip to content"] == (True, "navigation")
    assert kinds["Related posts"] == (True, "related links")
    assert kinds["[Why the valley line closed](/closed)"] == (True, "related links")
    assert "Related posts" not in d.clean_text() and "What changes" in d.clean_text()


def test_markdown_title_falls_back_to_first_top_heading():
    text = "Intro line that is short\n\n## Second\n\n# The real headline of the piece\n\nSome body text here.\n"
    d = clean(article_from_text(text, "x.md"))
    assert d.title_text == "The real headline of the piece"


def test_page_title_line_gives_way_to_the_real_headline():
    head = "Ferry operator cancels winter crossings to the outer islands"
    text = "\n".join([
        head + " - The Island Courier",
        "Menu", "News", "Sport", "Weather",
        head,
        "By Ana Ruiz",
        "",
        PARA[0], "", PARA[1], "", PARA[3], "",
    ])
    d = clean(article_from_text(text, "ferry.txt"))
    assert d.title_text == head
    first = d.blocks[0]
    assert first.boilerplate and first.reason == "other"
    assert not d.clean_text().count(head) > 1


def test_breadcrumb_is_not_the_title():
    text = "\n".join(["News Local News", HEADLINE, "", PARA[0], "", PARA[1], ""])
    d = clean(article_from_text(text, "a.txt"))
    assert d.title_text == HEADLINE
    assert d.blocks[0].boilerplate


def test_menu_run_and_tail_teasers_are_dropped():
    menu = ["Home", "World", "Business", "Culture", "Travel"]
    teasers = ["Ten quiet beaches for the first week of autumn", "Why the lighthouse keeper stayed on"]
    text = "\n".join(menu + [HEADLINE, ""] + sum(([p, ""] for p in PARA[:4]), []) + ["More stories"] + teasers)
    d = clean(article_from_text(text, "a.txt"))
    out = d.clean_text()
    for m in menu[1:]:
        assert m not in out.split("\n")
    for t in teasers:
        assert t not in out
    assert PARA[3] in out


def test_comments_after_the_article_are_dropped():
    comments = [
        "3 responses to \u201cStorm surge floods the seafront\u201d",
        "harbourwatcher says:",
        "I have lived here thirty years and the wall has needed fixing for most of them, so nobody is surprised.",
        "quaysidejo says:",
        "The council knew about the wall and did nothing until it was too late for the bakery and the shops.",
    ]
    text = "\n\n".join([HEADLINE] + PARA + comments) + "\n"
    d = clean(article_from_text(text, "a.txt"))
    out = d.clean_text()
    assert PARA[-1] in out
    for c in comments:
        assert c not in out


def test_prefix_of_an_article_cleans_sensibly():
    full = clean(article_from_text(ARTICLE, "storm.txt"))
    cut = ARTICLE.index(PARA[1]) + 20
    part = clean(article_from_text(ARTICLE[:cut], "storm.txt"))
    assert part.title_text == full.title_text
    assert sum(b.end - b.start for b in part.blocks) == cut
    assert PARA[0] in part.clean_text()
    assert "Share on Facebook" not in part.clean_text()


def test_no_prose_keeps_all_but_known_furniture():
    text = "Shopping list\nEggs and flour\nAdvertisement\nButter for the cake\n"
    d = clean(article_from_text(text, "list.txt"))
    kept = [d.display(i).text for i in d.body_indices()]
    # With no prose to anchor a body, every line but the known furniture is kept.
    assert kept == ["Shopping list", "Eggs and flour", "Butter for the cake"]
    assert d.blocks[d.block_at(text.index("Advertisement"))].reason == "advert"


def test_empty_and_blank_articles():
    for text in ("", "\n\n  \n"):
        d = clean(article_from_text(text, "e.txt"))
        assert d.title is None and d.clean_text() == ""
        assert sum(b.end - b.start for b in d.blocks) == len(text)


def test_classify_keeps_block_offsets():
    text = ARTICLE
    blocks = segment(text, False)
    out = classify(text, blocks, False)
    assert [(b.start, b.end, b.content_start, b.content_end) for b in out] == \
        [(b.start, b.end, b.content_start, b.content_end) for b in blocks]


def test_a_body_sentence_mentioning_furniture_words_stays():
    para = ("The newsletter, which the council sends to every household, said that cookies baked at the "
            "harbour fundraiser had raised \u00a3300 and that all rights to the recipe were reserved by the baker.")
    kin = "Her brother Tomas Lowdon is a reporter on the Gazette, and he said the paper would follow the repairs."
    text = "\n\n".join([HEADLINE, PARA[0], para, kin, PARA[1]]) + "\n"
    d = clean(article_from_text(text, "a.txt"))
    assert para in d.clean_text()
    assert kin in d.clean_text()


def test_a_long_comment_thread_header_ends_the_article():
    header = ("7 thoughts on \u201cStorm surge floods the seafront at Gullhaven as council opens rest centres "
              "for the residents of the low streets\u201d")
    comment = "Thank you for writing this up so carefully, it is exactly what happened on our street that night."
    text = "\n\n".join([HEADLINE] + PARA + ["412 Shares", header, "Ruth", "November 4, 2031 at 8:02 pm", comment]) + "\n"
    d = clean(article_from_text(text, "a.txt"))
    out = d.clean_text()
    assert PARA[-1] in out
    assert "thoughts on" not in out and comment not in out and "412 Shares" not in out
    assert _line_reason(d, header) == (True, "comment form")
    assert _line_reason(d, "412 Shares") == (True, "share")


def test_header_block_and_footer_variants():
    head = "Night buses to return to the valley after a two-year gap, operator confirms"
    stand = "Three routes will run every hour after midnight from the spring timetable change"
    text = "\n".join([
        "Transport \u203a Buses",
        head,
        stand,
        "By Ines Varga, Transport Correspondent",
        "March 4, 2032 at 9:05 a.m. GMT",
        "Listen to this article \u00b7 4 min",
        "",
        PARA[0], "", PARA[1], "", PARA[3], "",
        "Ines Varga covers transport and planning. Email her at ines@valleypost.example.",
        "This article was originally published on The Valley Post (valleypost.example). Read the original.",
        "Do you have a story about buses in the valley? Email newsdesk@valleypost.example",
        "LEAVE A RESPONSE",
        "Name *",
        "Save my name, email, and website in this browser for the next time I comment.",
        "Facebook X LinkedIn Email",
        "",
    ])
    d = clean(article_from_text(text, "bus.txt"))
    assert d.title_text == head
    assert d.display(d.standfirst).text == stand
    expect = {
        "Transport \u203a Buses": "breadcrumb",
        "March 4, 2032 at 9:05 a.m. GMT": "timestamp",
        "Ines Varga covers transport and planning. Email her at ines@valleypost.example.": "author bio",
        "This article was originally published on The Valley Post (valleypost.example). Read the original.": "other",
        "Do you have a story about buses in the valley? Email newsdesk@valleypost.example": "contact",
        "LEAVE A RESPONSE": "comment form",
        "Name *": "comment form",
        "Save my name, email, and website in this browser for the next time I comment.": "comment form",
        "Facebook X LinkedIn Email": "share",
    }
    for line, reason in expect.items():
        assert _line_reason(d, line) == (True, reason), line


def test_markdown_link_runs_are_menus_or_share_buttons():
    text = (
        "[Home](/) | [Newsletter](/news) | [About](/about)\n\n"
        "# The valley line reopens\n\n" + PARA[0] + "\n\n" + PARA[1] + "\n\n"
        "Share: [X](/s/x) \u00b7 [LinkedIn](/s/li) \u00b7 [Email](mailto:?)\n"
    )
    d = clean(article_from_text(text, "v.md"))
    reasons = {d.display(i).text[:12]: b.reason for i, b in enumerate(d.blocks) if b.boilerplate}
    assert reasons["[Home](/) | "] == "navigation"
    assert reasons["Share: [X](/"] == "share"
    assert d.title_text == "The valley line reopens"


def test_about_the_author_paragraph_and_starred_form_fields_are_furniture():
    from annotations.article import article_from_text
    from annotations.cleaning import clean

    text = (
        "# How our allotment society doubled its plots\n\n"
        "The society began in 2019 with twelve plots on a disused bowling green behind the church hall. "
        "By last spring it had twenty-six, and a waiting list of forty households.\n\n"
        "Members share tools from a shed that a local builder donated, and the rent is £20 a year.\n\n"
        "**About the author:** Dana Whitcombe has kept plot 7 since 2020 and chairs the society.\n\n"
        "Email *\n\nName *\n"
    )
    doc = clean(article_from_text(text, "allotment.md"))
    reasons = {doc.display(i).text.split(":")[0].strip("* "): b.reason
               for i, b in enumerate(doc.blocks) if b.boilerplate}
    assert reasons.get("About the author") == "author bio"
    assert reasons.get("Email") == "comment form"
    assert reasons.get("Name") == "comment form"


def test_printing_the_cleaned_text_keeps_no_second_copy():
    # margin clean on a 50 MB article held every block's display map (issue 13, item 14):
    # a pass over all blocks must leave the display cache as it found it.
    text = "A headline\n\n" + "\n\n".join(f"Paragraph {i} says\u00a0something plain." for i in range(50))
    doc = clean(article_from_text(text, "a.txt"))
    assert doc._display == {}  # noqa: SLF001
    out = doc.clean_text()
    assert "Paragraph 49 says something plain." in out  # NBSP shown as a space
    assert list(doc.clean_paragraphs()) == out.split("\n\n")
    assert doc._display == {}  # noqa: SLF001
