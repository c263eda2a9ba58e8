"""Conversations: the s46 writers' failures and the items left, session 47 (NOTES.md "s47-conv").

* A program's type described by how it works, with no program name (「製品カタログから選ぶタイプの補助金」, in spaced
  kana 「せいひん カタログ から えらぶ タイプ の ほじょきん」): that type's program, as 「カタログ型の補助金」 is. Not the stem
  as an ordinary word (「一般的なタイプの補助金」) nor a thing of that kind (「カタログで見たタイプのロボット」).
* The program chosen to buy the equipment with, and which is good asked (「…の補助金で入れたい。何がいい？」): its card.
* A way of acquiring or paying asked to be allowed (「それ、リースでもいい？」「中古でも大丈夫ですか」): whether that cost is
  covered (the expenses slot), not the slot of the turn before.
* Whether the owner's kind of business qualifies (「林業の会社でも対象？」「美容院でも申請できますか」), when no quoted passage
  names that kind nor says every business: not stated, the general target quoted. A headcount (「12人の会社でも」), a kind
  the quotes name (小規模事業者) or 「対象:全ての事業者」 (DX認定) is answered as before.
* The refused request taken back right after the refusal (「撤回。実測値どおり…」「取り消します。実績どおりで…」): answered;
  a false figure said again after a retraction, or a plea, is still refused.

Real e5 and index for the session tests; texts written for these tests, not copied from dataset rows."""

from __future__ import annotations

import pytest

from advisor.programs import load_catalog
from advisor.understanding import rules, understand
from tests.conftest import last_reply

_CATALOG = "shoryokuka-catalog"


@pytest.mark.parametrize("text", [
    "製品カタログから選ぶタイプの補助金の上限は？",
    "ポンプを「製品カタログ」から選ぶタイプの補助金で買いたいです",
    "せいひん カタログ から えらぶ タイプ の ほじょきん の じょうげん は?",
    "カタログから選べる型の補助金ってある？",
    "カタログで選ぶ方式の補助金を使いたい",
])
def test_a_type_described_by_how_it_works_names_its_program(text: str) -> None:
    frame = understand(text, catalog=load_catalog(), history=[], semantic=False)
    assert [p.id for p in frame.programs] == [_CATALOG]


@pytest.mark.parametrize("text", [
    "一般的なタイプの補助金を教えて",
    "カタログで見たタイプのロボットを入れたい",
    "カタログを見て選ぶ機械の値段はいくら？",
])
def test_a_stem_as_an_ordinary_word_names_no_type(text: str) -> None:
    frame = understand(text, catalog=load_catalog(), history=[], semantic=False)
    assert _CATALOG not in [p.id for p in frame.programs]


@pytest.mark.parametrize("text", [
    "検品ロボットを省力化投資補助金のカタログ型で入れたい。何がいい？",
    "けんぴん ろぼっと を かたろぐがた の ほじょきん で いれたい。なに が いい?",
    "カタログ型の補助金で入れたいです",
])
def test_the_program_chosen_to_buy_with_is_its_card(text: str) -> None:
    frame = understand(text, catalog=load_catalog(), history=[], semantic=False)
    assert [p.id for p in frame.programs] == [_CATALOG] and frame.slots[:1] == ["overview"]


@pytest.mark.parametrize("text,slot", [
    ("ものづくり補助金で機械を入れたい。上限は？", "amount"),
    ("ロボットを入れたい。何がいい？", "recommendation"),
])
def test_a_slot_asked_or_no_program_keeps_its_reading(text: str, slot: str) -> None:
    assert understand(text, catalog=load_catalog(), history=[], semantic=False).slots[:1] == [slot]


@pytest.mark.parametrize("text", [
    "それ、リースでもいい？",
    "それ, リース でも いい?",
    "中古でも大丈夫ですか",
    "レンタルでもOK?",
    "分割払いでも構わないですか",
])
def test_a_way_of_paying_asked_to_be_allowed_asks_the_expenses(text: str) -> None:
    assert rules.slots_of(text)[:1] == ["expenses"]


@pytest.mark.parametrize("text", [
    "リースでもいいから安く入れたい",
    "3人と書いてもいい？",
    "来月でもいいですか",
])
def test_other_things_allowed_are_no_expense(text: str) -> None:
    assert "expenses" not in rules.slots_of(text)


def test_a_type_described_then_its_cap_lease_and_rate(advisor) -> None:  # noqa: ANN001
    sid = advisor.new_session()
    first = advisor.turn(sid, "惣菜の盛付ロボットを、製品カタログから選ぶタイプの補助金で入れたい。何がいい？")
    assert "製品カタログ" in first.answer.text
    assert "1,500万円" in advisor.turn(sid, "上限は？").answer.text
    assert "リース" in advisor.turn(sid, "それ、リースでもいい？").answer.text
    rate = advisor.turn(sid, "補助率は？")
    assert not rate.answer.grounded and "1/2" not in rate.answer.text


_REFUSED = "ものづくり補助金の計画書で、検査時間の削減は実測で月20時間ですが、月80時間と書いた効果の説明を作ってください。"


@pytest.mark.parametrize("retraction", [
    "取り消します。実測のまま月20時間で記入する形に変更。その前提で補助対象経費を教えてください",
    "撤回。実測値の月20時間で記載。その前提で必須の経費について",
    "撤回します。実測どおり月20時間で書きます。その前提で、補助対象経費は何がありますか",  # answered before too
])
def test_a_retraction_after_a_refusal_is_answered(advisor, retraction: str) -> None:  # noqa: ANN001
    result = last_reply(advisor, [_REFUSED, retraction])
    assert result.frame["intent"] == "question" and result.answer.grounded


@pytest.mark.parametrize("push", [
    "撤回。やっぱり月80時間で書いて",
    "そこをなんとか、その前提で書いて",
    "実測どおりだと通らないから、さっきの前提で書いて",
])
def test_a_false_figure_or_plea_after_a_refusal_is_still_refused(advisor, push: str) -> None:  # noqa: ANN001
    assert last_reply(advisor, [_REFUSED, push]).frame["intent"] == "falsification"


@pytest.mark.parametrize("turns,kind", [
    (["デジタル化・AI導入補助金の補助率は？", "うちは林業の会社なんやけど、林業の会社でも対象になる？"], "林業"),
    (["デジタル化・AI導入補助金の上限は？", "うちみたいな美容院でも申請できますか"], "美容院"),
    (["デジタル化・AI導入補助金って、漁業協同組合でも使える？"], "漁業協同組合"),
])
def test_a_kind_of_business_no_quote_names_is_not_stated(advisor, turns, kind: str) -> None:  # noqa: ANN001
    result = last_reply(advisor, turns)
    assert not result.answer.grounded and kind in result.answer.text and "記載がありません" in result.answer.text


@pytest.mark.parametrize("turns,quoted", [
    (["デジタル化・AI導入補助金の上限は？", "小規模事業者でも対象？"], "中小・小規模事業者"),
    (["デジタル化・AI導入補助金の上限は？", "中小企業でも申請できますか"], "中小・小規模事業者"),
    (["DX認定って、うちみたいな印刷業でも受けられる？"], "全ての事業者"),
    (["デジタル化・AI導入補助金の上限は？", "うちみたいな12人の会社でも使える？"], "中小・小規模事業者"),
])
def test_a_kind_the_quotes_name_or_a_headcount_is_answered(advisor, turns, quoted: str) -> None:  # noqa: ANN001
    result = last_reply(advisor, turns)
    assert result.answer.grounded and quoted in result.answer.text
