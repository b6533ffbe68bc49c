"""The multilingual relevance benchmark: queries from treebank annotation, recall against FTS5."""

from __future__ import annotations

from benchmarks.search_languages import build_fts, fts_top, load, recall


def conllu(*sentences: tuple[str, str, list[tuple[str, str, str]]]) -> str:
    """CoNLL-U text: (sentence id, text, [(form, lemma, upos), ...]) per sentence."""
    blocks = []
    for sent_id, text, words in sentences:
        rows = [f"{n}\t{form}\t{lemma}\t{upos}\t_\t_\t0\troot\t_\t_" for n, (form, lemma, upos) in enumerate(words, 1)]
        blocks.append("\n".join([f"# sent_id = {sent_id}", f"# text = {text}", *rows]) + "\n")
    return "\n".join(blocks) + "\n"


def test_queries_are_other_forms_of_headline_words_and_cjk_words(tmp_path):
    (tmp_path / "de_test.conllu").write_text(conllu(
        ("n01001011", "Die Wahl beginnt", [("Die", "der", "DET"), ("Wahl", "Wahl", "NOUN"), ("beginnt", "beginnen", "VERB")]),
        ("n01001012", "Sie endet", [("Sie", "sie", "PRON"), ("endet", "enden", "VERB")]),
        ("n01002011", "Zwei Wahlen", [("Zwei", "zwei", "NUM"), ("Wahlen", "Wahl", "NOUN")]),
    ), encoding="utf-8")
    (tmp_path / "ko_test.conllu").write_text(conllu(
        ("n01001011", "대통령은 말했다", [("대통령은", "대통령", "NOUN"), ("말했다", "_", "VERB")]),
    ), encoding="utf-8")
    articles, queries = load(tmp_path)
    assert [(a.language, a.sentences) for a in articles] == [
        ("ko", ["대통령은 말했다"]), ("de", ["Die Wahl beginnt", "Sie endet"]), ("de", ["Zwei Wahlen"])]
    by_text = {q.text: q for q in queries}
    assert set(by_text) == {"대통령", "Wahlen", "Wahl"}
    assert by_text["Wahlen"].relevant == by_text["Wahl"].relevant == {articles[1].url, articles[2].url}
    assert by_text["대통령"].relevant == {articles[0].url}
    assert [q.held_out for q in queries] == [False, False, True]


def test_fts5_baselines_and_recall(tmp_path):
    from benchmarks.search_languages import Article

    article = Article("de", 1, ["Die Wahlen beginnen", "Heute"])
    unicode61 = build_fts(tmp_path / "u.sqlite", [article], "unicode61 remove_diacritics 2")
    trigram = build_fts(tmp_path / "t.sqlite", [article], "trigram")
    assert fts_top(unicode61, "Wahl") == [] and fts_top(unicode61, "wahlen") == [article.url]
    assert fts_top(trigram, "Wahl") == [article.url]  # a substring
    assert fts_top(trigram, 'say "what') == []  # quotes are escaped, not a syntax error
    assert recall([article.url, "x"], frozenset({article.url, "y"})) == 0.5
