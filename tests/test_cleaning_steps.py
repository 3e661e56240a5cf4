"""Each step of the cleaning pipeline on its own, each class of furniture it removes, and
clean() on arbitrary text. All article text here is invented for these tests.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.article import article_from_text
from annotations.cleaning import STEPS, clean, page_lines
from annotations.cleaning_body import (
    body_run, densest_run, end_at_comment_threads, extend_body_end, next_article, prose_neighbours,
)
from annotations.cleaning_headline import markdown_title, pick_headline, repeated_page_title, top_of_header_block
from annotations.cleaning_lines import ends_like_sentence, heading_like, line_vocabulary
from annotations.cleaning_neighbours import (
    break_menu_runs, drop_repeats, extend_headers, label_outside_body, mark_captions, mark_sandwiched_captions,
)
from annotations.cleaning_page import Page
from annotations.cleaning_vocabulary import VOCAB, table, vocabulary_reason
from annotations.document import REASONS
from annotations.structure import segment

PARAS = [
    "The ferry from Carrow Point ran late all week because the tide tables printed in spring were wrong, "
    "the harbour master said on Friday after a meeting with the island council.",
    "Skippers had been told to leave at the old times, and twice the boat sat on the sand bar for an hour "
    "while passengers waited on deck with their shopping and their dogs.",
    "\u201cWe will print new tables and put them on every noticeboard by Monday,\u201d said Orla Venn, who "
    "chairs the harbour committee and has sailed the crossing for thirty years.",
    "The council said it would refund the week's tickets to anyone who asked at the office on the quay, and "
    "that the timetable would be checked against the tide gauge every month from now on.",
]
HEADLINE = "Island ferry delays blamed on misprinted tide tables"


def page_of(lines: list[str], markdown: bool = False) -> Page:
    text = "\n".join(lines) + "\n"
    return page_lines(text, segment(text, markdown), markdown)


def reasons_of(text: str, name: str = "a.txt") -> dict[str, str]:
    doc = clean(article_from_text(text, name))
    return {doc.display(i).text: (b.reason if b.boilerplate else "") for i, b in enumerate(doc.blocks)
            if b.kind != "blank"}


def article(*extra_after: str, extra_before: tuple[str, ...] = ()) -> str:
    return "\n\n".join([*extra_before, HEADLINE, *PARAS, *extra_after]) + "\n"


# ---------------------------------------------------------------- line shape

@pytest.mark.parametrize("line, want", [
    ("The tide came in.", True),
    ("\u201cIt came in fast,\u201d she said.", True),
    ("Was it the tide?", True),
    ("She waited for the tide\u2026", False),
    ("And then...", False),
    ("A sentence that ends with a smile. \U0001F642", True),
    ("Ferry times", False),
    ("", False),
])
def test_ends_like_sentence(line, want):
    assert ends_like_sentence(line) is want


def test_heading_like_needs_a_few_words_and_no_stop():
    p = page_of(["Ferry delays blamed on tide tables", "Ferry", "The ferry was late again.",
                 "Home \u203a News \u203a Island"])
    assert [heading_like(ln) for ln in p.lines] == [True, False, False, False]


def test_long_running_text_without_a_final_stop_is_prose_in_any_language():
    # No English function words and no closing stop, but clauses and lower-case words.
    line = ("la marea sube dos veces al día, y el horario del barco se imprimió con las horas de la marea "
            "equivocadas, así que el capitán esperó en el muelle con los pasajeros y sus perros")
    p = page_of([line, "Ferry Times And Tide Tables For Every Island Harbour This Whole Summer Season Long Too"])
    assert p.lines[0].good(10)
    assert not p.lines[1].good(10)


# ---------------------------------------------------------------- vocabulary

def test_every_vocabulary_row_names_a_known_reason():
    assert {reason for reason, _, _, _ in VOCAB} <= set(REASONS)


@pytest.mark.parametrize("line, reason", [
    # cookie and paywall prompts
    ("This site uses cookies to give you a better service.", "cookie"),
    ("Forgot your password?", "paywall"),
    ("Not a member? Sign up", "paywall"),
    ("Sign in with your library card", "paywall"),
    # "Sign up" lines and a sign-up form's small print
    ("Sign up for our weekly tide report", "newsletter"),
    ("No spam, ever. You can unsubscribe at any time from the link in every e-mail we send you.", "newsletter"),
    ("Thank you for subscribing! Please check your inbox to confirm your subscription.", "newsletter"),
    # social embeds and share prompts
    ("Follow us on Mastodon for the island news as it happens every day of the week", "share"),
    ("These links will open in a new window", "share"),
    ("Share on Facebook", "share"),
    # "Read more" and lists of tags
    ("Read more: Island council sets its budget", "related links"),
    ("Tags: ferries, tides, island life", "related links"),
    # site-wide small print
    ("Tidewatch is a registered trademark of Carrow Holdings Ltd in the UK and other countries.", "legal"),
    ("This page requires JavaScript to play the video.", "other"),
    # bylines and datelines
    ("By Ines Varga and Tom Pell on Monday, May 3rd, 2031 at 9:05 a.m.", "byline"),
    ("Ines Varga, AP Island Affairs Writer", "byline"),
    ("Published Mon 3 May 2031 09.12 BST Last modified on Mon 3 May 2031 10.40 BST", "timestamp"),
    ("Published: May 3, 2031, 6:18 p.m. Updated: May 3, 2031, 7:10 p.m.", "timestamp"),
    # offers, apps, community sign-ups
    ("Get full access to the Courier for as little as 99p a week.", "paywall"),
    ("Download the Island Courier app for the tide tables", "advert"),
    ("READ THE FERRY TIMES ON THE GO BY CLICKING HERE", "advert"),
    ("Join our reader forums to keep talking about the islands and the boats that serve them!", "newsletter"),
    ("Hot topics Ferries Tides Budget", "related links"),
    ("Ines Varga 03/05/2031 News, Islands, Ferries", "timestamp"),
    ("Ines Varga - Nov 19, 2031, 10:31 pm CST", "byline"),
    # affiliate disclosures, tip lines, follow prompts, credit wordings
    ("We may earn a commission when you buy through links on our site.", "legal"),
    ("If you buy something through this post, the Courier may get a share of the sale.", "legal"),
    ("Have a tip? Ines Varga may be reached at ines.varga@courier.example or on 555-0142.", "contact"),
    ("Follow the Island Courier on Instagram and Facebook.", "share"),
    ("Courtesy of the Carrow Museum", "credit"),
    ("Photo illustration by the Courier; photos from the council archive", "credit"),
    ("Tom Pell Submitted photo", "credit"),
    # author boxes
    ("About Ines Varga", "author bio"),
    ("Award-winning reporter Ines Varga writes a weekly column on island life for the Courier.", "author bio"),
])
def test_vocabulary_classes(line, reason):
    words = len(line.split())
    assert line_vocabulary(line, words) == reason


@pytest.mark.parametrize("line", [
    "The council said the cookies sold at the fair raised enough to repaint the lifeboat station.",
    "She said she would follow the new timetable and open the cafe an hour earlier on ferry days.",
    "Her brother Tomas Venn is a reporter on the Courier, and he said the paper would check the tables.",
    "By the end of the week the harbour master had printed new tables for every noticeboard.",
    "About forty people came to the meeting in the church hall on Thursday evening.",
    "Click here to see the new timetable, which the council posted on Friday.",
    "The new tables take effect on 03/05/2031.",
    "The tables are online at islandcourier.example/2031/05/03/tables and on every noticeboard",
    "Estate agents may earn a commission of up to three per cent on each sale, the report found.",
    "Investors may receive a share of the proceeds once the harbour land is sold next year.",
    "Police say the man may be reached at his sister's house in Carrow, where he has stayed since.",
    "Follow the coast road on foot and you reach the old pier in twenty minutes.",
    "If you buy a ticket through the council website, the fare is two pounds cheaper.",
    "Fares rise again - Nov 19, 2031 is the date the council chose for the vote",
    "Share prices in the ferry company fell 6% in early trading.",
    "Updated figures published on Thursday showed 611 more crossings.",
    "If you buy from a private seller, you have fewer rights.",
    "The band lost a copyright case in 2019 over the harbour song.",
])
def test_body_sentences_that_share_furniture_words_stay_body(line):
    assert line_vocabulary(line, len(line.split())) == ""


def test_gate_words_never_hide_a_row_that_matches():
    # Every row's pattern is tried for every line it could match: ungated lines and gated
    # ones give the same reason for all the furniture lines above.
    rows = table().rows
    for line in ["Share on Facebook", "Forgot your password?", "\u00a9 2031 Carrow Courier", "3 comments",
                 "e-mail *", "Photo: Ines Varga", "###", "2031-05-03"]:
        words = len(line.split())
        first = next((r for r, limit, rx in rows if (limit is None or words <= limit) and rx.search(line)), "")
        assert vocabulary_reason(line, words) == first, line


# ---------------------------------------------------------------- captions and credits

@pytest.mark.parametrize("caption", [
    "Passengers wait on the quay at Carrow Point on Friday. (AP)",
    "The ferry sits on the sand bar at low tide [File: Island Press]",
    "The harbour master reads the tide gauge. (Jory Pascoe/Island Courier)",
    "In this May 2, 2031, file photo, the ferry leaves Carrow Point in fog.",
    "Image caption The old tide tables were printed in March",
])
def test_captions_that_carry_their_credit_are_furniture(caption):
    p = page_of([PARAS[0], caption, PARAS[1]])
    mark_captions(p)
    assert p.reason == ["", "caption", ""]


def test_the_line_before_a_credit_is_its_caption():
    p = page_of([PARAS[0], "The ferry on the sand bar", "Photo: Ines Varga", PARAS[1]])
    mark_captions(p)
    assert p.reason == ["", "caption", "credit", ""]


def test_a_sentence_long_caption_above_its_credit():
    cap = "Passengers wait on the quay at Carrow Point as the ferry sits on the sand bar."
    p = page_of([PARAS[0], cap, "Photo: Ines Varga", PARAS[1]])
    mark_captions(p)
    assert p.reason == ["", "caption", "credit", ""]


@pytest.mark.parametrize("lines", [
    # a paragraph that quotes someone is body, whatever follows it
    [PARAS[2], "Photo: Ines Varga", PARAS[1]],
    # a data source belongs to a chart, not to the paragraph above it
    [PARAS[0], "Source: Island Council", PARAS[1]],
    # the credit heads a caption of its own below
    [PARAS[0], "Image copyright Island Press", "Image caption The ferry at low tide", PARAS[1]],
])
def test_body_paragraph_above_a_credit_stays_body(lines):
    p = page_of(lines)
    mark_captions(p)
    assert p.reason[0] == ""


def test_a_line_between_byline_date_or_credit_is_a_caption():
    cap = "The ferry leaves Carrow Point in fog on a winter morning."
    p = page_of([HEADLINE, "Updated May 3, 9:41 AM", cap, "By Ines Varga", *PARAS])
    mark_sandwiched_captions(p)
    assert p.reason[2] == "caption"
    q = page_of([PARAS[0], "Advertisement", PARAS[1], "Advertisement", PARAS[2]])
    mark_sandwiched_captions(q)
    assert q.reason == ["", "advert", "", "advert", ""]


# ---------------------------------------------------------------- neighbours

def test_header_followers_take_the_header_reason():
    p = page_of(["Related", "Island council sets its budget", "New cafe opens on the quay", PARAS[0]])
    extend_headers(p)
    assert p.reason == ["related links", "related links", "related links", ""]


def test_contact_box_stops_at_a_line_that_is_no_contact():
    p = page_of(["Contact us", "Carrow Holdings, 4 Quay Street, Carrow", "Phone +44 1234 567890",
                 "Island ferry delays blamed on misprinted tide tables at Carrow Point"])
    extend_headers(p)
    assert p.reason == ["contact", "contact", "contact", ""]


def test_author_box_takes_the_paragraph_under_it():
    p = page_of([PARAS[0], "About Ines Varga",
                 "Ines has covered the islands for the Courier since 2024 and sails a small boat of her own.",
                 "Related"])
    extend_headers(p)
    assert p.reason[1:3] == ["author bio", "author bio"]
    assert p.reason[0] == ""


def test_repeats_of_lines_outside_the_body_are_furniture():
    menu = "Island news and weather"
    p = page_of([menu, HEADLINE, *PARAS, menu])
    body_run(p)
    assert drop_repeats(p)
    assert p.reason[-1] == "other" and p.reason[0] == ""
    assert p.repeats == {len(p.lines) - 1}


def test_a_line_repeated_inside_the_body_is_kept():
    p = page_of([HEADLINE, PARAS[0], "Serves four people", PARAS[1], "Serves four people", PARAS[2]])
    body_run(p)
    assert not drop_repeats(p)


def test_lines_around_the_body_are_labelled_by_where_they_sit():
    p = page_of(["Skip to content", "News", HEADLINE, *PARAS, "Ten quiet beaches for the autumn", "Contact"])
    p.reason = [""] * len(p.lines)
    body_run(p)
    p.title = 2
    label_outside_body(p)
    assert p.reason[:3] == ["breadcrumb", "breadcrumb", ""]
    assert p.reason[-2:] == ["related links", "other"]


def test_menu_runs_inside_the_body_are_navigation():
    p = page_of([PARAS[0], "News", "Sport", "Weather", PARAS[1]])
    p.start, p.end = 0, 4
    break_menu_runs(p)
    assert p.reason == ["", "navigation", "navigation", "navigation", ""]
    p = page_of([PARAS[0], "UK News", "Cars and Motoring", "Travel", PARAS[1]])
    p.start, p.end = 0, 4
    break_menu_runs(p)
    assert p.reason == ["", "navigation", "navigation", "navigation", ""]


def test_a_short_list_in_the_body_is_body():
    # the kit list reads as a list of things, not as menu labels
    p = page_of([PARAS[0], "Our kit for the crossing is simple.", "bottled water", "a dry bag",
                 "Spare woollen socks", "sun cream", PARAS[1]])
    p.start, p.end = 0, 6
    break_menu_runs(p)
    assert p.reason == [""] * 7


# ---------------------------------------------------------------- the body

def test_densest_run():
    assert densest_run([-3, 5, -1, 6, -20, 4]) == (1, 3)
    assert densest_run([-1, -2]) == (0, -1)
    assert densest_run([]) == (0, -1)


def test_prose_neighbours_single_out_lone_teasers():
    p = page_of(["Island news", "A teaser about the islands that reads like a sentence.", "Weather", "Sport",
                 "Advertisement", PARAS[0], PARAS[1]])
    p.reason[4] = "advert"
    # Known furniture is stepped over: the two paragraphs are each other's neighbours.
    assert prose_neighbours(p) == [True, False, True, True, True, True, True]


def test_body_run_skips_the_header_and_footer():
    p = page_of(["Menu", "News", HEADLINE, *PARAS, "Privacy policy"])
    body_run(p)
    assert (p.start, p.end) == (3, 6)


def test_a_list_introduced_by_a_colon_belongs_to_the_body():
    p = page_of([*PARAS, "The committee will check three things:", "the tide gauge", "the printer's proofs",
                 "the noticeboards"])
    p.start, p.end = 0, 3
    extend_body_end(p)
    assert p.end == 7


def test_a_closing_line_after_an_advert_or_a_picture_is_body():
    # a short last paragraph scores too little to pull the body run past the advert
    closing = "\u201cWe will not wait longer,\u201d she added."
    got = reasons_of(article("Advertisement", closing))
    assert got["Advertisement"] == "advert" and got[closing] == ""
    got = reasons_of(article("The quay at low tide. Photo: Mara Quist/Harbour Pictures", closing))
    assert got[closing] == ""
    got = reasons_of(article("Sign up to our free morning briefing", "Enter your email address", closing))
    assert got["Enter your email address"] == "newsletter" and got[closing] == ""
    # furniture after the body is not crossed: a comment form, then a sentence
    got = reasons_of(article("Leave a reply", "Your email address will not be published."))
    assert got["Your email address will not be published."] != ""


def test_a_bare_author_name_under_the_headline_does_not_hide_it():
    text = "\n\n".join(["News", "Opinion", "Culture", HEADLINE, "Orla Venn", *PARAS]) + "\n"
    doc = clean(article_from_text(text, "a.txt"))
    titles = [doc.display(i).text for i, b in enumerate(doc.blocks) if b.kind == "title"]
    assert titles == [HEADLINE]


def test_a_live_blog_entry_between_two_times_is_no_caption():
    entry = "The council has confirmed the ferry will run an extra crossing at six tonight."
    p = page_of(["13:30 BST", entry, "13:12 BST"])
    p.reason = ["timestamp", "", "timestamp"]
    mark_sandwiched_captions(p)
    assert p.reason[1] == ""
    p = page_of(["By Mara Quist", "The quay at low tide", "Photo: Harbour Pictures"])
    p.reason = ["byline", "", "credit"]
    mark_sandwiched_captions(p)
    assert p.reason[1] == "caption"


def test_a_comment_widget_between_paragraphs_does_not_end_the_body():
    text = "\n\n".join([HEADLINE, PARAS[0], PARAS[1], "42 comments", PARAS[2], PARAS[3]]) + "\n"
    got = reasons_of(text)
    assert got["42 comments"] == "comment form"
    assert got[PARAS[2]] == "" and got[PARAS[3]] == ""


@pytest.mark.parametrize("line", [
    "The notice on the quay says:",  # a quotation's introduction, not a commenter's name
    "This is what the harbour master wrote:",
    "One response to the misprint has been a printed apology on every noticeboard.",
])
def test_body_lines_shaped_like_comment_headers_stay_body(line):
    text = "\n\n".join([HEADLINE, PARAS[0], PARAS[1], line, PARAS[2], PARAS[3]]) + "\n"
    got = reasons_of(text)
    assert got[line] == "" and got[PARAS[3]] == ""


def test_a_comment_form_ends_the_body():
    p = page_of([*PARAS, "Leave a reply", "Ana says:", "I missed the boat twice this week and nobody told us why."])
    body_run(p)
    end_at_comment_threads(p)
    assert p.end == 3


def test_a_new_article_after_a_comment_form_resumes_the_body():
    second = "Lifeboat crew rescue two walkers cut off by the tide"
    p = page_of([*PARAS, "Leave a reply", "Ana says:", "I missed the boat twice this week.", second,
                 PARAS[1], PARAS[3]])
    body_run(p)
    assert next_article(p, 5, len(p.lines) - 1) == 7
    end_at_comment_threads(p)
    assert p.end == len(p.lines) - 1
    assert p.reason[4:7] == ["comment form"] * 3 and p.reason[7] == ""


def test_teasers_after_a_comment_form_are_no_new_article():
    teasers = ["Lifeboat crew rescue two walkers cut off by the tide", PARAS[1],
               "Who runs the ferry?", PARAS[3]]
    p = page_of([*PARAS, "Leave a reply", "Name *", *teasers])
    body_run(p)
    assert next_article(p, 5, len(p.lines) - 1) is None


def test_concatenated_articles_keep_every_body_after_each_comment_form():
    # Issue 10: many articles joined with comment forms in between.
    form = ["Leave a reply", "Your email address will not be published. Required fields are marked *",
            "Name *", "Post comment"]
    heads = [HEADLINE, "Lifeboat crew rescue two walkers cut off by the tide",
             "Island school wins a prize for its tide-gauge project"]
    parts: list[str] = []
    for h in heads:
        parts += [h, *PARAS, *form]
    text = "\n\n".join(parts) + "\n"
    doc = clean(article_from_text(text, "many.txt"))
    kept = doc.clean_text()
    for h in heads[1:]:
        assert h in kept
    assert kept.count(PARAS[3]) == 3
    for f in form:
        assert f not in kept.split("\n\n")


# ---------------------------------------------------------------- the headline

def test_markdown_title_from_front_matter():
    text = "---\ntitle: Ferry delays\n---\n\n# Other heading\n\n# Ferry delays\n\n" + PARAS[0] + "\n"
    p = page_lines(text, segment(text, True), True)
    assert p.lines[markdown_title(p)].text == "Ferry delays"


def test_repeated_page_title_prefers_the_repeat_above_the_body():
    p = page_of([HEADLINE + " | The Island Courier", "Menu", HEADLINE, *PARAS])
    body_run(p)
    assert repeated_page_title(p) == 2
    assert p.reason[0] == "other"


def test_headline_takes_back_a_repeat_of_a_menu_teaser():
    p = page_of([HEADLINE + " - Island Courier", "News", HEADLINE, "Sport", "Weather", HEADLINE, *PARAS])
    body_run(p)
    drop_repeats(p)
    p.repeats.add(5)
    p.reason[5] = "other"
    pick_headline(p)
    assert p.title == 5 and p.reason[5] == ""


def test_top_of_header_block():
    p = page_of(["Menu", HEADLINE, "By Ines Varga", *PARAS])
    p.reason[2] = "byline"
    p.reason[0] = "navigation"
    body_run(p)
    assert top_of_header_block(p) == 1


# ---------------------------------------------------------------- the whole pipeline

def test_pipeline_steps_are_named_functions():
    assert all(callable(s) and s.__doc__ for s in STEPS)


def test_whole_page_with_every_class(tmp_path):
    text = article(
        "Passengers wait on the quay at Carrow Point on Friday. (AP)",
        "No spam, ever. You can unsubscribe at any time from the link in every e-mail we send you.",
        "About Ines Varga",
        "Ines has covered the islands for the Courier since 2024 and sails a small boat of her own.",
        extra_before=("Forgot your password?", "This site uses cookies to give you a better service."),
    )
    got = reasons_of(text)
    for p in PARAS:
        assert got[p] == ""
    assert got["About Ines Varga"] == "author bio"
    assert got["Forgot your password?"] == "paywall"
    assert got["Passengers wait on the quay at Carrow Point on Friday. (AP)"] == "caption"


# ---------------------------------------------------------------- never a crash

@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400), st.booleans())
def test_clean_never_raises_and_blocks_tile_the_text(text, markdown):
    doc = clean(article_from_text(text, "x.md" if markdown else "x.txt"))
    assert sum(b.end - b.start for b in doc.blocks) == len(doc.text)
    for b in doc.blocks:
        assert (b.reason in REASONS) if b.boilerplate else b.reason == ""
    doc.clean_text()


_PIECES = st.sampled_from([
    "\n", "\n\n", " ", "\t", "\u00a0", "\u200b", "\r", "#", "# ", "> ", "- ", "1. ", "---\n", "```\n", "*", "_",
    ":", ".", "\u201c", "\u201d", "(AP)", "Photo: ", "By ", "About ", "Related", "Leave a reply", "Share",
    "\U0001F642", "\u3002", "\u0627", "\x00", "\x1b", HEADLINE, PARAS[0], "Ferry", "2031", "a.m.",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=60), st.booleans())
def test_clean_never_raises_on_page_like_text(pieces, markdown):
    doc = clean(article_from_text("".join(pieces), "x.md" if markdown else "x.txt"))
    assert sum(b.end - b.start for b in doc.blocks) == len(doc.text)
    if doc.title is not None:
        assert doc.blocks[doc.title].is_body


def test_a_breadcrumb_under_the_headline_is_no_standfirst():
    from annotations.article import article_from_text
    from annotations.cleaning import clean

    text = (HEADLINE + "\n\nBlog > Island Life > Ferries and Harbours of the North Coast\n\n"
            + "\n\n".join(PARAS) + "\n")
    doc = clean(article_from_text(text))
    sf = doc.standfirst
    assert sf is None or ">" not in doc.text[doc.blocks[sf].start:doc.blocks[sf].end]


def test_the_sentence_above_a_pictures_copyright_is_its_caption():
    from annotations.article import article_from_text
    from annotations.cleaning import clean

    caption = "An artist's impression of the new ferry terminal at Carrow Point, seen from the water."
    text = (HEADLINE + "\n\n" + PARAS[0] + "\n\n" + caption + "\n\n(Image: © Averly Council)\n\n"
            + "\n\n".join(PARAS[1:]) + "\n")
    doc = clean(article_from_text(text))
    reasons = {doc.text[b.content_start:b.content_end]: b.reason for b in doc.blocks}
    assert reasons[caption] == "caption"
    assert all(reasons[p] == "" for p in PARAS)
