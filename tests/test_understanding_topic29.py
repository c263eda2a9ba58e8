"""Follow-ups resolve to the program and the topic under discussion (NOTES.md "s29-conv"):

* a named program asked what it does (「…はどういうことをしてくれる所ですか」「…って何してくれるの」) asks
  that, not the slot asked of the program before (a date, a cap);
* 「さっきと同じことを、…で教えて」 asks the question just asked, of the program it names, also when the
  courtesy around it makes the message long;
* a company's facts ending in which of the programs fit (「国の支援策で合うものはありますか」) ask for the
  programs that fit (matching), so that 「その補助金」 next has a referent.

Real e5; texts written for these tests, not copied from dataset rows."""

from __future__ import annotations

import pytest

from advisor.programs import parse_profile
from advisor.understanding import rules, understand
from tests.conftest import understand_conversation


@pytest.mark.parametrize("text", [
    "では、よろず支援拠点はどんなことをしてくれるところですか。",
    "じゃあよろず支援拠点って何してくれるの？",
    "よろず支援拠点はどういうことをやってくれますか",
])
def test_what_a_named_program_does_is_asked_not_the_slot_before(text: str, bundled_catalog) -> None:
    frames = understand_conversation(["ものづくり補助金の次の締切はいつですか", text], bundled_catalog)
    assert frames[1].intent == "question"
    assert [p.id for p in frames[1].programs] == ["yorozu-shien-kyoten"]
    assert "date" not in frames[1].slots
    assert frames[1].slots[:1] == ["definition"]


@pytest.mark.parametrize("text", [
    "よろず支援拠点は何をしてくれますか",
    "よろず支援拠点ってどんなことしてくれるん？",
])
def test_what_it_does_is_a_definition(text: str) -> None:
    assert "definition" in rules.slots_of(text)


@pytest.mark.parametrize("text", [
    "中堅等大規模成長投資補助金はどう？",  # "what about": the slot just asked (unchanged)
    "ありがとうございます。中堅等大規模成長投資補助金の場合はいかがでしょう",
])
def test_what_about_a_program_still_asks_the_slot_just_asked(text: str, bundled_catalog) -> None:
    frames = understand_conversation(["ものづくり補助金の補助上限額は？", text], bundled_catalog)
    assert frames[1].slots[:1] == ["amount"]


@pytest.mark.parametrize("text", [
    "先ほどと同じことを、デジタル化・AI導入補助金についても教えていただけますか。",
    "さっきのと同じ質問なんですけど、中堅等大規模成長投資補助金だとどうなっていますか",
    "同じ内容を省力化投資補助金の一般型でお願いします",
])
def test_the_same_question_of_another_program_asks_the_slot_just_asked(text: str, bundled_catalog) -> None:
    frames = understand_conversation(["ものづくり補助金の補助率はどのくらいですか", text], bundled_catalog)
    assert frames[1].intent == "question"
    assert frames[1].programs and frames[1].programs[0].id != "monodukuri"
    assert frames[1].slots[:1] == ["rate"]


def test_the_slot_asked_of_a_type_after_the_same_question(bundled_catalog) -> None:
    frames = understand_conversation(["ものづくり補助金の補助率はどのくらいですか",
                            "同じことを、省力化投資補助金の一般型について教えてください。",
                            "カタログ型だとどうですか？"], bundled_catalog)
    assert frames[1].slots[:1] == ["rate"]
    assert [p.id for p in frames[2].programs] == ["shoryokuka-catalog"]
    assert frames[2].slots[:1] == ["rate"]


@pytest.mark.parametrize("text", [
    "当社は従業員300名の食品メーカーで、岐阜に30億円で新工場を建てて自動化と賃上げを進めます。国の支援策で合うものはありますか。",
    "うちは社員12人の印刷屋です。受注の管理をシステムにしたい。補助金で使えるものってありますか？",
    "従業員40名の部品加工業です。検査を自動化したいのですが、国の制度の中で当てはまるものはありますか",
])
def test_a_company_asking_which_programs_fit_is_matching(text: str, bundled_catalog) -> None:
    frames = understand_conversation([text], bundled_catalog)
    assert frames[0].intent == "matching", frames[0].reason


@pytest.mark.parametrize("text", [
    "その補助金で使えるものはありますか",  # the program under discussion: what it covers
    "ものづくり補助金で対象になるものはありますか",  # a named program
])
def test_what_a_program_under_discussion_covers_is_no_matching(text: str, bundled_catalog) -> None:
    frames = understand_conversation(["ものづくり補助金について教えて", text], bundled_catalog)
    assert frames[1].intent == "question"
    assert frames[1].programs and frames[1].programs[0].id == "monodukuri"


def test_the_subsidy_after_a_company_asking_what_fits(advisor) -> None:  # noqa: ANN001 - session fixture
    sid = advisor.new_session()
    first = advisor.turn(sid, "当社は従業員300名の食品メーカーで、岐阜に30億円で新工場を建てて自動化と賃上げを進めます。"
                              "国の支援策で合うものはありますか。")
    assert first.frame["intent"] == "matching"
    second = advisor.turn(sid, "その補助金の補助率は？")
    assert [p["id"] for p in second.frame["programs"]][:1] == ["chuken-daikibo-seicho-toshi"]


# Where an office is (a support centre's address, the one in a prefecture): no policy document states it,
# like its telephone number; said plainly, with where to check.
@pytest.mark.parametrize("text", [
    "大阪だとどこにありますか？",
    "うちの県の拠点の住所も知りたいです",
    "県内の窓口の所在地を教えてください",
])
def test_where_an_office_is_is_not_stated(text: str, bundled_catalog) -> None:
    frames = understand_conversation(["よろず支援拠点ってなに？", text], bundled_catalog)
    assert frames[1].intent == "question"
    assert frames[1].not_stated == "procedure_rule"
    assert any(rule.where == "office" for rule in rules.procedure_rules(text))


@pytest.mark.parametrize("text", [
    "公募要領はどこにありますか",  # a document, not an office
    "申請書の様式はどこにあるの？",
    "どこに申請すればいいですか",
    "対象経費の一覧はどこにありますか",
])
def test_where_a_document_is_or_where_to_apply_is_no_office_location(text: str) -> None:
    assert not any(rule.label.startswith("窓口の所在地") for rule in rules.procedure_rules(text))


# A kind of program set aside (「税制以外に」「融資のほかに」) is not the kind asked about: the question is
# about the program named, apart from that kind.
def test_a_kind_set_aside_is_not_asked() -> None:
    assert rules.kinds_named("DX認定を取ると税制以外にどんなメリットがありますか") == set()
    assert rules.kinds_named("補助金のほかに融資で使えるものは？") == {"loan"}
    assert rules.kinds_named("融資を除いて、税金面で何かある？") == {"tax"}
    assert rules.kinds_named("DX認定を取ると税制ではどんなメリットがありますか") == {"tax"}


def test_the_gains_of_a_certification_apart_from_a_kind(bundled_catalog) -> None:
    frames = understand_conversation(["DX投資促進税制の内容を教えてください",
                            "わかりました。DX認定を取ると、税制以外にはどんな良いことがありますか"], bundled_catalog)
    assert [p.id for p in frames[1].programs] == ["dx-nintei"]
    assert "rate" not in frames[1].slots
