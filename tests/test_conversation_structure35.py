"""What a turn of a conversation refers to and asks, session 35 (NOTES.md "s35-conv"):

* an office keigo request (「…教えていただけますか」「ご質問をいただきました」) is no question about a fee: the
  い of いただく read as katakana (イタダ) holds タダ (free), which is no word of the owner's;
* whether the support body under discussion has an office in a place (「福岡県内にも窓口はありますか」) is asked
  of that body and is not stated (the documents give no office's location), however politely asked;
* where to consult, asked with どこ + 相談すれば/したら (「どこに相談したらいい？」), is an office asked afresh:
  it carries neither the body under discussion nor the slot asked before — as 「相談できるところは？」 does;
* a program named by a shortened name and asked what kind of subsidy it is (「省力化のカタログ型ってどんな
  補助金？」) is a question about that program (its card), not a request for the programs that fit.

Real e5 and index; texts written for these tests, not copied from dataset rows."""

from __future__ import annotations

import pytest

from advisor.understanding import rules
from tests.conftest import last_reply, understand_conversation

FEE = "相談の料金（無料かどうか）"

# --- office keigo is no fee question -----------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "取引先の社長から、よろず支援拠点がどんな所か聞かれました。教えていただけますか。",
    "よろず支援拠点の役割について、ご説明いただけますでしょうか。",
    "お客様から相談をいただきまして、よろず支援拠点の概要を知りたいです。",
])
def test_keigo_itadaku_is_no_fee_question(text: str) -> None:
    assert FEE not in [r.label for r in rules.procedure_rules(text)]


@pytest.mark.parametrize("text", [
    "よろず支援拠点ってタダで相談できる？",
    "よろず支援拠点は相談料かかりますか",
    "よろず支援拠点の相談は無料ですか",
])
def test_a_fee_asked_is_still_a_fee_question(text: str) -> None:
    assert FEE in [r.label for r in rules.procedure_rules(text)]


def test_a_keigo_question_about_a_support_body_is_answered(advisor) -> None:  # noqa: ANN001
    result = last_reply(advisor, ["取引先の社長から、よろず支援拠点がどんな所か聞かれました。教えていただけますか。"])
    assert result.answer.grounded
    assert "料金" not in result.answer.text


# --- an office of the body under discussion, in a place ---------------------------------------------------

BODY = ["よろず支援拠点は何をしてくれるところですか"]


@pytest.mark.parametrize("text", [
    "ありがとうございます。福岡県内にも窓口はございますか。",
    "熊本市内にも窓口ってありますか",
    "うちの県にも窓口はある？",
])
def test_an_office_in_a_place_is_asked_of_the_body_under_discussion(bundled_catalog, text: str) -> None:
    frames = understand_conversation([*BODY, text], bundled_catalog)
    assert [p.id for p in frames[-1].programs] == ["yorozu-shien-kyoten"]
    assert frames[-1].not_stated == "procedure_rule"


@pytest.mark.parametrize("text", [
    "窓口で申請はできますか",
    "県内にも対象になる会社は多いですか",
])
def test_other_questions_naming_a_window_or_a_place_are_no_office_location(text: str) -> None:
    assert "窓口の所在地" not in [r.label for r in rules.procedure_rules(text)]


def test_an_office_in_a_place_is_said_to_be_not_stated(advisor) -> None:  # noqa: ANN001
    answer = last_reply(advisor, [*BODY, "ありがとうございます。福岡県内にも窓口はございますか。"]).answer
    said = ("記載がありません" in answer.text, "よろず支援拠点" in answer.text)
    assert (answer.grounded, said) == (False, (True, True))


# --- where to consult, asked afresh -----------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "売上を伸ばす手を考えたいけど、どこに相談したらいい？",
    "DXを始めたいけど何から手をつければ。どこへ相談すればいいですか",
])
def test_where_to_consult_carries_no_program(bundled_catalog, text: str) -> None:
    frames = understand_conversation([*BODY, "無料ですか", text], bundled_catalog)
    assert "yorozu-shien-kyoten" not in [p.id for p in frames[-1].programs]
    assert frames[-1].not_stated != "procedure_rule"


@pytest.mark.parametrize("text", [
    "そこにはどうやって相談すればいい？",
    "相談するにはどうすればいい？",
])
def test_how_to_consult_the_body_under_discussion_keeps_it(bundled_catalog, text: str) -> None:
    frames = understand_conversation([*BODY, text], bundled_catalog)
    assert [p.id for p in frames[-1].programs] == ["yorozu-shien-kyoten"]


# --- a shortened program name asked what kind of subsidy it is -------------------------------------------


@pytest.mark.parametrize("text, program", [
    ("省力化のカタログ型ってどんな補助金？", "shoryokuka-catalog"),
    ("ものづくりって、どういう補助金なん？", "monodukuri"),
])
def test_a_shortened_program_asked_what_it_is_is_its_card(bundled_catalog, text: str, program: str) -> None:
    frame = understand_conversation([text], bundled_catalog)[-1]
    assert frame.intent == "question"
    assert [p.id for p in frame.programs] == [program]
    assert frame.slots[:1] == ["overview"]


@pytest.mark.parametrize("text", [
    "うちみたいな町工場にはどんな補助金がある？",
    "人手不足で省力化したいんだけど、どんな補助金がある？",
])
def test_which_subsidy_without_a_program_name_stays_matching(bundled_catalog, text: str) -> None:
    assert understand_conversation([text], bundled_catalog)[-1].intent == "matching"


# --- what the support body under discussion costs, asked bare --------------------------------------------


@pytest.mark.parametrize("text", [
    "お金はかかるの？",
    "料金とられる？　無料？",
    "費用かがる？",  # the Tohoku voicing of かかる
])
def test_a_bare_fee_question_after_a_support_body_is_its_fee(bundled_catalog, text: str) -> None:
    frames = understand_conversation([*BODY, text], bundled_catalog)
    assert [p.id for p in frames[-1].programs] == ["yorozu-shien-kyoten"]
    assert frames[-1].not_stated == "procedure_rule"


@pytest.mark.parametrize("before", [
    ["ものづくり補助金の上限は？"],
    [],
])
def test_a_bare_fee_question_elsewhere_is_no_consultation_fee(bundled_catalog, before: list[str]) -> None:
    assert understand_conversation([*before, "お金はかかるの？"], bundled_catalog)[-1].not_stated == ""


def test_a_bare_fee_question_is_said_to_be_not_stated(advisor) -> None:  # noqa: ANN001
    answer = last_reply(advisor, [*BODY, "お金はかかるの？"]).answer
    assert (answer.grounded, FEE in answer.text) == (False, True)


# --- a gain asked of the program under discussion ---------------------------------------------------------

CERTIFICATION = ["DX認定ってなに？"]


@pytest.mark.parametrize("first", ["DX認定ってなに？", "DX認定って、いったい何なんですか？", "DX認定とはどういうものですか"])
@pytest.mark.parametrize("text", [
    "それを取ったら何かいいことある？",
    "認定されると何か得するの",
])
def test_a_gain_asked_after_a_program_carries_it_and_no_slot(bundled_catalog, first: str, text: str) -> None:
    frame = understand_conversation([first, text], bundled_catalog)[-1]
    assert [p.id for p in frame.programs] == ["dx-nintei"]
    assert not {"definition", "overview"} & set(frame.slots)


def test_a_gain_in_borrowing_after_an_aside_is_the_related_loan(bundled_catalog) -> None:
    frames = understand_conversation([*CERTIFICATION, "ところで明日の天気はどう？", "了解。それ取ったらお金を借りるときにいいことある？"],
                                     bundled_catalog)
    assert "jfc-dx-loan" in [p.id for p in frames[-1].programs]


def test_a_gain_asked_after_a_certification_names_its_measures(advisor) -> None:  # noqa: ANN001
    answer = last_reply(advisor, [*CERTIFICATION, "取ったら何かいいことある？"]).answer
    assert answer.grounded
    assert "税" in answer.text


# --- another one than the one under discussion ------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "そこ以外で、AIの導入を相談できる国の仕組みってある？",
    "さっきのところのほかに、経営の相談に乗ってくれる機関はありますか",
])
def test_another_than_the_one_under_discussion_is_asked_afresh(bundled_catalog, text: str) -> None:
    frame = understand_conversation([*BODY, text], bundled_catalog)[-1]
    assert "yorozu-shien-kyoten" not in [p.id for p in frame.programs]


def test_a_cost_other_than_machines_keeps_the_program(bundled_catalog) -> None:
    frame = understand_conversation(["ものづくり補助金の対象経費は？", "機械装置以外に対象になる経費は？"], bundled_catalog)[-1]
    assert [p.id for p in frame.programs] == ["monodukuri"]


# --- a pointer back with the owner's place is a question, not a description --------------------------------

RECOMMENDED = ["うちは従業員12人の町工場です。手書きの受注管理をクラウドのソフトに替えたい。どんな制度がありますか"]


def test_the_program_pointed_back_at_with_a_place_is_asked_of(advisor) -> None:  # noqa: ANN001
    result = last_reply(advisor, [*RECOMMENDED, "その補助金、大阪府さんの補助とも一緒に使えますやろか。"])
    assert result.frame["intent"] == "question"
    assert not result.answer.grounded
    assert "記載がありません" in result.answer.text


def test_a_place_told_after_a_recommendation_is_still_a_description(bundled_catalog) -> None:
    frames = understand_conversation([*RECOMMENDED, "それで、うちは大阪府の会社で従業員15人なんやけど"], bundled_catalog)
    assert frames[-1].intent == "company_description"


def test_a_dialect_what_kind_of_thing_is_its_card(bundled_catalog) -> None:
    frame = understand_conversation(["省力化のカタログ型って、どないなもんですか"], bundled_catalog)[-1]
    assert frame.slots[:1] == ["overview"]


# --- a figure asked after a certification and its loan ---------------------------------------------------


@pytest.mark.parametrize("text", ["具体的な金利は何%ですか。", "利率はいくつ？"])
def test_a_rate_after_a_certification_and_its_loan_is_the_loans(bundled_catalog, text: str) -> None:
    frames = understand_conversation(["DX認定があると、日本政策金融公庫の融資はどうなりますか", text], bundled_catalog)
    assert len(frames[0].programs) == 2
    assert [p.id for p in frames[-1].programs] == ["jfc-dx-loan"]


def test_a_rate_after_two_subsidies_keeps_both(bundled_catalog) -> None:
    frames = understand_conversation(["ものづくり補助金と省力化投資補助金の一般型の違いは？", "補助率は？"], bundled_catalog)
    assert len(frames[-1].programs) == 2


# --- how much a tax incentive gives ----------------------------------------------------------------------


@pytest.mark.parametrize("turns", [
    ["地域未来投資促進税制って、いくら控除してもらえるの？"],
    ["DX投資促進税制の対象になる投資は？", "で、なんぼ税金安なるん？"],
])
def test_how_much_a_tax_incentive_gives_is_its_rate(bundled_catalog, turns: list[str]) -> None:
    assert understand_conversation(turns, bundled_catalog)[-1].slots[:1] == ["rate"]


def test_the_cap_of_a_tax_deduction_is_still_its_cap(bundled_catalog) -> None:
    assert understand_conversation(["DX投資促進税制の控除の上限はいくら？"], bundled_catalog)[-1].slots[:1] == ["amount"]


def test_how_much_a_tax_incentive_gives_is_answered(advisor) -> None:  # noqa: ANN001
    answer = last_reply(advisor, ["DX投資促進税制って、どれくらい控除されるんですか"]).answer
    assert answer.grounded
    assert "税額控除" in answer.text


def test_a_gain_other_than_the_program_just_discussed_does_not_carry_it(bundled_catalog) -> None:
    frames = understand_conversation(["DX認定ってなに？", "DX認定をとると公庫の融資の金利は何%？",
                                      "融資以外だと、認定のメリットってほかに何がある？"], bundled_catalog)
    assert [p.id for p in frames[-1].programs] != ["jfc-dx-loan"]
