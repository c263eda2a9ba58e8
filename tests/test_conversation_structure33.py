"""What a follow-up asks, by the structure of the conversation (NOTES.md "s33-conv"):

* the owner's headcount said twice in one message (「うち20人なんですけど、20人だと…」) is one headcount,
  so a cap asked for that size is answered for it (not stated, when no stated cap is for that size);
* a short question that asks with a question word of its own (「どういう状態なら認定される？」「そのお金は
  どこから借りる？」) asks that, of the program under discussion or the one it names, not the slot of the turn
  before (a loan's rate, a guarantee's limit) — a bare "what about" (「じゃあ中堅は？」「一般型はどうですか」
  「それって今年も同じ？」) still asks the slot just asked;
* what it costs to apply for or obtain a program (申請料, 審査料, 「取るのにお金かかる？」) is not stated
  in the documents: said plainly for the program under discussion, then where to check;
* whether an office is in a place (「そこって函館にもある？」) is where it is, which the documents do not
  state, like its address;
* a program a next-steps reply showed is the referent of the next question, also by the start of its
  name typed in kana (「よろずって…」); a kind of it named with そういう (「国のそういう研修」) too;
* 「ざっくり何に使える補助金？」 asks what the program is for: its card (purpose first), not its
  expense list alone;
* an off-topic verdict the classifier is sure of (p ≥ 0.99) may trail the nearest in-domain exemplar by a
  little more than other verdicts (0.04, not 0.03): an everyday aside between two questions.

Real e5 and index; texts written for these tests, not copied from dataset rows."""

from __future__ import annotations

import pytest

from advisor.programs import parse_profile
from advisor.understanding import rules
from tests.conftest import last_reply, understand_conversation

# --- a headcount said twice ---------------------------------------------------------------------------


@pytest.mark.parametrize("text,count", [
    ("うち20人なんですけど、20人だと上限いくら？", 20),
    ("45人の会社です。45人やったら補助率は変わる？", 45),
])
def test_a_headcount_said_twice_is_one_headcount(text: str, count: int) -> None:
    employees = parse_profile(text, None).profile.employees
    assert employees is not None and int(getattr(employees, "low", employees) or 0) == count


@pytest.mark.parametrize("text", [
    "20人の工場と35人の工場があります",  # two figures, neither the company's headcount
    "1日に30人、多い日は30人以上のお客さんが来ます",
])
def test_two_figures_without_a_headcount_cue_are_not_the_headcount(text: str) -> None:
    assert parse_profile(text, None).profile.employees is None


def test_a_cap_for_a_size_said_twice_is_not_stated(advisor) -> None:  # noqa: ANN001
    result = last_reply(advisor, ["省力化投資補助金の一般型の上限は？", "うち45人なんだけど、45人やったら上限どこまで？"])
    assert not result.answer.grounded
    assert "記載がありません" in result.answer.text
    assert "1億円" in result.answer.text


def test_a_sum_asked_for_a_size_said_twice_is_still_answered(advisor) -> None:  # noqa: ANN001
    result = last_reply(advisor, ["省力化投資補助金の一般型の上限は？", "うち150人です。150人なら1億円までいけますか"])
    assert result.answer.grounded


# --- a question word of its own -----------------------------------------------------------------------

LOAN_THEN_RATE = ["DX認定を取ると融資で得しますか", "その融資の金利は何%？"]


@pytest.mark.parametrize("text", [
    "じゃあDX認定は、どういう状態だと認定されるの？",
    "で、DX認定って何をすれば認定もらえるん？",
])
def test_an_own_question_does_not_inherit_the_rate(bundled_catalog, text: str) -> None:
    frames = understand_conversation([*LOAN_THEN_RATE, text], bundled_catalog)
    assert [p.id for p in frames[-1].programs] == ["dx-nintei"]
    assert "rate" not in frames[-1].slots


def test_an_own_question_is_answered_from_the_program(advisor) -> None:  # noqa: ANN001
    result = last_reply(advisor, [*LOAN_THEN_RATE, "じゃあDX認定は、どういう状態だと認定されるの？"])
    assert result.answer.grounded
    assert "DX-Ready" in result.answer.text


@pytest.mark.parametrize("text", [
    "じゃあ中堅等大規模成長投資補助金は？",
    "省力化投資補助金の一般型はどうですか",
    "じゃあ一般型だとどうなるの？",
])
def test_what_about_another_program_still_asks_the_same(bundled_catalog, text: str) -> None:
    frames = understand_conversation(["ものづくり補助金の補助率は？", text], bundled_catalog)
    assert frames[-1].slots[:1] == ["rate"]


GUARANTEE_THEN_LIMIT = ["中小企業信用保険法の特例って何ですか", "保証はいくらまで増えるの？"]


def test_where_the_money_comes_from_is_no_cap(bundled_catalog) -> None:
    frames = understand_conversation([*GUARANTEE_THEN_LIMIT, "じゃあ、それはどこから借りるの？"], bundled_catalog)
    assert [p.id for p in frames[-1].programs] == ["shinyo-hoken-dx-tokurei"]
    assert "amount" not in frames[-1].slots


def test_where_the_money_comes_from_is_answered_by_the_lender(advisor) -> None:  # noqa: ANN001
    result = last_reply(advisor, [*GUARANTEE_THEN_LIMIT, "じゃあ、それはどこから借りるの？"])
    assert result.answer.grounded
    assert "金融機関" in result.answer.text


def test_a_bare_follow_up_without_a_question_word_still_inherits(bundled_catalog) -> None:
    frames = understand_conversation(["ものづくり補助金の上限は？", "それって今年も同じ？"], bundled_catalog)
    assert frames[-1].slots[:1] == ["amount"]


# --- what applying or obtaining costs -----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "認定を取るのに手数料はかかりますか",
    "申請料っていくらですか",
    "申請するのにお金いるの？",
    "取得するのに費用かかる？審査料とか",
])
def test_a_fee_for_applying_is_not_stated(text: str) -> None:
    assert rules.not_stated(text) == "procedure_rule"
    assert any("手数料" in r.label for r in rules.procedure_rules(text))


@pytest.mark.parametrize("text", [
    "申請にかかる外注費も補助対象ですか",
    "機械の導入にかかる費用は対象になる？",
    "申請書の作成をコンサルに頼む費用は経費にできますか",
])
def test_a_cost_of_the_project_is_no_fee(text: str) -> None:
    assert not any("手数料" in r.label for r in rules.procedure_rules(text))


def test_a_fee_is_said_not_stated_for_the_program_under_discussion(advisor) -> None:  # noqa: ANN001
    result = last_reply(advisor, ["DX認定とは何ですか", "認定とるのにお金かかるんですか？審査料みたいなの"])
    assert not result.answer.grounded
    assert "記載がありません" in result.answer.text
    assert "DX認定" in result.answer.text


# --- whether an office is in a place ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "よろず支援拠点って松本にもありますか",
    "そこって函館にもある？",
    "相談できる拠点は札幌にあるの？",
])
def test_whether_an_office_is_in_a_place_is_where_it_is(text: str) -> None:
    assert rules.not_stated(text) == "procedure_rule"
    assert any("所在地" in r.label for r in rules.procedure_rules(text))


@pytest.mark.parametrize("text", [
    "補助対象にソフトウェアはありますか",
    "この補助金に上限はある？",
    "手元にある見積書で申請できる？",
    "対象経費の中にある？",
])
def test_no_place_asked(text: str) -> None:
    assert not any("所在地" in r.label for r in rules.procedure_rules(text))


def test_an_office_in_a_place_after_it_was_discussed(advisor) -> None:  # noqa: ANN001
    result = last_reply(advisor, ["よろず支援拠点は何をしてくれるところですか", "そこって函館にもある？"])
    assert not result.answer.grounded
    assert "記載がありません" in result.answer.text


# --- programs a next-steps reply showed ---------------------------------------------------------------

START = "AIを入れたいけど、何から始めればいいか分からない。相談先はある？"


def test_a_kana_start_of_a_name_shown_refers_to_it(advisor) -> None:  # noqa: ANN001
    result = last_reply(advisor, [START, "よろずって旭川にもあるの？"])
    assert [p["id"] for p in result.frame["programs"]] == ["yorozu-shien-kyoten"]
    assert not result.answer.grounded
    assert "よろず支援拠点" in result.answer.text


def test_a_kind_shown_named_with_soiu_refers_to_it(advisor) -> None:  # noqa: ANN001
    result = last_reply(advisor, [START, "あと、従業員にデジタルのこと学ばせたいんだけど、国のそういう研修ってある？"])
    assert [p["id"] for p in result.frame["programs"]] == ["digital-jinzai-ikusei-pf"]
    assert result.answer.grounded
    assert "リスキル" in result.answer.text


def test_a_kana_word_that_is_no_name_shown_refers_to_nothing(advisor) -> None:  # noqa: ANN001
    result = last_reply(advisor, [START, "よろしくお願いします。ところで補助金の締切はいつ？"])
    assert "yorozu-shien-kyoten" not in [p["id"] for p in result.frame["programs"]]


# --- what a program is for ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "ものづくり補助金って、ざっくり言うと何に使える補助金なの？",
    "DX投資促進税制は、簡単に言うとどういう制度？",
])
def test_what_a_program_is_for_is_its_card(bundled_catalog, text: str) -> None:
    frames = understand_conversation([text], bundled_catalog)
    assert frames[0].slots[:1] == ["overview"]


def test_what_a_program_can_pay_for_is_its_expenses(bundled_catalog) -> None:
    frames = understand_conversation(["ものづくり補助金は何に使えますか"], bundled_catalog)
    assert frames[0].slots[:1] == ["expenses"]


def test_what_it_is_for_leads_with_its_purpose(advisor) -> None:  # noqa: ANN001
    result = last_reply(advisor, ["省力化投資補助金の一般型って、ざっくり言うと何に使える補助金なの？"])
    assert result.answer.grounded
    assert "人手不足" in result.answer.text


# --- a sure off-topic verdict ------------------------------------------------------------------------

def _scores(p: float, lead: float) -> dict[str, float]:
    from advisor.understanding import PROBABILITY_PREFIX

    return {"question": 0.90, "off_topic": 0.90 + lead, PROBABILITY_PREFIX + "off_topic": p,
            PROBABILITY_PREFIX + "falsification": 0.0, PROBABILITY_PREFIX + "injection": 0.0}


@pytest.mark.parametrize("p,lead,expected", [
    (0.996, -0.035, "off_topic"),  # sure, trailing a little
    (0.996, -0.025, "off_topic"),
    (0.95, -0.035, None),  # not sure enough for the wider lead
    (0.996, -0.045, None),  # too far from every off-topic exemplar
])
def test_a_sure_off_topic_verdict_may_trail_a_little(p: float, lead: float, expected) -> None:  # noqa: ANN001
    from advisor.understanding import _semantic_decline

    assert _semantic_decline(_scores(p, lead)) == expected
