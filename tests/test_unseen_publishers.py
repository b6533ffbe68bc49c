"""Error classes seen on publishers the extractor was not written against (issue 12).

Each page below reproduces the shape of a page of the tuned half of a public corpus
(``benchmarks/corpora``), with invented names and text: the rule it checks is general,
no site is named in the product code.
"""

from __future__ import annotations

from datetime import datetime, timezone

from newscrawler.extraction.body import choose
from newscrawler.extraction.metadata import extract_metadata
from newscrawler.extraction.notices import is_notice

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
STORY = "<p>" + "The council voted on Tuesday to keep the harbour open through the winter months. " * 6 + "</p>"


def _page(head: str = "", body: str = "", lang: str = "de") -> str:
    return f'<html lang="{lang}"><head>{head}</head><body><article>{body}{STORY}</article></body></html>'


def _meta(html: str, url: str = "https://www.hafenbote.example/politik/rat-stimmt-ab-123.html", tz: str | None = None):
    return extract_metadata(html, url, default_timezone=tz, now=NOW)


# --- titles ------------------------------------------------------------------------------


def test_title_kicker_in_its_own_element_keeps_the_separator_the_page_declares():
    """A topline and the headline in two <h1> children: their text glues; og:title has "Kicker: Headline"."""
    html = _page(
        '<meta property="og:title" content="Hafenpolitik:  Rat hält den Hafen im Winter offen">'
        "<title>Hafenpolitik: Rat hält den Hafen im Winter offen - Hafenbote</title>",
        '<h1><div class="topic-label">Hafenpolitik</div> Rat hält den Hafen im Winter offen</h1>',
    )
    assert _meta(html).title == "Hafenpolitik: Rat hält den Hafen im Winter offen"


def test_title_prefers_the_sole_visible_h1_over_an_seo_og_title():
    html = _page(
        '<meta property="og:title" content="Harbour vote: what we learned | Coast Times">',
        "<h1>Council keeps the harbour open all winter after a long night of votes</h1>",
        lang="en",
    )
    assert _meta(html).title == "Council keeps the harbour open all winter after a long night of votes"


def test_title_site_name_after_a_full_width_colon_goes():
    html = _page("<title>港の冬季営業を継続、市議会が可決 ：港湾新報</title>"
                 '<meta property="og:site_name" content="港湾新報">', lang="ja")
    assert _meta(html, "https://www.kowan.example/article/123/").title == "港の冬季営業を継続、市議会が可決"


def test_title_long_newspaper_name_after_a_dash_goes_when_the_host_is_its_initials():
    html = _page("<title>Rat hält den Hafen im Winter offen - Norddeutsche Hafen Zeitung</title>")
    assert _meta(html, "https://www.nhz.example/politik/rat-123.html").title == "Rat hält den Hafen im Winter offen"


def test_title_site_name_or_dateline_printed_inside_the_h1_goes():
    """The template prints "Headline | Site" (or "Headline 02.02.2022 •") in the <h1>; og:title has the headline."""
    suffix = _page('<meta property="og:title" content="Rat hält den Hafen im Winter offen">',
                   "<h1>Rat hält den Hafen im Winter offen | Hafenbote Online</h1>")
    assert _meta(suffix).title == "Rat hält den Hafen im Winter offen"
    dated = _page('<meta property="og:title" content="Rat hält den Hafen im Winter offen">',
                  '<h1>Rat hält den Hafen im Winter offen <span class="date">02.02.2022</span> • Politik</h1>')
    assert _meta(dated).title == "Rat hält den Hafen im Winter offen"


def test_title_css_inside_the_h1_is_not_part_of_it():
    html = _page("<title>Medienmitteilungen</title>",
                 "<h1><style>.c1{font-size:16px;color:#707070}</style>Rat hält den Hafen im Winter offen</h1>")
    assert _meta(html).title == "Rat hält den Hafen im Winter offen"


# --- authors -----------------------------------------------------------------------------


def test_authors_lose_their_von_by_prefix_and_job_title():
    html = _page(body='<div class="author">von stellvertretende Chefredakteurin Anna Weber</div>'
                      '<div class="byline">Von Online-Experte Jonas Roth</div>')
    assert _meta(html).authors == ["Anna Weber", "Jonas Roth"]


def test_authors_dateline_city_after_a_comma_is_not_an_author():
    html = _page(body='<p class="byline">Von Markus Haefler, London</p>')
    assert _meta(html).authors == ["Markus Haefler"]


def test_authors_site_name_is_passed_over_for_the_person_the_byline_names():
    html = _page(
        '<meta property="og:site_name" content="Hafenbote">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Rat hält den Hafen offen",'
        ' "author": {"@type": "Organization", "name": "Hafenbote"}}</script>',
        '<h1>Rat hält den Hafen offen</h1><p class="byline">Von Lena Brandt</p>',
    )
    assert _meta(html).authors == ["Lena Brandt"]


def test_authors_site_name_next_to_a_person_goes_and_only_the_site_means_none():
    with_person = _page('<meta property="og:site_name" content="Coast Times">'
                        '<meta name="author" content="Rob Pike, Coast Times">', lang="en")
    assert _meta(with_person, "https://coasttimes.example/2025/story").authors == ["Rob Pike"]
    only_site = _page('<meta property="og:site_name" content="Coast Times">'
                      '<meta name="author" content="Coast Times">', lang="en")
    assert _meta(only_site, "https://coasttimes.example/2025/story").authors == []


def test_authors_second_co_author_after_und_is_kept():
    html = _page(body='<span class="author">Von Roland Brück und Sebastian Dreher</span>')
    assert _meta(html).authors == ["Roland Brück", "Sebastian Dreher"]


def test_authors_a_blog_user_name_in_the_byline_markup_is_the_author():
    """Blogs and forums credit a user name: lower case, or with digits, and no space."""
    html = _page(body='<div class="entry-meta"><span class="author vcard">von <a href="/user/gizzmo">gizzmo</a></span></div>')
    assert _meta(html).authors == ["gizzmo"]
    digits = _page(body='<p class="post-author">Posted by <a rel="author" href="/u/1">freeman1984</a></p>')
    assert _meta(digits).authors == ["freeman1984"]
    prose = _page(body="<p>by hafenbote on Tuesday</p>")  # unmarked text: a lone lower-case word is no name
    assert _meta(prose).authors == []


def test_authors_a_user_name_in_metadata_gives_way_to_the_name_the_byline_spells_out():
    html = _page('<meta name="author" content="lenabrandt">', '<p class="byline">Von Lena Brandt</p>')
    assert _meta(html).authors == ["Lena Brandt"]


def test_authors_bylines_of_a_related_stories_list_are_not_co_authors():
    """Four separate byline elements, one name each: the story's own byline comes first."""
    cards = "".join(f'<li><a href="/s/{n}">Another story</a><span class="author">{name}</span></li>'
                    for n, name in enumerate(["Jonas Roth", "Mira Kolb", "Tim Sauer"]))
    html = _page(body=f'<span class="author">Lena Brandt</span><ul class="cards">{cards}</ul>')
    assert _meta(html).authors == ["Lena Brandt"]
    one_byline = _page(body='<span class="author">Lena Brandt, Jonas Roth, Mira Kolb und Tim Sauer</span>')
    assert _meta(one_byline).authors == ["Lena Brandt", "Jonas Roth", "Mira Kolb", "Tim Sauer"]


def test_authors_spanish_y_joins_the_last_co_author_and_a_handle_after_the_name_goes():
    html = _page(body='<div class="byline">Por Ana Ruiz, Luis Mora y José Gil</div>', lang="es")
    assert _meta(html).authors == ["Ana Ruiz", "Luis Mora", "José Gil"]
    handle = _page('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "x",'
                   ' "author": {"@type": "Person", "name": "Ana Ruiz @anaruiz"}}</script>', lang="es")
    assert _meta(handle).authors == ["Ana Ruiz"]


def test_authors_article_by_and_interview_labels_are_not_names():
    html = _page(body='<div class="author-box"><span class="label">Artikel von:</span></div>'
                      '<div class="article-author">Interview: Lena Brandt</div>')
    assert _meta(html).authors == ["Lena Brandt"]


def test_authors_a_blog_named_after_its_author_keeps_the_author():
    html = _page('<meta property="og:site_name" content="Lena Brandt\'s Blog"><meta name="author" content="Lena Brandt">')
    assert _meta(html, "https://hafenblog.example/2025/winter/").authors == ["Lena Brandt"]


def test_authors_a_label_on_its_own_line_names_the_author_on_the_next():
    """"Autor" as a small heading, the name in the element after it."""
    html = _page(body='<section class="meta"><h4>Autor</h4><p>Lena Brandt</p></section>')
    assert _meta(html).authors == ["Lena Brandt"]


def test_authors_links_to_german_author_pages_and_test_id_bylines_are_read():
    german = _page(body='<div class="meta"><a href="/ueber-uns/autor/lena-brandt">Lena Brandt</a>'
                        ' · <a href="/ueber-uns/autor/lena-brandt">Alle Artikel von Lena Brandt</a></div>')
    assert _meta(german).authors == ["Lena Brandt"]
    test_id = _page(body='<div data-testid="prism-byline"><span>Lena Brandt</span></div>', lang="en")
    assert _meta(test_id).authors == ["Lena Brandt"]


def test_authors_by_glued_to_the_name_and_a_stand_timestamp_are_not_names():
    glued = _page(body='<div data-testid="prism-byline"><span>By</span><span>J.R. Stone</span></div>', lang="en")
    assert _meta(glued).authors == ["J.R. Stone"]
    byron = _page(body='<p class="byline">Byron Hale</p>', lang="en")  # a name that starts with "By"
    assert _meta(byron).authors == ["Byron Hale"]
    stand = _page(body='<div class="author">Stand: 12.05.2020 10:14 Uhr</div>')
    assert _meta(stand).authors == []


# --- dates -------------------------------------------------------------------------------


def test_dates_japanese_and_korean_datelines():
    japanese = _page(body="<div>2020年3月4日 14時30分 配信</div>", lang="ja")
    assert _meta(japanese, tz="Asia/Tokyo").published.isoformat() == "2020-03-04T14:30:00+09:00"
    korean = _page(body="<div>입력 2020년 03월 04일 15:20</div>", lang="ko")
    assert _meta(korean, tz="Asia/Seoul").published.isoformat() == "2020-03-04T15:20:00+09:00"


def test_dates_german_month_names_and_labels():
    html = _page(body="<div>Veröffentlicht am 4. März 2021, 14:30 Uhr</div>")
    assert _meta(html, tz="Europe/Berlin").published.isoformat() == "2021-03-04T14:30:00+01:00"


def test_dates_dotted_numeric_dates_are_day_first_even_for_a_us_source():
    html = _page(body="<div>Veröffentlicht: 04.03.2021 14:30</div>")
    assert _meta(html, tz="America/New_York").published.date().isoformat() == "2021-03-04"


def test_dates_htmldate_finds_what_the_rules_do_not_but_not_an_updated_stamp():
    """An agency page with the date only in a script variable: htmldate's candidate is taken."""
    html = _page('<script>var pageData = {"pubDate": "2020-03-17 08:15:00"};</script>', "<h1>Ölpreis fällt</h1>")
    assert _meta(html).published.date().isoformat() == "2020-03-17"
    stamped = _page(body='<div>Updated <time datetime="2020-03-17T08:15:00+01:00" class="updated">17.3.</time></div>')
    meta = _meta(stamped)
    assert meta.updated is not None and meta.published is None


def test_dates_when_the_page_declares_two_days_htmldate_votes_between_them():
    """JSON-LD keeps a stale day (the draft's) while the meta tags and the dateline give the published one."""
    html = _page('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Rat stimmt ab",'
                 ' "datePublished": "2020-01-03T09:48:24+01:00"}</script>'
                 '<meta property="article:published_time" content="2020-01-06T09:22:36+01:00">',
                 '<h1>Rat stimmt ab</h1><p class="date">6. Januar 2020</p>')
    assert _meta(html).published.isoformat() == "2020-01-06T09:22:36+01:00"
    agreeing = _page('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Rat stimmt ab",'
                     ' "datePublished": "2020-01-03T09:48:24+01:00"}</script>', "<h1>Rat stimmt ab</h1>")
    assert _meta(agreeing).published.isoformat() == "2020-01-03T09:48:24+01:00"


# --- bodies ------------------------------------------------------------------------------

PAYWALL = [
    "Dieser Artikel ist nur für Abonnenten verfügbar.",
    "Jetzt abonnieren und weiterlesen. Bereits Abonnent? Hier anmelden.",
]
CONSENT = ["We use cookies to improve your experience. By clicking Accept all you agree to our cookie policy."]
REPRINT = ["This article was originally published by Coast Times. Reprint permission requests go to the desk."]


def test_body_paywall_consent_and_reprint_notices_are_no_body():
    for notice in (PAYWALL, CONSENT, REPRINT):
        assert is_notice(notice)
        assert choose(notice, None, []) == []
    story = ["The council voted on Tuesday to keep the harbour open through the winter."] * 3
    assert choose(PAYWALL, None, story) == story  # the page's declared body is taken instead
    assert not is_notice(story + ["Subscribe to our newsletter."])
