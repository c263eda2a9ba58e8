"""The sentence that defines a term of the question answers it (advisor.chains.evidence.defines,
DEFINITION_BONUS), whatever the question's form: 「基準年度はいつを設定すれば…」 is answered by
「…その直前の事業年度を基準年度とします」, not by the sentences around it that share more words with
the question; end to end on a guide of its own (real ingest, real retriever)."""

from __future__ import annotations

import pytest

from advisor.chains import evidence
from advisor.chains.answer import Asked, answer_question
from advisor.chains.evidence import defines, question_terms
from advisor.chains.grounding import statement_sentences
from advisor.config import Settings
from advisor.retrieval.hybrid import Retriever
from advisor.text import compact
from tests.conftest import one_guide_retriever

# The defining sentence is a なお rider; the sentences before it name 基準年度 too and repeat the
# question's 設定, so they score higher on words alone.
GUIDE = (
    "テスト補助金 公募要領\n"
    "2.5 基本要件\n"
    "基準年度の実績をもとに、申請者自身で目標値を設定してください。\n"
    "基準年度の実績より高い目標値を設定した場合、その高さの度合いに応じて審査で評価します。\n"
    "基準年度の決算が赤字の場合も、同様に目標値を設定してください。\n"
    "補助事業完了後に補助金の額の確定に至った日を含む事業年度を事業計画の1年目とします。\n"
    "なお、その直前の事業年度を基準年度とします。\n"
    "\n"
    "2.6 用語\n"
    "付加価値額とは、営業利益、人件費、減価償却費を足したものをいいます。\n"
)


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Retriever]:
    return one_guide_retriever(tmp_path_factory.mktemp("definitions"), GUIDE, "def-guide", "テスト補助金 公募要領（用語）")


@pytest.mark.parametrize(
    ("term", "sentence", "defined"),
    [
        ("基準年度", "なお、その直前の事業年度を基準年度とします。", True),
        ("付加価値額", "付加価値額とは、営業利益、人件費、減価償却費を足したものをいいます。", True),
        ("5W1H", "KPI 及び 5W1H（施策の意義、内容、期限、担当部署のことをいう。以下同じ。）を設定し", True),
        ("借用", "※3 「借用」とは、いわゆるリース・レンタルをいい", True),
        # Using a term is not defining it.
        ("基準年度", "基準年度の決算書を提出してください。", False),
        ("設定", "目標値を設定してください。", False),
    ],
)
def test_a_sentence_defines_a_term_when_it_says_what_the_term_is(term: str, sentence: str, defined: bool):
    assert defines(term, sentence) is defined


def test_the_terms_of_a_question_are_its_runs_of_kanji_katakana_and_latin_letters():
    assert question_terms("基準年度はいつを設定すればよいですか。") == ["基準年度", "設定"]


def test_the_defining_sentence_answers_a_when_question_about_a_term(guide, monkeypatch):
    settings, retriever = guide
    question = "基準年度はいつを設定すればよいですか。"

    def first_sentence() -> str:
        answer = answer_question(question, settings=settings, retriever=retriever, asked=Asked(slots=["date"]))
        assert answer.grounded, answer.text
        return compact(statement_sentences(answer.text)[0])

    assert "直前の事業年度を基準年度" in first_sentence()
    # Without the rule a sentence sharing more words with the question answers first.
    monkeypatch.setattr(evidence, "DEFINITION_BONUS", 0.0)
    assert "直前の事業年度を基準年度" not in first_sentence()
