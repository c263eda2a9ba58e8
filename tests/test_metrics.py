"""Metric arithmetic on a tiny example whose expected values are worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor.evaluation.datasets import load_jsonl
from advisor.evaluation.metrics import covering_rank, summarize

PASSAGES = [
    "中小企業の補助率は1/2です。",  # rank 1
    "補助上限額は 1,500 万円\nです。",  # rank 2: whitespace inside the figure
    "ＡＩ導入の事例。",  # rank 3: full-width Latin
    "賃上げ要件があります。",  # rank 4
]


def test_covering_rank_single_gold() -> None:
    assert covering_rank(PASSAGES, ["補助率は1/2"]) == 1
    assert covering_rank(PASSAGES, ["賃上げ要件"]) == 4
    assert covering_rank(PASSAGES, ["存在しない文言"]) is None


def test_covering_rank_matches_after_nfkc_and_whitespace_removal() -> None:
    # Gold "1,500万円です" vs passage "1,500 万円\nです": equal once all whitespace is removed.
    assert covering_rank(PASSAGES, ["1,500万円です"]) == 2
    # Gold written in half-width "AI導入" matches the passage's full-width "ＡＩ導入" via NFKC,
    # and a gold written with full-width digits and an ideographic space matches too.
    assert covering_rank(PASSAGES, ["AI導入"]) == 3
    assert covering_rank(PASSAGES, ["１，５００\u3000万円"]) == 2


def test_covering_rank_needs_every_gold_and_reports_the_rank_where_all_are_seen() -> None:
    # "補助率" first seen at rank 1, "賃上げ" at rank 4: all covered at rank 4.
    assert covering_rank(PASSAGES, ["補助率", "賃上げ"]) == 4
    # One gold never found: the question is not covered at any rank.
    assert covering_rank(PASSAGES, ["補助率", "見つからない"]) is None
    # A gold substring must sit inside one passage; it may not straddle two.
    assert covering_rank(PASSAGES, ["です。補助上限額"]) is None


def test_covering_rank_with_empty_gold_is_none() -> None:
    assert covering_rank(PASSAGES, []) is None
    assert covering_rank(PASSAGES, ["  "]) is None


def test_summarize_hand_checked() -> None:
    # Five questions whose covering ranks are 1, 3, None, 7, 2.
    #   recall@1  = |{1}| / 5           = 1/5 = 0.2
    #   recall@5  = |{1, 3, 2}| / 5     = 3/5 = 0.6
    #   recall@10 = |{1, 3, 7, 2}| / 5  = 4/5 = 0.8
    #   MRR = (1/1 + 1/3 + 0 + 1/7 + 1/2) / 5 = (42 + 14 + 6 + 21) / 42 / 5 = 83/210 ≈ 0.395238
    result = summarize([1, 3, None, 7, 2])
    assert result["recall@1"] == pytest.approx(0.2)
    assert result["recall@5"] == pytest.approx(0.6)
    assert result["recall@10"] == pytest.approx(0.8)
    assert result["mrr"] == pytest.approx(83 / 210)
    assert result["n"] == 5
    assert set(result) == {"recall@1", "recall@5", "recall@10", "mrr", "n"}


def test_summarize_of_nothing_is_zero_not_an_error() -> None:
    assert summarize([]) == {"recall@1": 0.0, "recall@5": 0.0, "recall@10": 0.0, "mrr": 0.0, "n": 0}


def test_end_to_end_ranks_from_passages() -> None:
    # Three questions over PASSAGES: ranks 2, None, 4 -> recall@1 0, recall@5 2/3, MRR (1/2 + 1/4)/3 = 0.25.
    golds = [["1,500万円"], ["ない"], ["補助率", "賃上げ"]]
    ranks = [covering_rank(PASSAGES, g) for g in golds]
    assert ranks == [2, None, 4]
    result = summarize(ranks)
    assert result["recall@1"] == 0.0
    assert result["recall@5"] == pytest.approx(2 / 3)
    assert result["mrr"] == pytest.approx(0.25)


def test_load_jsonl_skips_blank_lines_and_names_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": "a"}) + "\n\n" + json.dumps({"id": "b"}) + "\n", encoding="utf-8")
    assert [r["id"] for r in load_jsonl(path)] == ["a", "b"]
    path.write_text('{"id": "a"}\n{broken\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"d\.jsonl:2"):
        load_jsonl(path)
