"""Hybrid search's phrase overlap (advisor.retrieval.hybrid.phrase_overlap; off by default,
ADVISOR_PHRASE_WEIGHT turns it on): the share of the question's character 4-grams a candidate
contains verbatim is added to its fused score, so that of two sibling passages with the same words
the one whose wording the question quotes comes first."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from advisor.config import Settings
from advisor.retrieval.hybrid import Retriever, phrase_overlap
from advisor.text import compact

from tests.conftest import TINY_SOURCES, index_tiny_corpus_with

# Two sections built from the same words; only the first says them in the order a question quotes.
# Without the phrase bonus the second wins (its words score higher in BM25 and e5).
EXPENSES = (
    "# ものづくり補助金 公募要領（テスト用）\n\n"
    "## 機械装置・システム構築費\n機械装置の改良・修繕又は据付けに要する経費は補助対象です。見積書を添えて申請してください。\n\n"
    "## 機械装置等の経費\n修繕・改良・据付けに要する経費（機械装置）は補助対象です。\n"
)
QUOTING = "「機械装置の改良・修繕又は据付けに要する経費」は補助対象ですか。"
SOURCES = TINY_SOURCES + """  - id: tiny-expenses
    file: expenses.md
    title: ものづくり補助金 公募要領（テスト用）
    issuer: テスト発行者
    date: "2026-02"
    kind: guideline
"""


@pytest.fixture(scope="module")
def phrase_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return index_tiny_corpus_with(tmp_path_factory.mktemp("phrase"), {"expenses.md": EXPENSES}, SOURCES)


def test_overlap_is_the_share_of_the_querys_distinct_4grams_found_verbatim() -> None:
    # 補助対象経費 has three 4-grams: 補助対象, 助対象経, 対象経費.
    texts = [compact("これは補助対象経費です"), compact("補助対象外の経費"), compact("関係のない文")]
    assert phrase_overlap("補助 対象経費", texts).tolist() == pytest.approx([1.0, 1 / 3, 0.0])
    # Full-width and half-width forms match (NFKC on both sides), whitespace is ignored.
    assert phrase_overlap("ＡＢＣＤ", [compact("abcd ABCD")]).tolist() == [1.0]
    assert phrase_overlap("補助", texts).tolist() == [0.0, 0.0, 0.0]  # shorter than one 4-gram


def test_the_passage_whose_wording_is_quoted_outranks_its_sibling(phrase_settings: Settings) -> None:
    def top_two(settings: Settings) -> list[str]:
        return [h.chunk.heading_path[-1] for h in Retriever(settings).search(QUOTING, k=2, mode="hybrid")]

    assert top_two(phrase_settings.model_copy(update={"phrase_weight": 0.4})) == ["機械装置・システム構築費", "機械装置等の経費"]
    assert top_two(phrase_settings.model_copy(update={"phrase_weight": 0.0})) == ["機械装置等の経費", "機械装置・システム構築費"]
    assert phrase_settings.phrase_weight == 0.0  # off by default (evals/README.md, variant (i))


@pytest.mark.parametrize("question", [QUOTING, "見積書を添えて申請が必要ですか", "補助率はいくらですか"])
def test_the_bonus_is_weight_times_overlap_on_top_of_the_fused_score(phrase_settings: Settings, question: str) -> None:
    """Same candidates, same fusion: each score differs by exactly phrase_weight × overlap (MMR
    off, so that scores are the fused ones); lexical and dense modes get no bonus."""
    plain = Retriever(phrase_settings.model_copy(update={"phrase_weight": 0.0, "mmr_penalty": 0.0}))
    with_phrase = Retriever(phrase_settings.model_copy(update={"phrase_weight": 0.4, "mmr_penalty": 0.0}))
    before = {h.chunk.id: h for h in plain.search(question, k=20, mode="hybrid")}
    after = {h.chunk.id: h for h in with_phrase.search(question, k=20, mode="hybrid")}
    assert before.keys() == after.keys()
    bonuses = []
    for chunk_id, hit in after.items():
        overlap = phrase_overlap(question, [compact(hit.chunk.text_with_heading())])[0]
        assert hit.score - before[chunk_id].score == pytest.approx(0.4 * overlap)
        bonuses.append(overlap)
    assert np.max(bonuses) > 0  # the question shares wording with some passage: the check is not vacuous
    for mode in ("lexical", "dense"):
        assert [h.score for h in plain.search(question, k=5, mode=mode)] == [h.score for h in with_phrase.search(question, k=5, mode=mode)]


def test_phrase_weight_is_a_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ADVISOR_PHRASE_WEIGHT", "0.4")
    assert Settings(data_dir=tmp_path).phrase_weight == 0.4
