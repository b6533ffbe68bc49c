"""Per-page boilerplate removal and per-site template lines, on hand-written paragraph lists."""

from __future__ import annotations

import json

import pytest

from newscrawler.extraction.cleaning import SiteTemplateLines, clean_paragraphs, drop_repeated, is_boilerplate

TITLE = "Defence Minister Holds Phone Talks With US Counterpart"
BODY = [
    "New Delhi: The defence minister and his American counterpart on Thursday agreed to work on an "
    "ambitious agenda, including operational, intelligence and industrial cooperation.",
    "The minister said the two reviewed various aspects of the bilateral defence ties in a phone "
    "conversation that came less than a week before a planned trip to Washington.",
    "The minister described the phone conversation as \"excellent\", adding that both sides explored "
    "ways and means to expand and deepen the bilateral defence relationship.",
    "\"We also agreed to chart out an ambitious agenda,\" he said, according to PTI.",
]
SUMMARY = "The two ministers agreed to work on an ambitious agenda, including operational, intelligence and industrial cooperation."
SEED_SHAPED = [
    TITLE,
    SUMMARY,
    "File photo of the minister (ANI)",
    "author img",
    "By PTI",
    "Published : Feb 6, 2025, 8:09 PM IST",
    *BODY,
    *BODY,
    "For All Latest Updates",
    "TAGGED:",
    "DEFENCEMINISTER",
    "Quick Links / Policies",
    "Get Us On",
    "Example News IOS AppExample News Google App",
    "For any inquiries, please reach us at contactus@example.com",
    "Featured",
    "Exclusive | First Rocket To Lift-off From New Spaceport In 2 Yrs",
    "Government's New Tax Policy To Benefit 1 Crore More People",
    "Example News Logo",
    "Copyright © 2025 Example Enterprises Pvt. Ltd., All Rights Reserved.",
]


def test_seed_shaped_page_keeps_the_body_once_and_nothing_else():
    assert clean_paragraphs(SEED_SHAPED, title=TITLE) == BODY


@pytest.mark.parametrize(
    "line",
    [
        "File photo of Rajnath Singh (ANI)",
        "author img",
        "By PTI",
        "By Jane Doe",
        "Published : Feb 6, 2025, 8:09 PM IST",
        "Updated: February 7, 2025 10:15 IST",
        "For All Latest Updates",
        "TAGGED: DEFENCE, RAJNATH SINGH",
        "Share this article",
        "Download the Example News app for the latest news",
        "Sign up for our newsletter to get the best stories in your inbox.",
        "Also Read: Budget 2025 trims allocation for the foreign ministry",
        "Copyright © 2025 Example Media. All Rights Reserved.",
        "For any inquiries, please reach us at contactus@example.com",
        "Advertisement",
        "5 min read",
        "[Related: Keynote at the cloud conference draws protesters]",
        "Related post: Pickled sprouts recipe",
        "Design Week 2018 | A light installation for a lamp maker",
        "Also on example.com Ministers threatened with arrest as the purge widens",
        "copyright Example Magazine 2019 - ISSN: 1234-5678",
    ],
)
def test_boilerplate_lines(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the year, prices had risen in every state that was surveyed.",
        "Published reports said the talks had stalled over the price of the aircraft.",
        "The agreement covers joint exercises, the sharing of intelligence and the production of engines "
        "in India, officials said, adding that a formal announcement would follow after the visit.",
        "Readers who want to share their stories can write to the newspaper, which publishes a selection every week.",
        "India and the US signed a logistics pact in 2016 (PTI).",
        "Share prices fell 5% on Monday.",
        "Copyright lawsuits are rising, experts say.",
        "Officials declined to share this data with reporters.",
        "He said he would follow the debate on Twitter.",
        "The newsletter reported that sales fell.",
        "Users can get the new app from Monday, the company said.",
        "Published reports said the talks stalled in 2019.",
        "| Team | Wins | Losses |",
    ],
)
def test_prose_is_not_boilerplate(line):
    assert not is_boilerplate(line)


def test_related_list_goes_but_the_prose_after_it_stays():
    paragraphs = [BODY[0], "Related", "Budget trims allocation for ministry", "Rocket launch set for 2027", BODY[1]]
    assert clean_paragraphs(paragraphs) == [BODY[0], BODY[1]]


def test_headline_repeated_in_body_goes():
    assert clean_paragraphs([TITLE, *BODY[:2]], title=TITLE) == BODY[:2]
    # The <title> often carries a site suffix; the headline at the top of the body is its prefix.
    assert clean_paragraphs([TITLE, *BODY[:2]], title=f"{TITLE} | Example News") == BODY[:2]


def test_body_rendered_twice_comes_out_once_in_first_order():
    assert drop_repeated([*BODY, *BODY]) == BODY


def test_lists_that_repeat_short_lines_are_kept():
    plan = [
        "Meal 1",
        "Asparagus and eggs [1 cup asparagus, 2 soft-boiled eggs, 1 slice whole grain toast].",
        "Portion Fix Containers: 1 Green, 1 Red, 1 Yellow, 1 tsp.",
        "Meal 2",
        "Asparagus and eggs [1 cup asparagus, 2 soft-boiled eggs, 1 slice whole grain toast].",
        "Portion Fix Containers: 1 Green, 1 Red, 1 Yellow, 1 tsp.",
    ]
    assert drop_repeated(plan) == plan


def test_summary_restating_the_lead_goes_but_a_lead_alone_stays():
    assert clean_paragraphs([SUMMARY, *BODY]) == BODY
    assert clean_paragraphs([SUMMARY, BODY[1], BODY[2]]) == [SUMMARY, BODY[1], BODY[2]]


def test_whitespace_is_normalised_and_empty_lines_dropped():
    assert clean_paragraphs(["  Some   text\n here. ", "", "   "]) == ["Some text here."]


def _page(n: int) -> list[str]:
    return [
        "Home News Sports Business",
        f"Story number {n} says something different from every other story on this site today.",
        "For any inquiries write to the desk",
    ]


def test_site_template_lines_need_min_pages_distinct_bodies():
    lines = SiteTemplateLines(min_pages=3)
    for n in range(2):
        lines.observe("example.com", f"https://example.com/{n}", _page(n))
    assert lines.strip("example.com", _page(9)) == _page(9)  # seen on two pages only
    lines.observe("example.com", "https://example.com/2", _page(2))
    assert lines.strip("example.com", _page(9)) == [_page(9)[1]]
    assert lines.strip("other.example", _page(9)) == _page(9)  # per site


def test_syndicated_copies_do_not_make_their_body_a_template():
    lines = SiteTemplateLines(min_pages=3)
    for n in range(5):  # one wire story at five URLs of the site
        lines.observe("example.com", f"https://example.com/wire/{n}", [*BODY, "Home News Sports"])
    assert lines.strip("example.com", BODY) == BODY


def test_template_strip_never_empties_a_page():
    lines = SiteTemplateLines(min_pages=2)
    for n in range(3):
        lines.observe("example.com", str(n), ["Home News Sports", f"Story {n} with its own words in it."])
    assert lines.strip("example.com", ["Home News Sports"]) == ["Home News Sports"]


def test_agency_tag_inside_sentences_is_not_stripped():
    lines = SiteTemplateLines(min_pages=2)
    for n in range(4):
        lines.observe("example.com", str(n), [f"Talks number {n} ended on Friday, PTI reported.", "(PTI)"])
    kept = lines.strip("example.com", ["The minister left for Washington, PTI reported.", "(PTI)"])
    assert kept == ["The minister left for Washington, PTI reported."]


def test_site_template_state_round_trips_through_json():
    lines = SiteTemplateLines(min_pages=3)
    for n in range(3):
        lines.observe("example.com", str(n), _page(n))
    restored = SiteTemplateLines.from_dict(json.loads(json.dumps(lines.to_dict())))
    assert restored.min_pages == 3
    assert restored.strip("example.com", _page(7)) == [_page(7)[1]]


def test_min_pages_below_two_is_refused():
    with pytest.raises(ValueError):
        SiteTemplateLines(min_pages=1)


def test_site_template_state_stays_bounded():
    lines = SiteTemplateLines(min_pages=2, max_lines=50)
    for n in range(40):
        lines.observe("example.com", str(n), [f"Unique line {n} {m}" for m in range(5)] + ["Home News Sports"])
    assert len(lines.to_dict()["sites"]["example.com"]) <= 50
    assert lines.is_template("example.com", "Home News Sports")
