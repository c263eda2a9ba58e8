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


@pytest.mark.parametrize("messages, program, slots", [
    # a correction asks the slot just asked, for the program it names, with the owner's size beside it
    (["デジタル化・AI導入補助金の上限は？", "いや、ものづくりの方です。うちは従業員12人"], "monodukuri", ["amount"]),
    (["中堅の補助金って上限いくらよ", "いや、中堅のじゃなくてものづくりの方。うち15人"], "monodukuri", ["amount"]),
    (["IT導入補助金の補助率って1/2でしたっけ", "いや、今年の名前が変わった方、デジタル化・AI導入補助金の方です"],
     "digital-ai-donyu", ["rate"]),
    (["ものづくり補助金の上限は？", "じゃなくて、省力化のカタログ型の方"], "shoryokuka-catalog", ["amount"]),
    # the kind turned away from (税制) names no program; the gain asked is no slot of the turn before
    (["DX投資促進税制の税額控除は？", "いや、すみません、税制じゃなくてDX認定の方です。認定を取ると何につながりますか"], "dx-nintei", []),
    (["DX投資促進税制の税額控除は？", "いや、DX認定の方。認定とったらどんな支援につながるん？"], "dx-nintei", []),
])
def test_a_correction_switches_the_program_and_keeps_the_slot(advisor, messages: list[str], program: str, slots: list[str]) -> None:
    frame = _turns(advisor, messages)[-1].frame
    assert frame["intent"] == "question"
    assert [p["id"] for p in frame["programs"]] == [program] and frame["slots"] == slots


def test_a_correction_with_a_headcount_answers_the_cap_that_applies(advisor) -> None:
    last = _turns(advisor, ["デジタル化・AI導入補助金の上限は？", "いや、ものづくりの方です。うちは従業員12人"])[-1]
    assert last.answer.grounded and "1,000万円" in last.answer.text.split("\n")[0]


def test_the_gain_of_the_program_corrected_to_is_answered(advisor) -> None:
    last = _turns(advisor, ["DX投資促進税制の税額控除は？", "いや、DX認定の方。取ると何につながる？"])[-1]
    assert last.answer.grounded and "日本政策金融公庫" in last.answer.text and "信用保険法" in last.answer.text


@pytest.mark.parametrize("messages", [
    ["ものづくり補助金の上限を知りたいです。うちは職員23人です。"],  # a named program's slot beside the size
    ["ものづくり補助金とデジタル化・AI導入補助金、補助率はどっちが高いの？", "上限も比べて。従業員22名です"],
])
def test_a_fact_asked_beside_the_company_size_is_a_question(advisor, messages: list[str]) -> None:
    assert _turns(advisor, messages)[-1].frame["intent"] == "question"


@pytest.mark.parametrize("text", ["で、採択されやすいのはどっち？", "採択率だとどっちが通りやすい？", "どちらの方が採択されやすいですか"])
def test_which_program_is_likelier_adopted_is_not_stated(text: str) -> None:
    from advisor.understanding import rules

    assert rules.not_stated(text) == "statistics"


@pytest.mark.parametrize("text, kept", [
    ("いや、すみません、税制じゃなくてDX認定の方です。", "DX認定の方です。"),
    ("中小企業じゃなくても使える？", "中小企業じゃなくても使える?"),
    ("補助金じゃなくて融資で何かある？", "融資で何かある?"),
])
def test_the_part_turned_away_from(text: str, kept: str) -> None:
    from advisor.understanding.references import without_rejected

    assert without_rejected(text) == kept


@pytest.mark.parametrize("messages, program, slots", [
    # a courtesy first makes the message long; 「…はいかがでしょう」 still asks the slot just asked
    (["ものづくり補助金の補助率を確認させてください。", "ありがとうございます。省力化投資補助金の一般型はいかがでしょう"],
     "shoryokuka-ippan", ["rate"]),
    # 「最初に伺った方」 (polite) and 「最初 の 方」 (typed apart) point at the first program
    (["ものづくり補助金の補助率を確認させてください。", "省力化投資補助金の一般型はいかがでしょう", "最初に伺った方ですが、上限額は？"],
     "monodukuri", ["amount"]),
    (["カタログ型 の 上限 いくら？", "一般型 は？", "じゃあ 最初 の 方、いつ でも 申し込める？"], "shoryokuka-catalog", None),
])
def test_what_about_and_the_first_one(advisor, messages: list[str], program: str, slots: list[str] | None) -> None:
    frame = _turns(advisor, messages)[-1].frame
    assert [p["id"] for p in frame["programs"]] == [program]
    assert slots is None or frame["slots"][:len(slots)] == slots


def test_how_it_works_is_the_programs_card_and_what_is_good_its_gain() -> None:
    from advisor.understanding import rules

    assert rules.STRUCTURE.search("省力化投資補助金のカタログ型って、どういう仕組みですか")
    assert rules.ASKS_GAIN.search("DX認定ってとると何がいいの")


def test_the_gain_of_a_tax_incentive_asked_is_its_rates(advisor) -> None:
    last = _turns(advisor, ["DX認定ってなんね", "DX投資促進税制のほうはどんな優遇があるん"])[-1]
    assert last.frame["slots"] == ["rate"] and "特別償却" in last.answer.text
