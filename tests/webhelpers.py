"""Articles for the web tests: the CLI's sample records, a story in many copies to page
through, two languages, and a hostile article."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tests.searchhelpers import record, sample_records

HOSTILE_URL = "https://hostile.example/x?a=1&b=\"2\""
HOSTILE_TITLE = "<script>alert('title')</script>\"><img src=x onerror=alert(1)> gadget\x1b[31m\u202e"
HOSTILE_BODY = ("</p><script>document.title='pwned'</script>\n\n"
                "' onmouseover='alert(2)' \"><b>bold</b> gadget\x07 &amp; more")
MONSOON_SOURCES = ("Coast Times", "Hill Post", "Valley News")


def monsoon_records(count: int = 24) -> list[dict]:
    """``count`` monsoon reports over twelve days from three sources; every fourth in Hindi."""
    start = datetime(2025, 6, 1, 6, tzinfo=timezone.utc)
    records = []
    for n in range(count):
        hindi = n % 4 == 3
        records.append(record(
            f"https://{MONSOON_SOURCES[n % 3].lower().replace(' ', '')}.example/monsoon/{n}",
            f"मानसून रिपोर्ट {n}: monsoon" if hindi else f"Monsoon report {n}: rain gauge reads {n * 7} mm",
            f"मानसून monsoon बारिश {n}" if hindi else f"The monsoon brought {n * 7} mm of rain to district {n}.",
            published=(start + timedelta(days=n // 2, hours=n % 12)).isoformat(),
            source=MONSOON_SOURCES[n % 3], language="hi" if hindi else "en",
        ))
    return records


def web_records() -> list[dict]:
    return [
        *sample_records(),
        *monsoon_records(),
        record(HOSTILE_URL, HOSTILE_TITLE, HOSTILE_BODY, authors=["<b>Eve</b>", "Mallory\x1b[2J"],
               published="2025-02-09T10:00:00+00:00", source="Hostile <Site>"),
        {**record("https://js.example/post", "Link scheme check gadget", "An article whose URL is not a web link.",
                  published="2025-02-09T11:00:00+00:00", source="JS Site"), "url": "javascript:alert(3)"},
    ]
