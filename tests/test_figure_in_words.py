"""An exact figure asked of a fact the documents state only in words (the 公庫 loan's 「基準利率よりも
低い利率」, the guarantee's 「別枠での追加保証」): the answer says the figure is not stated, then
quotes what the documents do say, cited — in a single message as in a follow-up (NOTES.md
"Conversations, session 25")."""

from __future__ import annotations

import pytest


def _turns(advisor, messages: list[str]):  # noqa: ANN001, ANN202
    sid = advisor.new_session(kind="eval")
    return [advisor.turn(sid, m) for m in messages]


@pytest.mark.parametrize("messages, quoted", [
    (["日本政策金融公庫の融資の金利は何％ですか"], "基準利率よりも低い利率"),
    (["DX認定とるとどうなる？", "その公庫の融資って、普通より金利安いん？", "具体的に何％になりますか"], "基準利率よりも低い利率"),
    (["DX認定を取ると信用保証はどうなりますか", "その追加保証の枠って具体的にいくら増えるんですか"], "別枠"),
])
def test_an_exact_figure_stated_only_in_words_is_not_stated(advisor, messages: list[str], quoted: str) -> None:
    last = _turns(advisor, messages)[-1]
    assert not last.blocked and not last.answer.grounded
    assert last.answer.text.startswith("資料には") and "具体的な数値の記載がありません" in last.answer.text
    assert quoted in last.answer.text and last.answer.citations


@pytest.mark.parametrize("messages, figure", [
    (["DX認定とるとどうなる？", "その公庫の融資って、普通より金利安いん？"], "低い利率"),  # asked in words: the words answer
    (["DX投資促進税制の税額控除は具体的に何%？"], "5%"),  # the documents state the figure
])
def test_a_figure_the_documents_state_or_a_question_in_words_is_answered(advisor, messages: list[str], figure: str) -> None:
    last = _turns(advisor, messages)[-1]
    assert last.answer.grounded and figure in last.answer.text
