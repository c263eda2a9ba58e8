"""Follow-ups answer what is asked of the program under discussion (NOTES.md "s32-conv"):

* 「…でも認定もらえる？」「…だけでも認定取れる？」 asks whether the program is obtained under the owner's
  condition (its eligibility), not the slot asked the turn before (a rate);
* a cap asked for the owner's size, of a program whose only stated caps are bound to other sizes
  (「最大1億円（従業員数101名以上…）」 asked for 30 people), is not stated for that size: said plainly,
  the stated cap quoted, then where to check — a size inside a stated band is answered as before;
* a term the catalog's notes record as undefined (100億宣言企業), asked what it is with an adverb
  between (「って、いったい何を…」) or for its 定義 later in the message, is not defined;
* how long an application takes to be decided (認定・採択・交付決定まで; the period rules of
  rules.procedure_rules, also with a passive and an adverb between: 「認定されるまで、通常どのくらいの期間」)
  is not stated in the documents; asked without a program name it refers to the program under discussion;
* where to read a program's guidance (「案内はどこで見られますか」) is answered by the catalog's issuer
  (DX認定: the IPA's page).

Real e5 and index; texts written for these tests, not copied from dataset rows."""

from __future__ import annotations

import pytest

from advisor.understanding import rules
from tests.conftest import last_reply, understand_conversation


# --- obtained under a condition: eligibility ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "支店ひとつだけの計画でも認定もらえますか",
    "社員2人の会社でも認定受けられる？",
    "営業部だけのDX計画でも認定取れるの？",
])
def test_obtained_under_a_condition_asks_eligibility(text: str) -> None:
    assert "eligibility" in rules.slots_of(text)


@pytest.mark.parametrize("text,first", [
    ("小規模でも2/3もらえる？", "rate"),  # a rate asked under a condition stays a rate
    ("5人の会社でもいくらもらえる？", "amount"),
])
def test_a_figure_under_a_condition_keeps_its_slot(text: str, first: str) -> None:
    assert rules.slots_of(text)[:1] == [first]


@pytest.mark.parametrize("text", [
    "それでもいいです、ありがとう",
    "実際の数字だけで下書きを手伝ってもらえますか",  # a favour asked, nothing obtained
])
def test_no_condition_of_obtaining(text: str) -> None:
    assert "eligibility" not in rules.slots_of(text)


def test_a_condition_after_a_rate_is_not_the_rate_again(bundled_catalog) -> None:
    frames = understand_conversation(["DX投資促進税制の特別償却は何%？", "さっきの、営業部だけのDX計画でも認定取れるの？"],
                                     bundled_catalog)
    assert [p.id for p in frames[1].programs] == ["dx-toshi-sokushin-zeisei"]
    assert frames[1].slots[:1] == ["eligibility"]


def test_the_condition_is_answered_from_the_programs_conditions(advisor) -> None:  # noqa: ANN001
    result = last_reply(advisor, ["DX投資促進税制の特別償却は何%？", "さっきの、営業部だけのDX計画でも認定取れるの？"])
    assert result.answer.grounded
    assert "全社" in result.answer.text


# --- a cap for a size the stated caps are not for ----------------------------------------------------

@pytest.mark.parametrize("turns", [
    ["省力化投資補助金の一般型の上限はいくら？", "うちは従業員30人なんですが、その規模だと上限いくらですか"],
    ["中小企業省力化投資補助金（一般型）について教えて", "社員12名の会社の場合、補助上限額はどのくらいになりますか"],
])
def test_a_cap_for_a_size_no_stated_cap_is_for_is_not_stated(advisor, turns) -> None:  # noqa: ANN001
    result = last_reply(advisor, turns)
    assert not result.answer.grounded
    assert "記載がありません" in result.answer.text
    assert "1億円" in result.answer.text  # what the documents do say, quoted


@pytest.mark.parametrize("turns,expected", [
    # the stated cap is for this size
    (["省力化投資補助金の一般型の上限はいくら？", "うちは従業員150人です、その規模だと上限いくらですか"], "1億円"),
    # a band of the stated caps holds this size
    (["ものづくり補助金の上限はいくら？", "うちは社員12人ですが、その規模だと上限いくらですか"], "万円"),
    # no size asked: the stated cap
    (["省力化投資補助金の一般型の補助上限額は？"], "1億円"),
])
def test_a_cap_for_a_size_a_stated_cap_is_for_is_answered(advisor, turns, expected) -> None:  # noqa: ANN001
    result = last_reply(advisor, turns)
    assert result.answer.grounded
    assert expected in result.answer.text


# --- a term only used, asked what it is ---------------------------------------------------------------

@pytest.mark.parametrize("turns", [
    ["中堅等大規模成長投資補助金の補助率は？", "その『100億宣言企業』って、いったい何を宣言した企業なんですか？"],
    ["100億宣言企業という言葉が資料にありますが、定義を教えてもらえますか"],
    ["中堅等大規模成長投資補助金の上限は？", "「100億宣言企業」って、そもそもどういう会社？"],
])
def test_a_term_asked_with_words_between_is_not_defined(advisor, turns) -> None:  # noqa: ANN001
    result = last_reply(advisor, turns)
    assert not result.answer.grounded
    assert "100億宣言企業" in result.answer.text and "記載がありません" in result.answer.text


# --- how long a decision takes --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "申し込んでから認定が下りるまで、だいたい何か月くらいかかりますか",
    "採択されてから交付決定が出るまでの期間はどのくらい？",
    "審査にはどれくらい時間がかかるものですか",
    "申請してから結果が出るまで何日ぐらい？",
])
def test_how_long_a_decision_takes_is_not_stated(text: str) -> None:
    assert rules.not_stated(text) == "procedure_rule"
    assert any("期間" in r.label for r in rules.procedure_rules(text))


@pytest.mark.parametrize("text", [
    "クラウド利用料は何年分まで対象？",
    "賃上げ要件は何年間の平均ですか",
    "申請にはどんな書類が必要ですか",
    "補助事業が終わってから何年間報告がいるの？",
])
def test_other_periods_are_not_the_decision_time(text: str) -> None:
    assert not any("期間" in r.label for r in rules.procedure_rules(text))


def test_the_decision_time_of_the_program_under_discussion(advisor) -> None:  # noqa: ANN001
    result = last_reply(advisor, ["DX認定とは何ですか", "申し込んでから認定が下りるまで、だいたい何か月くらいかかりますか"])
    assert [p["id"] for p in result.frame["programs"]] == ["dx-nintei"]
    assert not result.answer.grounded
    assert "記載がありません" in result.answer.text and "DX認定" in result.answer.text


# --- where the guidance is ----------------------------------------------------------------------------

@pytest.mark.parametrize("turns", [
    ["DX認定の申請について、案内はどこで見られますか"],
    ["DX認定って何？", "詳しい情報はどこを見ればいいですか"],
])
def test_where_the_guidance_is_names_the_issuer(advisor, turns) -> None:  # noqa: ANN001
    result = last_reply(advisor, turns)
    assert result.answer.grounded
    assert "情報処理推進機構" in result.answer.text


# --- where money is borrowed from is no "where to start" ---------------------------------------------

@pytest.mark.parametrize("text", [
    "それで、そのお金はどこから借りればいいの？",
    "ほんなら どこからかりたらええんや",
    "補助金以外だと、お金はどこから出るんですか",
])
def test_where_money_comes_from_is_no_next_step(text: str) -> None:
    assert not rules.NEXT_STEPS.search(text)


@pytest.mark.parametrize("text", [
    "AIの導入って、どこから手をつければいいですか",
    "DXはどこから始めたらいい？",
])
def test_where_to_start_is_still_a_next_step(text: str) -> None:
    assert rules.NEXT_STEPS.search(text)


# --- a headcount typed in kana is the owner's size ------------------------------------------------------

def test_a_headcount_typed_in_kana_is_the_owners_size(bundled_catalog) -> None:
    frames = understand_conversation(["しょうりょくかの いっぱんがたの じょうげんは", "うちみたいな 30にんの かいしゃは じょうげん なんぼ"],
                                     bundled_catalog)
    assert frames[1].owner_employees == (30, 30)


# --- a program only shown in the last reply, then referred to by its noun ------------------------------

def _after_a_reply_showing(shown_ids: list[str], text: str, catalog):  # noqa: ANN001, ANN202 - a Catalog
    from advisor.programs import parse_profile
    from advisor.understanding import Frame, ProgramRef, understand

    before = Frame("question", shown=[ProgramRef(i, catalog.get(i).name.value, "mentioned") for i in shown_ids])
    return understand(text, catalog=catalog, history=[before], parsed=parse_profile(text, None))


def test_the_noun_of_a_program_shown_in_the_reply(bundled_catalog) -> None:
    frame = _after_a_reply_showing(["ax-chiiki-network"], "そのネットワークって、うちみたいな会社も入れますか", bundled_catalog)
    assert [p.id for p in frame.programs] == ["ax-chiiki-network"]


@pytest.mark.parametrize("shown,text", [
    (["ax-chiiki-network"], "その補助金の上限はいくら？"),  # another noun: no referent in the reply
    ([], "そのネットワークって、うちみたいな会社も入れますか"),  # nothing shown
])
def test_no_referent_without_its_noun(shown, text, bundled_catalog) -> None:  # noqa: ANN001
    frame = _after_a_reply_showing(shown, text, bundled_catalog)
    assert "ax-chiiki-network" not in [p.id for p in frame.programs]


def test_a_reply_shows_a_program_by_its_quoted_words(bundled_catalog) -> None:
    from advisor.session import programs_shown

    network = bundled_catalog.get("ax-chiiki-network")
    reply = f"資料の記載から、ご質問に関係する点をまとめます：\n- {network.purpose.evidence} [1]"
    assert "ax-chiiki-network" in [p.id for p in programs_shown(reply, bundled_catalog)]
    assert programs_shown("資料には記載がありません。", bundled_catalog) == []


def test_the_shown_programs_are_stored_with_the_frame() -> None:
    from advisor.understanding import Frame, ProgramRef

    frame = Frame("question", shown=[ProgramRef("ax-chiiki-network", "AX促進に向けた地域ネットワーク", "mentioned")])
    assert Frame.from_dict(frame.to_dict()).shown == frame.shown


def test_a_sum_named_for_a_size_is_answered_by_the_stated_cap(advisor) -> None:  # noqa: ANN001
    result = last_reply(advisor, ["省力化投資補助金の一般型の上限はいくら？", "うちは社員40人くらいなんですが、それでも1億円もらえますか"])
    assert result.answer.grounded
    assert "101名" in result.answer.text
