"""The stories the labelled pages are built from: invented text, real-world shapes.

Each story knows its truth (headline, authors, dates in its newsroom's zone);
the page templates in :mod:`templates` render it the many ways sites do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Site:
    name: str
    host: str
    timezone: str
    zone: str  # the abbreviation the site prints after times
    language: str = "en"


@dataclass(frozen=True)
class Story:
    slug: str
    site: Site
    title: str
    standfirst: str
    paragraphs: list[str]
    authors: list[str]
    published: datetime
    updated: datetime | None = None
    section: str = "news"
    keywords: list[str] = field(default_factory=list)


def _at(site: Site, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=ZoneInfo(site.timezone))


ETV = Site("ETV Bharat", "www.etvbharat.com", "Asia/Kolkata", "IST")
CAPITAL = Site("Capital Chronicle", "www.capitalchronicle.example", "Asia/Kolkata", "IST")
LEDGER = Site("The Daily Ledger", "www.dailyledger.example", "America/New_York", "EDT")
GAZETTE = Site("Northern Gazette", "northerngazette.example", "Europe/London", "GMT")
PACIFIC = Site("Pacific Wire", "news.pacificwire.example", "America/Los_Angeles", "PST")
RHEIN = Site("Rhine Courier", "www.rhinecourier.example", "Europe/Berlin", "CEST")
HINDI = Site("Samachar Darpan", "www.samachardarpan.example", "Asia/Kolkata", "IST", "hi")

STORIES = [
    Story(
        "rajnath-singh-holds-phone-talks-with-us-counterpart-hegseth",
        ETV,
        "Defence Minister Rajnath Singh Holds Phone Talks With US Counterpart Hegseth",
        "Rajnath Singh and Pete Hegseth agreed to work on an ambitious agenda, including in the areas of "
        "operational, intelligence, logistics and industrial cooperation.",
        [
            "New Delhi: Defence Minister Rajnath Singh and his American counterpart Pete Hegseth on Thursday agreed "
            "to work on an ambitious agenda, including in the areas of operational, intelligence, logistics and "
            "industrial cooperation, to further boost the India-US strategic partnership.",
            "Singh said Hegseth reviewed various aspects of the bilateral defence ties in a phone conversation that "
            "came less than a week before Prime Minister Narendra Modi's planned trip to Washington. In a post on X, "
            "the defence minister said he and Hegseth reviewed the ongoing India-US defence cooperation and explored "
            "ways to further deepen the relationship.",
            'Singh described the phone conversation as "excellent". "We reviewed the ongoing defence cooperation and '
            'explored ways and means to expand and deepen the India-US bilateral defence relationship," he said.',
            '"We also agreed to chart out an ambitious agenda which includes operational, intelligence, logistics '
            'and defence-industrial cooperation," Singh added.',
        ],
        ["PTI"],
        _at(ETV, 2025, 2, 6, 20, 9),
        section="bharat",
    ),
    Story(
        "imd-forecasts-above-normal-monsoon-rain-for-central-india",
        CAPITAL,
        "IMD Forecasts Above-Normal Monsoon Rain For Central India In July",
        "The weather office expects the monsoon to cover the whole country a week ahead of schedule.",
        [
            "The India Meteorological Department on Friday said central India is likely to receive above-normal "
            "rainfall in July, easing worries about sowing of kharif crops after a weak start to the season.",
            "Officials said the monsoon trough had shifted south of its normal position, and a low-pressure area "
            "over the Bay of Bengal was expected to bring heavy showers to Madhya Pradesh, Chhattisgarh and Odisha "
            "over the next five days.",
            "Farmers' groups welcomed the forecast but warned that reservoirs in several districts were still "
            "below last year's levels, and urged state governments to plan for water rationing if the rains faltered.",
        ],
        ["Priya Sharma"],
        _at(CAPITAL, 2024, 6, 14, 9, 45),
        _at(CAPITAL, 2024, 6, 14, 13, 20),
        section="india",
    ),
    Story(
        "city-council-approves-transit-budget-after-marathon-session",
        LEDGER,
        "City Council Approves Transit Budget After Marathon Session",
        "The plan adds late-night bus service and freezes fares for two years.",
        [
            "After nearly nine hours of public comment, the City Council voted 11 to 4 on Tuesday night to approve a "
            "transit budget that adds late-night bus service on six routes and freezes fares until 2027.",
            "Supporters said the late-night routes would help hospital and restaurant workers whose shifts end after "
            "the last train, while opponents questioned how the city would cover a projected shortfall once federal "
            "relief money runs out next spring.",
            "The transit agency's director told council members that ridership had recovered to 84 percent of its "
            "pre-pandemic level and that the new routes would be reviewed after a year of service.",
        ],
        ["Jane Doe", "John Roe"],
        _at(LEDGER, 2025, 3, 11, 18, 30),
        _at(LEDGER, 2025, 3, 12, 7, 5),
        section="local",
    ),
    Story(
        "rail-unions-return-to-talks-as-strike-deadline-nears",
        GAZETTE,
        "Rail Unions Return To Talks As Strike Deadline Nears",
        "Both sides say a deal is possible before Monday.",
        [
            "Rail unions and train operators will resume talks on Thursday in a last attempt to avert a walkout that "
            "would halt most services across the north of England next week.",
            "The dispute centres on a proposed change to rostering rules, which the unions say would cut rest days for "
            "drivers, and on a pay offer that falls short of inflation over the past two years.",
            "A spokesperson for the operators said the company had made a fair offer and remained committed to "
            "reaching an agreement that protected services for passengers during the busy winter period.",
        ],
        ["Emma Clarke"],
        _at(GAZETTE, 2024, 11, 20, 20, 9),
        section="uk",
    ),
    Story(
        "chipmaker-opens-arizona-plant-ahead-of-schedule",
        PACIFIC,
        "Chipmaker Opens Arizona Plant Ahead Of Schedule",
        "The factory will employ about 2,000 people when it reaches full production.",
        [
            "A major semiconductor manufacturer opened its first Arizona factory on Wednesday, months ahead of the "
            "schedule it announced when construction began, and said it would start shipping chips to customers in "
            "the spring.",
            "Executives said the plant would produce processors for cars and data centres, and that a second building "
            "on the same site was already under construction, though its opening date depended on demand.",
            "State officials praised the project as a sign that the region could compete for advanced manufacturing, "
            "while local groups raised questions about the factory's water use during a long drought.",
        ],
        ["Reuters"],
        _at(PACIFIC, 2025, 1, 15, 14, 0),
        section="business",
    ),
    Story(
        "bright-comet-visible-to-the-naked-eye-this-week",
        RHEIN,
        "Bright Comet Visible To The Naked Eye This Week",
        "Astronomers say the best views will come just after sunset.",
        [
            "A comet discovered last year has brightened enough to be seen without binoculars, and astronomers say "
            "the coming week offers the best chance to spot it low in the western sky shortly after sunset.",
            "The comet made its closest approach to the Sun at the end of September and survived the encounter, "
            "which many researchers had doubted, and its tail now stretches several degrees across the sky.",
            "Observatories across the region plan public viewing evenings, weather permitting, and recommend "
            "finding a spot away from street lights with a clear view of the horizon.",
        ],
        ["Tom Baker"],
        _at(RHEIN, 2024, 10, 2, 6, 15),
        section="science",
    ),
    Story(
        "india-name-unchanged-squad-for-final-test-against-australia",
        CAPITAL,
        "India Name Unchanged Squad For Final Test Against Australia",
        "The selectors kept faith with the top order despite the defeat in Melbourne.",
        [
            "India's selectors on Friday named an unchanged squad for the final Test against Australia in Sydney, "
            "keeping faith with a top order that has struggled for runs throughout the series.",
            "The team management said the fast bowlers had recovered from minor injuries and would be available, "
            "and that a decision on the final eleven would be taken after inspecting the pitch on the morning of "
            "the match.",
        ],
        ["IANS"],
        _at(CAPITAL, 2025, 1, 3, 17, 40),
        section="sports",
    ),
    Story(
        "rbi-keeps-repo-rate-unchanged-signals-cut-later-this-year",
        CAPITAL,
        "RBI Keeps Repo Rate Unchanged, Signals Cut Later This Year",
        "The central bank raised its growth forecast and lowered its inflation projection.",
        [
            "The Reserve Bank of India on Wednesday kept its benchmark repo rate unchanged for the sixth meeting in "
            "a row, but its governor said easing inflation could open the door to a cut later in the year.",
            "The monetary policy committee voted five to one to hold the rate, with one member arguing for a "
            "quarter-point reduction to support investment, according to the statement released after the meeting.",
            "Economists said the central bank's revised projections, which raised the growth forecast and lowered "
            "expected inflation, were the clearest signal yet that the tightening cycle had ended.",
        ],
        ["Ravi Menon", "Anita Desai"],
        _at(CAPITAL, 2025, 4, 9, 11, 2),
        _at(CAPITAL, 2025, 4, 9, 15, 30),
        section="business",
    ),
]

HINDI_STORIES = [
    Story(
        "rajnath-singh-hegseth-phone-baat",
        HINDI,
        "रक्षा मंत्री राजनाथ सिंह ने अमेरिकी समकक्ष हेगसेथ से फोन पर बात की",
        "दोनों नेताओं ने रक्षा सहयोग को और मजबूत करने पर सहमति जताई।",
        [
            "नई दिल्ली: रक्षा मंत्री राजनाथ सिंह और उनके अमेरिकी समकक्ष पीट हेगसेथ ने गुरुवार को फोन पर बातचीत की "
            "और परिचालन, खुफिया, रसद तथा औद्योगिक सहयोग के क्षेत्रों में एक महत्वाकांक्षी एजेंडे पर काम करने पर सहमति जताई।",
            "सिंह ने कहा कि हेगसेथ के साथ बातचीत बहुत अच्छी रही और दोनों ने द्विपक्षीय रक्षा संबंधों के विभिन्न पहलुओं की "
            "समीक्षा की। यह बातचीत प्रधानमंत्री नरेंद्र मोदी की वाशिंगटन यात्रा से एक सप्ताह पहले हुई।",
            "रक्षा मंत्री ने सोशल मीडिया पर लिखा कि दोनों देश रक्षा औद्योगिक सहयोग को आगे बढ़ाने के लिए मिलकर काम करेंगे "
            "और आने वाले महीनों में कई संयुक्त अभ्यास भी किए जाएंगे।",
        ],
        ["PTI"],
        _at(HINDI, 2025, 2, 6, 21, 15),
        section="desh",
    ),
    Story(
        "mausam-vibhag-ne-jari-kiya-barish-ka-alert",
        HINDI,
        "मौसम विभाग ने मध्य भारत में भारी बारिश का अलर्ट जारी किया",
        "अगले पांच दिनों तक कई जिलों में तेज बारिश की संभावना है।",
        [
            "भारत मौसम विज्ञान विभाग ने शुक्रवार को कहा कि जुलाई में मध्य भारत में सामान्य से अधिक बारिश होने की संभावना है, "
            "जिससे खरीफ फसलों की बुवाई को लेकर किसानों की चिंता कम हुई है।",
            "अधिकारियों ने बताया कि बंगाल की खाड़ी में बने कम दबाव के क्षेत्र के कारण मध्य प्रदेश, छत्तीसगढ़ और ओडिशा में "
            "अगले पांच दिनों तक भारी बारिश हो सकती है।",
            "किसान संगठनों ने पूर्वानुमान का स्वागत किया, लेकिन कहा कि कई जिलों में जलाशयों का स्तर अभी भी पिछले साल से कम है।",
        ],
        ["Priya Sharma"],
        _at(HINDI, 2024, 6, 14, 10, 30),
        section="desh",
    ),
]
