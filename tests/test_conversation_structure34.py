"""What a follow-up asks, by the structure of the conversation (NOTES.md "s34-conv"):

* a program reached by its kind (「信用保証の特例」 after DX認定's loan) and asked for its content
  (中身, 内容, どんな中身) is asked for its card, not the slot of the turn before (the loan's rate);
* what is needed to obtain a program (「それを使うのに必要な認定は？」) is its requirement, not the slot of
  the turn before (a deadline);
* a company description whose wish is said in the Kyushu form (〜したかとです, 〜入れたかばってん) states a
  goal, so the recommendations (and 「その補助金」 after them) follow it;
* 「どんなもの？」 asked in a dialect's どんな (どげな, どがいな, どぎゃんな) of a named program is its card;
* a bare それ right after a next-steps reply that answered "is there a <kind>?" refers to the one program
  that reply showed whose card names that kind (the AX network for 仕組み);
* a program's name clipped as owners clip loanwords (デジAI for デジタル化・AI導入補助金) names it.

Real e5 and index; texts written for these tests, not copied from dataset rows."""

from __future__ import annotations

import pytest

from advisor.programs import parse_profile
from advisor.understanding import understand
from tests.conftest import last_reply, understand_conversation

# --- a program reached by its kind, asked for its content ---------------------------------------------

LOAN_AND_GUARANTEE = ["DX認定を取ったら、融資や保証の面で何か有利になる？", "日本政策金融公庫の金利は何パーセント？"]


@pytest.mark.parametrize("text", [
    "なるほど。じゃあ信用保証の特例はどんな中身？",
    "わかりました、では信用保証の特例の内容",
])
def test_the_content_of_a_program_reached_by_its_kind_is_its_card(bundled_catalog, text: str) -> None:
    frames = understand_conversation([*LOAN_AND_GUARANTEE, text], bundled_catalog)
    assert [p.id for p in frames[-1].programs] == ["shinyo-hoken-dx-tokurei"]
    assert frames[-1].slots[:1] == ["overview"]


def test_a_kind_asked_without_content_still_asks_its_benefit(bundled_catalog) -> None:
    frames = understand_conversation([*LOAN_AND_GUARANTEE, "信用保証のほうは？"], bundled_catalog)
    assert [p.id for p in frames[-1].programs] == ["shinyo-hoken-dx-tokurei"]
    assert "overview" not in frames[-1].slots


def test_the_content_of_the_guarantee_is_answered_from_its_card(advisor) -> None:  # noqa: ANN001
    result = last_reply(advisor, [*LOAN_AND_GUARANTEE, "なるほど。じゃあ信用保証の特例はどんな中身？"])
    assert result.answer.grounded
    assert "別枠" in result.answer.text
    assert "記載がありません" not in result.answer.text


# --- what is needed to obtain a program ---------------------------------------------------------------

TAX_THEN_DEADLINE = ["DX投資促進税制の税額控除は何%？", "いつまで使える制度ですか"]


@pytest.mark.parametrize("text", [
    "その税制を使うのに必要な認定は？",
    "これを受けるために必要な資格って",
])
def test_what_is_needed_is_the_requirement(bundled_catalog, text: str) -> None:
    frames = understand_conversation([*TAX_THEN_DEADLINE, text], bundled_catalog)
    assert [p.id for p in frames[-1].programs] == ["dx-toshi-sokushin-zeisei"]
    assert "date" not in frames[-1].slots
    assert "eligibility" in frames[-1].slots


def test_a_bare_what_about_after_the_deadline_still_asks_the_date(bundled_catalog) -> None:
    frames = understand_conversation([*TAX_THEN_DEADLINE, "DX認定制度は？"], bundled_catalog)
    assert frames[-1].slots[:1] == ["date"]


def test_what_is_needed_is_answered_from_the_program(advisor) -> None:  # noqa: ANN001
    result = last_reply(advisor, [*TAX_THEN_DEADLINE, "その税制を使うのに必要な認定は？"])
    assert result.answer.grounded
    assert "認定" in result.answer.text
    assert "スケジュールの記載がありません" not in result.answer.text


# --- a wish said in the Kyushu form -------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "うちは12人の茶問屋です。帳簿ばクラウドの会計ソフトにしたかとです。",
    "社員8人の工務店です。見積りにAIば入れたかばってん、何から始めればよかか。",
])
def test_a_kyushu_wish_is_a_goal(text: str) -> None:
    assert parse_profile(text, None).profile.goals


@pytest.mark.parametrize("text", [
    "うちは12人の茶問屋です。先月もう注文したかどうか覚えとらんです。",
    "社員8人の工務店です。去年は雨が多かったかと思います。",
])
def test_a_question_of_whether_is_no_wish(text: str) -> None:
    assert not parse_profile(text, None).profile.goals


def test_the_subsidy_after_a_kyushu_wish_follows_it(advisor) -> None:  # noqa: ANN001
    turns = ["うちは従業員12人の茶問屋です。注文はふぁっくすで、帳簿は手書きです。これば、くらうどの受発注ソフトにしたかとです。"
             "使える国の補助金はあっとですか。",
             "その補助金で、くらうどの利用料も出っとですか？"]
    result = last_reply(advisor, turns)
    assert "最大2年" in result.answer.text


# --- a dialect's どんな -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "ものづくり補助金ちゅうとは、どげなもんな？",
    "地域DX推進ラボいうんは、どがいなもんですか",
])
def test_a_dialect_donna_mono_of_a_program_is_its_card(bundled_catalog, text: str) -> None:
    frame = understand(text, catalog=bundled_catalog, history=[], parsed=parse_profile(text, None))
    assert frame.slots[:1] == ["overview"]


def test_a_dialect_how_to_is_no_card(bundled_catalog) -> None:
    text = "ものづくり補助金は、どげんして申請すっと？"
    frame = understand(text, catalog=bundled_catalog, history=[], parsed=parse_profile(text, None))
    assert "overview" not in frame.slots


# --- a bare それ after a next-steps reply that answered "is there a <kind>?" ----------------------------

ASKED_A_MECHANISM = "AIを使いたいけど、何から手をつけたらいいか分からない。そういう会社を助ける国の仕組みってある？"


def test_a_bare_sore_refers_to_the_kind_asked(advisor) -> None:  # noqa: ANN001
    result = last_reply(advisor, [ASKED_A_MECHANISM, "それにはどうやったら入れるの？いつから？"])
    assert [p["id"] for p in result.frame["programs"]] == ["ax-chiiki-network"]
    assert not result.answer.grounded
    assert "記載がありません" in result.answer.text


def test_a_bare_sore_after_steps_without_a_kind_asked_refers_to_none(advisor) -> None:  # noqa: ANN001
    result = last_reply(advisor, ["AI導入って、何から始めたらいいですか？", "それにはどうやったら入れるの？"])
    assert "ax-chiiki-network" not in [p["id"] for p in result.frame["programs"]]


# --- a clipped name -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "デジAIの申請書の下書き、手伝ってもらえる？",
    "デジAIの補助率って何分の何？",
])
def test_a_clipped_name_names_the_program(bundled_catalog, text: str) -> None:
    frame = understand(text, catalog=bundled_catalog, history=[], parsed=parse_profile(text, None))
    assert "digital-ai-donyu" in [p.id for p in frame.programs]


@pytest.mark.parametrize("text", [
    "デジカメで撮った写真を申請書に貼ってもいい？",
    "AIの補助金ってどんなのがある？",
])
def test_no_clipped_name(bundled_catalog, text: str) -> None:
    frame = understand(text, catalog=bundled_catalog, history=[], parsed=parse_profile(text, None))
    assert "digital-ai-donyu" not in [p.id for p in frame.programs if p.origin in ("named", "shortened")]


# --- an office to consult, asked afresh ---------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "じゃあ、今すぐ経営の相談ができるところは？",
    "ほな、相談に乗ってくれる窓口ってある？",
])
def test_a_place_to_consult_is_asked_afresh(bundled_catalog, text: str) -> None:
    frames = understand_conversation(["ものづくり補助金の締切はいつ？", text], bundled_catalog)
    assert "monodukuri" not in [p.id for p in frames[-1].programs]
    assert "date" not in frames[-1].slots


def test_consulting_the_office_under_discussion_still_refers_to_it(bundled_catalog) -> None:
    frames = understand_conversation(["よろず支援拠点って何をしてくれるところ？", "それって無料で相談できるところ？"], bundled_catalog)
    assert [p.id for p in frames[-1].programs] == ["yorozu-shien-kyoten"]


def test_after_the_planned_network_the_place_to_consult_is_an_office(advisor) -> None:  # noqa: ANN001
    result = last_reply(advisor, [ASKED_A_MECHANISM, "それにはどうやったら入れるの？いつから？", "じゃあ、いま経営の相談ができるところは？"])
    assert result.answer.grounded
    assert "よろず支援拠点" in result.answer.text


@pytest.mark.parametrize("text", [
    "社員6人の畳屋です。受注ばタブレットで管理するアプリば入れたか。",
    "社員40人の運送会社です。倉庫ば建て替えて給料も上げていきたか 何か補助はなかですか",
])
def test_a_kyushu_wish_ending_the_sentence_is_a_goal(text: str) -> None:
    assert parse_profile(text, None).profile.goals


def test_a_question_whether_it_was_done_is_no_wish() -> None:
    assert not parse_profile("社員6人の畳屋です。去年の申請、もう出したか？", None).profile.goals


# --- 「Xでもいける？」 after another slot -----------------------------------------------------------------


def test_whether_a_way_of_buying_qualifies_is_eligibility(bundled_catalog) -> None:
    frames = understand_conversation(["カタログ型の省力化補助金の上限は？", "補助率は？", "レンタルでもいけるん？"], bundled_catalog)
    assert [p.id for p in frames[-1].programs] == ["shoryokuka-catalog"]
    assert "eligibility" in frames[-1].slots
    assert "rate" not in frames[-1].slots


def test_a_sum_that_goes_is_still_the_cap(bundled_catalog) -> None:
    frames = understand_conversation(["カタログ型の省力化補助金の上限は？", "1000万でもいける？"], bundled_catalog)
    assert "amount" in frames[-1].slots


# --- 「その補助金」 after a question's reply that showed several ----------------------------------------


def test_a_reply_shows_programs_in_its_reading_order(bundled_catalog) -> None:
    from advisor.session import programs_shown

    reply = ("**中堅等大規模成長投資補助金**について：\n- 補助上限額:50億円 [1]\n\n"
             "**中小企業省力化投資補助金（一般型）**について：\n- 補助率:中小企業1/2 [2]")
    assert [p.id for p in programs_shown(reply, bundled_catalog)][:2] == ["chuken-daikibo-seicho-toshi", "shoryokuka-ippan"]


def _showing(intent: str, ids: list[str], catalog) -> "Frame":  # noqa: ANN001
    from advisor.understanding import Frame, ProgramRef

    return Frame(intent=intent, shown=[ProgramRef(i, catalog.get(i).name.value, "mentioned") for i in ids])


def test_that_subsidy_after_a_question_reply_showing_several_stays_open(bundled_catalog) -> None:
    # (taking the first shown cost turns of writers nobody had read: NOTES "Lead, session 34")
    history = [_showing("question", ["chuken-daikibo-seicho-toshi", "shoryokuka-ippan"], bundled_catalog)]
    text = "その補助金の上限はいくらまで？"
    frame = understand(text, catalog=bundled_catalog, history=history, parsed=parse_profile(text, None))
    assert [p.id for p in frame.programs] != ["chuken-daikibo-seicho-toshi"]


def test_that_subsidy_after_next_steps_showing_several_stays_open(bundled_catalog) -> None:
    history = [_showing("next_steps", ["chuken-daikibo-seicho-toshi", "shoryokuka-ippan"], bundled_catalog)]
    text = "その補助金の上限はいくらまで？"
    frame = understand(text, catalog=bundled_catalog, history=history, parsed=parse_profile(text, None))
    assert "chuken-daikibo-seicho-toshi" not in [p.id for p in frame.programs]


# --- the law's size classes, asked afresh -------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "うちは従業員6名の雑貨店ですが、小規模事業者に当たりますか。",
    "では、中小企業者に該当するかどうかの基準は？",
])
def test_a_size_class_is_asked_afresh(bundled_catalog, text: str) -> None:
    frames = understand_conversation(["ものづくり補助金の上限は？", text], bundled_catalog)
    assert frames[-1].programs == []
    assert "amount" not in frames[-1].slots


def test_a_size_class_of_a_named_program_stays_with_it(bundled_catalog) -> None:
    frames = understand_conversation(["ものづくり補助金の上限は？", "ものづくり補助金の小規模事業者の補助率は？"], bundled_catalog)
    assert [p.id for p in frames[-1].programs] == ["monodukuri"]


def test_a_size_class_after_a_program_is_answered_by_the_law(advisor) -> None:  # noqa: ANN001
    result = last_reply(advisor, ["ものづくり補助金の上限は？", "うちは従業員6名の雑貨店ですが、小規模事業者に当たりますか。"])
    assert result.answer.grounded
    assert "5人" in result.answer.text


@pytest.mark.parametrize("text", [
    "中小企業者に該当する会社なら、それも申請できる？",
    "小規模事業者に当たる場合、補助率はどうなる？",
])
def test_a_size_class_with_the_program_asked_stays_with_it(bundled_catalog, text: str) -> None:
    frames = understand_conversation(["ものづくり補助金の上限は？", text], bundled_catalog)
    assert [p.id for p in frames[-1].programs] == ["monodukuri"]
