"""Messages with context before the question (「うちは食堂です。…現金で払ってもいいですか？」):
the asking sentences are found, and hybrid search weighs them above the context sentences on a
real index (BM25 and e5), so a passage that matches only the context no longer wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.index.analysis import asking_sentences
from advisor.retrieval.hybrid import Retriever

from tests.conftest import TINY_SOURCES, index_tiny_corpus_with


@pytest.mark.parametrize(
    ("message", "asking"),
    [
        ("小さな食堂をやっています。代金は現金で払ってもいいですか？", ["代金は現金で払ってもいいですか?"]),
        ("うちは町工場です。補助金をもらったあとも報告がいるんでしょうか。", ["補助金をもらったあとも報告がいるんでしょうか。"]),
        # Context between two questions: both questions ask.
        ("補助率は？うちは従業員5人です。上限額はいくらですか。", ["補助率は?", "上限額はいくらですか。"]),
        # No sentence asks: the last one stands for the question.
        ("機械を買い替えます。補助の対象を知りたいです。前の機械は売ります。", ["前の機械は売ります。"]),
        # A request ending asks too.
        ("従業員は5人です。対象になる経費を教えてください", ["対象になる経費を教えてください"]),
    ],
)
def test_the_asking_sentences_of_a_message_with_context(message: str, asking: list[str]) -> None:
    assert asking_sentences(message) == asking


@pytest.mark.parametrize(
    "message",
    ["現金で払ってもいいですか？", "補助率は？", "補助上限額を教えてください。", "",
     # Every sentence asks: nothing to weigh down.
     "どのような事業が採択されますか。また、どれくらいの割合で採択されますか。"],
)
def test_a_message_without_context_sentences_has_no_separate_asking_part(message: str) -> None:
    assert asking_sentences(message) == []


# A payment rule, and a case study that shares the message's context words (食堂, 配膳ロボット,
# 販売店) but says nothing about how to pay.
PAYMENT = (
    "# 支払いのルール（テスト用）\n\n"
    "## 支払方法\n補助対象経費の代金は銀行振込で払ってください。現金で払った代金は補助の対象となりません。\n\n"
    "## 導入事例\n小さな食堂が配膳ロボットを販売店と相談して導入した事例です。\n"
)
PAYMENT_SOURCES = TINY_SOURCES + """  - id: tiny-payment
    file: payment.md
    title: 支払いのルール（テスト用）
    issuer: テスト発行者
    date: "2026-03"
    kind: guideline
"""
MESSAGE = "小さな食堂をやっています。配膳ロボットを販売店と相談して入れるつもりです。代金は現金で払ってもいいですか？"


@pytest.fixture(scope="module")
def payment_settings(tmp_path_factory: pytest.TempPathFactory):
    return index_tiny_corpus_with(tmp_path_factory.mktemp("asking"), {"payment.md": PAYMENT}, PAYMENT_SOURCES)


def _first_heading(settings, **overrides) -> str:
    hits = Retriever(settings.model_copy(update=overrides)).search(MESSAGE, k=3, mode="hybrid")
    return hits[0].chunk.heading


def test_hybrid_search_weighs_the_question_above_its_context(payment_settings) -> None:
    assert "支払方法" in _first_heading(payment_settings)


def test_without_the_weighting_the_context_wins(payment_settings) -> None:
    """The same index with the weighting off (ADVISOR_CONTEXT_WEIGHT=1,
    ADVISOR_ASKING_DENSE_SHARE=0): the case study that shares the context's words comes first,
    which is why the weighting exists."""
    assert "導入事例" in _first_heading(payment_settings, context_weight=1.0, asking_dense_share=0.0)


def test_a_one_sentence_question_ranks_the_same_either_way(payment_settings) -> None:
    question = "配膳ロボットの代金は現金で払ってもいいですか？"
    on = Retriever(payment_settings).search(question, k=5, mode="hybrid")
    off = Retriever(payment_settings.model_copy(update={"context_weight": 1.0, "asking_dense_share": 0.0})).search(question, k=5, mode="hybrid")
    assert [h.chunk.id for h in on] == [h.chunk.id for h in off]


def test_the_weights_are_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from advisor.config import Settings

    monkeypatch.setenv("ADVISOR_CONTEXT_WEIGHT", "1")
    monkeypatch.setenv("ADVISOR_ASKING_DENSE_SHARE", "0")
    settings = Settings()
    assert (settings.context_weight, settings.asking_dense_share) == (1.0, 0.0)
