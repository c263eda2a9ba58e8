"""Forms of the READ dev not_in_documents misses (NOTES.md "s47-nid"), each a fact the documents do not state, with
look-alikes of the same shape whose fact the documents do state (these keep their reading):

- the share of applications that pass asked as 何割/何% + 通る/受かる with no particle between (「何割くらい通りよる」):
  statistics, not the program's 補助率;
- a round's days asked from one day to another (「何日から何日まで」) or as 「日にち(が)わかる」: a deadline (the chain still
  answers from a registered round when one states it);
- a city, town or ward as the topic (「大阪市って、…DX補助金あるん？」): its own program, which no document names;
- an aspect a program's catalog notes record as not stated, asked: its fee (「参加費用」「受講料」), its procedure when it is
  not the first slot, a figure of a noted 「具体的な数値」 (「利率って具体的に何%」);
- a cap asked for the owner's headcount after the stated cap's sum was restated in an earlier sentence (「最大1億円と
  理解している。では90人の当社の場合、上限はいくら」): the sum restated is no sum asked about.

Texts written for these tests, not taken from any row."""

from __future__ import annotations

import pytest

from advisor.understanding import rules
from tests.conftest import last_reply


# --- the share that passes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "一般型って、だいたい何割くらい通るもんなの？",
    "ものづくり補助金、何パーセントぐらい受かるんですか",
    "中堅の補助金は何割ほど採択されとるんやろ",
])
def test_the_share_that_passes_is_statistics(text: str) -> None:
    assert rules.not_stated(text) == "statistics"


@pytest.mark.parametrize("text", [
    "省力化の一般型は経費の何割くらい補助されますか",
    "補助率は何割くらいですか",
    "何割くらい自己負担になる？",
])
def test_the_share_of_costs_is_no_statistics(text: str) -> None:
    assert rules.not_stated(text) != "statistics"


# --- a round's days ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "第6次公募は何日から何日までですか",
    "公募の期間、何日から何日までか分かりますか",
    "次の公募、日にちわかる？",
])
def test_the_days_of_a_round_are_a_deadline(text: str) -> None:
    assert rules.not_stated(text) == "deadline"


@pytest.mark.parametrize("text", [
    "審査には何日くらいかかりますか",
    "中堅等大規模成長投資補助金の次の公募はいつ頃からですか？",
    "交付決定から何日以内に発注すればいいですか",
])
def test_a_duration_or_a_month_is_no_deadline(text: str) -> None:
    assert rules.not_stated(text) != "deadline"


# --- a city's own program ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "横浜市って、町工場向けのIoT補助金あるんですか？",
    "福岡市は、飲食店のDXの助成金とかあります？",
    "世田谷区には商店街向けのキャッシュレス補助金ある？",
])
def test_a_city_as_the_topic_asks_its_own_program(text: str) -> None:
    assert rules.not_stated(text) == "local_program"


@pytest.mark.parametrize("text", [
    "大阪市で工場をやってます。使える補助金ありますか",
    "大阪市は、うちの工場でも使える補助金ある？",
    "横浜市って、よろず支援拠点ある？",
])
def test_the_owners_city_or_an_office_is_no_local_program(text: str) -> None:
    assert rules.not_stated(text) != "local_program"


# --- catalog notes: a fee, a procedure, a figure ------------------------------------------------------------


@pytest.mark.parametrize("turns", [
    ["デジタル人材育成プラットフォームの受講料っていくらですか"],
    ["デジタル人材育成プラットフォームに社員を参加させたいのですが、参加費用と申込方法を教えてください"],
    ["日本公庫のDX認定の融資、利率は具体的に何%ですか？"],
    ["中小企業省力化投資補助金の一般型の上限は最大1億円と聞いています。では従業員60人の当社の場合、上限はいくらですか。"],
])
def test_a_noted_unstated_aspect_is_not_stated(advisor, turns) -> None:  # noqa: ANN001
    result = last_reply(advisor, turns)
    assert result.frame["intent"] == "question"
    assert not result.answer.grounded


@pytest.mark.parametrize("turns,expected", [
    (["日本公庫のDX認定の融資の金利はどうなりますか"], "基準利率"),
    (["デジタル人材育成プラットフォームの地域企業協働プログラムってどんな内容？"], "協働"),
    (["中小企業省力化投資補助金の一般型の上限はいくらですか"], "1億円"),
    (["従業員120人で大幅な賃上げをします。省力化投資補助金の一般型で1億円までいけますか"], "1億円"),
])
def test_stated_look_alikes_are_answered(advisor, turns, expected) -> None:  # noqa: ANN001
    result = last_reply(advisor, turns)
    assert result.answer.grounded
    assert expected in result.answer.text


# --- a remark after a named program's unstated fact ---------------------------------------------------------


@pytest.mark.parametrize("turns", [
    ["ものづくり補助金の採択率ってどれくらいなんだ。ダメ元で書類作る暇はねえ"],
    ["省力化の一般型の採択率ってどんなもん。落ちたら社長に怒られるわ"],
])
def test_a_remark_after_an_unstated_program_fact_is_no_other_ask(advisor, turns) -> None:  # noqa: ANN001
    result = last_reply(advisor, turns)
    assert result.frame["intent"] == "question"
    assert not result.answer.grounded


@pytest.mark.parametrize("turns", [
    ["ものづくり補助金の採択率ってどれくらいなんだ。ついでにカレーのレシピ教えて"],
    ["ものづくり補助金の採択率ってどれくらいなんだ。今日の阪神の試合はどうだった？"],
])
def test_another_ask_beside_it_is_still_judged(advisor, turns) -> None:  # noqa: ANN001
    result = last_reply(advisor, turns)
    assert result.frame["intent"] in ("off_topic", "blocked")
