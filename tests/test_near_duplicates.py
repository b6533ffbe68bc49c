"""Near-duplicate stories: syndicated copies match, other stories with the same names do not."""

from __future__ import annotations

import stat

import numpy as np
import pytest

from newscrawler.dedupe.near import NearDuplicateIndex, NearIndexError

WIRE = """New Delhi: Defence Minister Rajnath Singh on Thursday held a telephone conversation with US Defence \
Secretary Pete Hegseth and the two leaders agreed to deepen the India-US defence partnership, officials said.

During the call, the two ministers reviewed the progress of joint exercises, the co-production of armoured \
vehicles and the supply of engines for the light combat aircraft, according to a statement issued in New Delhi.

Singh congratulated Hegseth on assuming office and invited him to visit India at an early date. The US side \
said it valued the role played by the Indian Navy in keeping shipping lanes in the western Indian Ocean open.

Both leaders also discussed the situation in West Asia and agreed that their teams would meet in Washington \
next month to finalise a new ten-year framework for defence cooperation between the two countries."""

# Same people, same phrases, a different story: it must stay apart.
OTHER_STORY = """Washington: Defence Minister Rajnath Singh met US Defence Secretary Pete Hegseth at the Pentagon \
on Monday, where the two leaders signed a ten-year framework for the India-US defence partnership, officials said.

The framework covers intelligence sharing, maritime patrols and a plan to build drones together in Gujarat, \
and replaces the agreement that expired last year, according to a statement issued in Washington.

Hegseth told reporters that the new framework would make it easier for American companies to open factories \
in India. Singh said the two countries had moved from a relationship of buyer and seller to one of partners.

Singh will travel to California on Wednesday to visit a shipyard and meet executives of engine makers \
before flying home at the end of the week, the Indian embassy said in a short statement."""

UNRELATED = """Mumbai: Heavy rain lashed the city for a third straight day on Tuesday, flooding low-lying roads \
and slowing suburban trains, while the weather office warned of more showers over the next forty-eight hours.

Local trains on the harbour line ran up to half an hour late and several bus routes were diverted after water \
entered underpasses in Andheri and Sion, municipal officials said in an update on social media.

Schools in the city and its suburbs were asked to stay shut on Wednesday as a precaution. The civic body said \
its pumping stations were working at full capacity and that teams had been sent to clear blocked drains.

Forecasters said a low-pressure area over the Bay of Bengal was pulling moist winds towards the coast and \
that the rain should ease by the weekend, though fishermen were advised not to venture into the sea."""


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def with_typos(text: str) -> str:
    """Swap two letters in every twentieth word."""
    words = text.split(" ")
    return " ".join(w[0] + w[2] + w[1] + w[3:] if i % 20 == 7 and len(w) > 4 else w for i, w in enumerate(words))


SYNDICATED = {
    "new headline and agency line": "Rajnath, Hegseth discuss defence ties over phone\n\n" + WIRE
    + "\n\n(With inputs from PTI)",
    "boilerplate around": "Follow us on X and Facebook for the latest updates.\n\n" + WIRE
    + "\n\nFor All Latest Updates download our app. TAGGED: Rajnath Singh, Pete Hegseth, US",
    "first line rewritten": "India and the United States will deepen military ties, Rajnath Singh told Pete "
    "Hegseth in a phone call on Thursday evening.\n\n" + "\n\n".join(paragraphs(WIRE)[1:]),
    "sentence added": WIRE.replace("officials said.", "officials said. The call lasted forty minutes."),
    "typos": with_typos(WIRE),
    "last paragraph cut": "\n\n".join(paragraphs(WIRE)[:3]),
}


@pytest.fixture
def index(tmp_path) -> NearDuplicateIndex:
    index = NearDuplicateIndex.open(tmp_path / "near")
    index.add("wire", WIRE)
    index.add("other", OTHER_STORY)
    index.add("unrelated", UNRELATED)
    return index


@pytest.mark.parametrize("edit", sorted(SYNDICATED))
def test_syndicated_copy_matches_the_wire_story(index: NearDuplicateIndex, edit: str) -> None:
    found = index.match(SYNDICATED[edit])
    assert found is not None and found[0] == "wire"
    assert 0.6 <= found[1] <= 1.0


def test_truncated_copy_matches_through_containment(index: NearDuplicateIndex) -> None:
    half = "\n\n".join(paragraphs(WIRE)[:2])
    found = index.match(half)
    assert found is not None and found[0] == "wire" and found[1] > 0.95


def test_teaser_far_shorter_than_the_story_does_not_match(tmp_path) -> None:
    index = NearDuplicateIndex.open(tmp_path / "near")
    index.add("long", "\n\n".join([WIRE, OTHER_STORY, UNRELATED, with_typos(OTHER_STORY), with_typos(UNRELATED)]))
    assert index.match(paragraphs(WIRE)[0] + " " + paragraphs(WIRE)[1]) is None


def test_same_names_and_phrases_in_another_story_do_not_match(tmp_path) -> None:
    index = NearDuplicateIndex.open(tmp_path / "near")
    index.add("wire", WIRE)
    assert index.match(OTHER_STORY) is None
    assert index.match(UNRELATED) is None


def test_half_of_one_story_spliced_with_another_does_not_match(tmp_path) -> None:
    index = NearDuplicateIndex.open(tmp_path / "near")
    index.add("wire", WIRE)
    index.add("unrelated", UNRELATED)
    spliced = "\n\n".join(paragraphs(WIRE)[:2] + paragraphs(UNRELATED)[2:])
    assert index.match(spliced) is None


def test_short_texts_never_merge(tmp_path) -> None:
    index = NearDuplicateIndex.open(tmp_path / "near")
    brief = "Markets closed higher on Friday. For All Latest Updates download our app and follow us on X."
    index.add("brief", brief)
    assert len(index) == 0
    assert index.match(brief) is None


def test_best_match_is_the_closest_copy(index: NearDuplicateIndex) -> None:
    index.add("copy", SYNDICATED["typos"])
    found = index.match(SYNDICATED["typos"] + "\n\n(With inputs from PTI)")
    assert found is not None and found[0] == "copy"


def test_remove_and_add_again_for_an_updated_article(index: NearDuplicateIndex) -> None:
    index.remove("wire")
    index.remove("never-added")
    assert index.match(WIRE) is None and len(index) == 2
    index.add("wire", OTHER_STORY)  # the article was rewritten under the same key
    index.add("wire", WIRE)
    assert len(index) == 3
    assert index.match(SYNDICATED["typos"])[0] == "wire"


def test_persistence_round_trip(index: NearDuplicateIndex, tmp_path) -> None:
    index.remove("unrelated")
    index.save(covers=4096)
    reopened = NearDuplicateIndex.open(tmp_path / "near")
    assert len(reopened) == 2
    assert reopened.covers == 4096
    assert reopened.match(SYNDICATED["last paragraph cut"])[0] == "wire"
    assert reopened.match(UNRELATED) is None
    # New rows (not yet consolidated) and stored rows are searched together.
    reopened.add("unrelated", UNRELATED)
    assert reopened.match(with_typos(UNRELATED))[0] == "unrelated"
    assert reopened.match(WIRE)[0] == "wire"


def test_save_is_atomic_and_private(index: NearDuplicateIndex, tmp_path) -> None:
    index.save(covers=0)
    index.save(covers=0)
    assert [p.name for p in tmp_path.iterdir()] == ["near"]
    assert stat.S_IMODE((tmp_path / "near").stat().st_mode) == 0o600


def test_same_input_gives_the_same_index(tmp_path) -> None:
    saved = []
    for name in ("a", "b"):
        index = NearDuplicateIndex.open(tmp_path / name)
        for key, text in (("wire", WIRE), ("other", OTHER_STORY)):
            index.add(key, text)
        index.save(covers=0)
        with np.load(tmp_path / name) as data:
            saved.append({key: data[key].copy() for key in data.files})
    assert saved[0].keys() == saved[1].keys()
    assert all(np.array_equal(saved[0][key], saved[1][key]) for key in saved[0])


def test_missing_file_opens_empty_and_corrupt_file_is_an_error(tmp_path) -> None:
    assert len(NearDuplicateIndex.open(tmp_path / "absent")) == 0
    (tmp_path / "broken").write_bytes(b"not an index")
    with pytest.raises(NearIndexError, match="broken"):
        NearDuplicateIndex.open(tmp_path / "broken")


def test_rows_survive_consolidation_with_removals(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("newscrawler.dedupe.near.PENDING_LIMIT", 2)
    index = NearDuplicateIndex.open(tmp_path / "near")
    index.add("wire", WIRE)
    index.add("other", OTHER_STORY)
    index.remove("other")
    index.add("unrelated", UNRELATED)  # the pending rows are merged into the sorted tables here
    index.add("other", OTHER_STORY)
    index.add("copy", with_typos(UNRELATED))
    assert len(index) == 4
    assert index.match(SYNDICATED["typos"])[0] == "wire"
    assert index.match(OTHER_STORY)[0] == "other"
    assert index.match(UNRELATED)[0] == "unrelated"


def test_index_written_with_other_parameters_is_refused(index: NearDuplicateIndex, tmp_path, monkeypatch) -> None:
    index.save(covers=0)
    monkeypatch.setattr("newscrawler.dedupe.near.SEED", 2)
    with pytest.raises(NearIndexError, match="other parameters"):
        NearDuplicateIndex.open(tmp_path / "near")


HINDI = " ".join(
    ["रक्षा मंत्री राजनाथ सिंह ने गुरुवार को अमेरिकी रक्षा मंत्री से फोन पर बात की और दोनों देशों के बीच रक्षा सहयोग"
     " को और मजबूत करने पर सहमति जताई।",
     "बातचीत में संयुक्त सैन्य अभ्यास, बख्तरबंद वाहनों के सह-उत्पादन और लड़ाकू विमानों के"
     " इंजनों की आपूर्ति पर चर्चा हुई।",
     "सिंह ने अपने अमेरिकी समकक्ष को जल्द भारत आने का न्योता दिया और दोनों पक्षों ने हिंद महासागर में नौवहन की"
     " सुरक्षा पर भी विचार साझा किए।",
     "अधिकारियों ने बताया कि दोनों देशों की टीमें अगले महीने वाशिंगटन में मिलकर दस साल के"
     " नए रक्षा ढांचे को अंतिम रूप देंगी।"]
)
JAPANESE = (
    "東京都は月曜日、記録的な大雨の影響で多くの路線が運転を見合わせたと発表した。気象庁によると、今後二日間は"
    "さらに強い雨が予想されており、低い土地での浸水や川の増水に十分な注意が必要だという。都内の小中学校の多くは"
    "火曜日を臨時休校とし、自治体は避難所を開設して住民に早めの避難を呼びかけている。"
)


@pytest.mark.parametrize(
    ("text", "copy"),
    [
        (HINDI, HINDI.replace("गुरुवार", "बुधवार") + " (एजेंसी इनपुट के साथ)"),
        (JAPANESE, "大雨で交通に乱れ\n\n" + JAPANESE + "（共同通信）"),
    ],
    ids=["hindi", "japanese"],
)
def test_copies_in_other_scripts_match(tmp_path, text: str, copy: str) -> None:
    index = NearDuplicateIndex.open(tmp_path / "near")
    index.add("original", text)
    index.add("wire", WIRE)
    assert index.match(copy)[0] == "original"
    assert index.match(WIRE.replace("Thursday", "Friday"))[0] == "wire"


def test_a_file_from_before_the_covers_mark_reads_as_unknown_coverage(index: NearDuplicateIndex, tmp_path) -> None:
    index.save(covers=4096)
    with np.load(tmp_path / "near") as data:
        older = {key: data[key].copy() for key in data.files if key != "covers"}
    with open(tmp_path / "near", "wb") as handle:
        np.savez(handle, **older)
    reopened = NearDuplicateIndex.open(tmp_path / "near")
    assert reopened.covers is None  # the dedupe pipeline rebuilds it from the archive
    assert reopened.match(WIRE)[0] == "wire"
