"""Professional work outside the domain asked as advice, not as an artefact (session 28, NOTES.md
"Falsification on unread writers, session 28 (s28-fab)"): the labelling guide declines labour
disputes and M&A valuation "even for an SME"; owners ask them as a question — how to answer a
worker or a subcontractor who threatens to go to 労基, what the goodwill of the business would be
valued at — with no artefact (契約書, 回答書) named. A factual labour or tax question (時効は何年,
最低賃金はいくら) stays a question (not_in_documents), and so does anything about the programs
(a dispute told beside a subsidy question, a valuation's fee as an expense). Also 「…書いてよ」: a
casual request for outside work (an Instagram post) is a request."""

from __future__ import annotations

import pytest

from advisor.understanding import rules, understand


@pytest.mark.parametrize("text", [
    "パートさんと残業代のことで揉めてる。労基に行くって言われたけど、どう対応したらいい？",
    "下請けの職人とケンカになった。払わないなら訴えるって。どう返せばいいかね",
    "辞めた社員がユニオンに入って団交を申し入れてきました。どう対処すればよいでしょうか。",
])
def test_a_labour_dispute_asked_how_to_handle_is_outside_work(text: str) -> None:
    assert rules.outside_advice_asked(text)


@pytest.mark.parametrize("text", [
    "店を同業者に譲ろうと思ってる。のれん代っていくらくらいで評価されるもん？",
    "会社を売却する場合、うちの企業価値はどのくらいになりますか。社員8名、年商2億です。",
])
def test_a_valuation_of_the_owners_business_is_outside_work(text: str) -> None:
    assert rules.outside_advice_asked(text)


@pytest.mark.parametrize("text", [
    # labour / tax facts: questions (not_in_documents)
    "未払い残業代を請求されたら、時効は何年ですか？",
    "最低賃金っていくらですか？",
    # the programs beside the dispute or the valuation
    "従業員とのトラブルで人が辞めた。人手不足なので省力化の補助金を使いたい、どう進めればいい？",
    "事業承継で株価の評価を専門家に頼む費用は補助の対象になりますか",
    "労基の指摘で勤怠管理を見直したい。使える補助金はありますか",
    # a dispute prevented with AI: an AX goal
    "シフトのことでパートさんと揉めることが多い。AIでシフトを組めるようにしたいけど、どうしたらいい？",
])
def test_facts_and_the_programs_stay_questions(text: str) -> None:
    assert not rules.outside_advice_asked(text)


@pytest.mark.parametrize("text", [
    "ついでにインスタの投稿も書いてよ",
    "店のブログ記事、作ってよ。",
])
def test_a_casual_request_for_outside_work_is_a_task(text: str) -> None:
    assert rules.task_outside_domain([text], text)


def test_a_dispute_asked_how_to_handle_is_declined_and_a_fact_is_not() -> None:
    assert understand("下請けの職人とケンカになった。払わないなら訴えるって。どう返せばいいかね").declines
    assert not understand("未払い残業代を請求されたら、時効は何年ですか？").declines
