"""Quotes never start or end inside a word, and words broken across PDF lines read whole again.

Converted PDFs and slides break lines (and leave blank lines at page breaks) inside words:
「…税額控除（５％⼜は３％）も しくは特別償却」/「30%を措置します。」, 「…全社レベ」 ‹blank› 「ルのDX…」.
A catalog fact whose evidence string was copied from such text (「しくは特別償却30%」) used to be
quoted as it stood.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from advisor.chains.evidence import fact_evidence, unwrapped_lines
from advisor.config import REPO_ROOT, Settings
from advisor.programs.catalog import load_catalog
from advisor.text import close_word_gaps, compact, whole_words
from advisor.types import Citation


def test_a_space_or_break_inside_a_word_is_closed_and_others_are_kept() -> None:
    text = "税額控除(5%又は3%)も しくは特別償却30%を措置します。主務大臣 が認定した上で、全社レベ\n\nルのDX. The rate is 30 %."
    closed = close_word_gaps(text)
    assert "もしくは特別償却" in closed
    assert "全社レベルのDX" in closed
    assert "The rate is 30 %." in closed  # Latin words keep their spaces


def test_a_quote_cut_inside_a_word_takes_the_whole_word() -> None:
    passage = "税額控除(5%又は3%)も しくは特別償却 30%を措置します。"
    start, end = passage.find("しくは"), passage.find("30%") + 3
    s, e = whole_words(passage, start, end)
    assert compact(passage[s:e]) == "もしくは特別償却30%"
    start, end = passage.find("税額控除"), passage.find(")") + 1
    assert whole_words(passage, start, end) == (start, end)  # already whole: unchanged
    row = "従業員規模 5人以下 750万円 6〜20人 1,000万円"
    start = row.find("6〜20人")
    assert whole_words(row, start, len(row)) == (start, len(row))  # 「750万円 6〜20人」 are two numbers


def test_a_line_broken_inside_a_word_is_joined_even_across_a_blank_line() -> None:
    lines = unwrapped_lines("産業競争力強化法に新たな計画認定制度を創設。部門・拠点ごとではない全社レベ\n\nルのDXに向けた計画を主務大臣が認定。\n\n次の段落です。")
    assert any("全社レベルのDX" in line for line in lines)
    assert lines[-1] == "次の段落です。"


def test_a_fact_quoted_from_a_broken_word_is_quoted_whole() -> None:
    passage = "デジタル関連投資に対し、税額控除(5%又は3%)も しくは特別償却30%を措置します。"
    citation = Citation(source_id="doc", title="t", issuer="i", date="2023", page=None, section="", passage=passage, url="")
    fact = SimpleNamespace(evidence="しくは特別償却30%", value="特別償却 30%", citation=citation)
    program = SimpleNamespace(id="p", name=SimpleNamespace(value="DX投資促進税制"), kind="tax")
    ev = fact_evidence(program, "rates", fact, "")
    assert ev.original.startswith("もしくは特別償却30%")


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory):
    return load_catalog(Settings(data_dir=tmp_path_factory.mktemp("words"), corpus_dir=REPO_ROOT / "corpus"))


def test_the_catalog_passage_of_a_sentence_broken_inside_a_word_reads_whole(catalog) -> None:
    purpose = catalog["dx-toshi-sokushin-zeisei"].purpose
    assert "全社レベルのDXに向けた計画" in purpose.citation.passage
    assert "もしくは特別償却" in purpose.citation.passage


def test_a_fact_quoted_a_few_words_into_its_sentence_starts_with_the_sentence() -> None:
    passage = "制度を創設。部門・拠点ごとではない全社レベルのDXに向けた計画を主務大臣が認定した上で、投資に対し税額控除を措置します。"
    citation = Citation(source_id="doc", title="t", issuer="i", date="2023", page=None, section="", passage=passage, url="")
    fact = SimpleNamespace(evidence="ルのDXに向けた計画を主務大臣が認定した上で", value="…", citation=citation)
    program = SimpleNamespace(id="p", name=SimpleNamespace(value="DX投資促進税制"), kind="tax")
    assert fact_evidence(program, "purpose", fact, "").original.startswith("部門・拠点ごとではない全社レベルのDX")
