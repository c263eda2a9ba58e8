"""Questions about what follows fraud (不正受給, 加算金): answered from a 公募要領 that states it,
said plainly to be absent from documents that do not (NOTES.md "Out-of-scope, session 19")."""

from __future__ import annotations

import pytest

from advisor.chains.answer import answer_question
from advisor.programs import load_catalog
from advisor.understanding import rules, understand

from tests.conftest import one_guide_retriever


@pytest.mark.parametrize("text", [
    "補助金の不正受給になるのはどんな場合ですか？",
    "不正受給が発覚したら、どうなるんでしょう",
    "加算金って何ですか",
])
def test_a_question_about_fraud_sanctions_is_a_not_stated_kind(text: str) -> None:
    assert rules.not_stated(text) == "sanctions"
    assert understand(text, semantic=False).intent == "question"


@pytest.mark.parametrize("text", [
    "不正受給にならないように気をつけたい。ものづくり補助金の補助率は？",
    "賃上げ要件を達成できなかった場合、補助金を返還する必要がありますか？",
])
def test_other_questions_are_not_the_sanctions_kind(text: str) -> None:
    assert rules.not_stated(text) != "sanctions"


def test_the_bundled_documents_do_not_state_the_sanctions(built_settings, retriever) -> None:
    catalog = load_catalog(built_settings)
    question = "不正受給が発覚した場合、どうなりますか"
    answer = answer_question(question, settings=built_settings, retriever=retriever, catalog=catalog,
                             asked=understand(question, catalog=catalog, semantic=False))
    assert not answer.grounded and "記載がありません" in answer.text


def test_a_guideline_that_states_them_is_quoted(tmp_path) -> None:
    guide = ("第5章 補助金の返還等\n"
             "不正受給が判明した場合は、交付決定を取り消し、補助金の返還に加えて加算金を請求するとともに、事業者名を公表します。\n"
             "第6章 その他\n申請は電子申請システムで行います。\n")
    settings, retriever = one_guide_retriever(tmp_path, guide, "test-guide", "テスト補助金 公募要領")
    question = "テスト補助金で不正受給が判明した場合の加算金や返還はどうなりますか"
    answer = answer_question(question, settings=settings, retriever=retriever, asked=understand(question, semantic=False))
    assert "記載がありません" not in answer.text and "加算金" in answer.text
