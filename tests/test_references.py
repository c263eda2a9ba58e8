"""References to programs without their catalog name (advisor/understanding/references.py), resolved
in the frame against the real catalog and earlier frames, and through a real Advisor session on the
bundled corpus (real index, real SQLite file): ordinals, 前者/後者, deictic words, corrections,
shortened names and type words, and a program whose 公募要領 is not indexed."""

from __future__ import annotations

import pytest

from advisor.programs import load_catalog, parse_profile
from advisor.session import Advisor
from advisor.understanding import Frame, ProgramRef, references, understand

DIGITAL = ProgramRef("digital-ai-donyu", "デジタル化・AI導入補助金（通常枠）", "recommended")
IPPAN = ProgramRef("shoryokuka-ippan", "中小企業省力化投資補助金（一般型）", "recommended")
NETWORK = ProgramRef("ax-chiiki-network", "AX促進に向けた地域ネットワーク", "recommended")


@pytest.fixture(scope="module")
def catalog(built_settings):
    return load_catalog(built_settings)


def _frame(text: str, catalog, history: list[Frame] | None = None) -> Frame:
    return understand(text, catalog=catalog, history=history, parsed=parse_profile(text))


@pytest.mark.parametrize(("text", "position"), [
    ("一番上のやつの補助率は？", 0), ("最初に出てきた補助金の対象経費は？", 0), ("2番目のは補助率いくつ？", 1),
    ("２つ目の補助金の上限は？", 1), ("三つ目の制度は？", 2), ("最後のやつは？", -1),
    ("最初に何から始めればいい？", None), ("最初の公募はいつ？", None), ("補助率は？", None),
])
def test_ordinals_name_a_program_not_a_time(text: str, position: int | None) -> None:
    assert references.ordinal(text) == position


def test_an_ordinal_after_a_recommendation_list_picks_that_entry(catalog) -> None:
    listed = Frame("company_description", programs=[DIGITAL, IPPAN, NETWORK])
    first = _frame("最初に出てきた補助金の対象経費は？", catalog, [listed])
    assert first.program_ids == ["digital-ai-donyu"] and first.slot == "expenses"
    # the latest frame now holds the first entry only: the ordinal still reads the list
    second = _frame("2番目のは補助率いくつ？", catalog, [listed, first])
    assert second.program_ids == ["shoryokuka-ippan"] and second.slots == ["rate"]
    assert second.context_line().startswith("中小企業省力化投資補助金（一般型）についての質問として回答しています")


def test_an_ordinal_without_a_list_counts_the_programs_in_conversation_order(catalog) -> None:
    one = _frame("デジタル化・AI導入補助金の補助率は？", catalog)
    two = _frame("中堅等大規模成長投資補助金の上限は？", catalog, [one])
    back = _frame("最初の補助金に戻って、上限は？", catalog, [one, two])
    assert back.program_ids == ["digital-ai-donyu"] and back.slots == ["amount"] and back.follow_up
    compared = _frame("ものづくり補助金と中堅等大規模成長投資補助金を比べて", catalog)
    latter = _frame("後者の投資額の条件は？", catalog, [compared])
    assert latter.program_ids == [compared.program_ids[1]] and len(compared.program_ids) == 2


def test_deictic_words_carry_the_program_over(catalog) -> None:
    one = _frame("ものづくり補助金の補助率は？", catalog)
    two = _frame("省力化投資補助金の一般型は？", catalog, [one])
    assert two.program_ids == ["shoryokuka-ippan"] and two.slots == ["rate"]  # the slot just asked
    there = _frame("そっちの上限額は？", catalog, [one, two])
    assert there.program_ids == ["shoryokuka-ippan"] and there.slots == ["amount"] and there.follow_up


def test_a_correction_names_the_program_by_its_type_word_and_asks_no_comparison(catalog) -> None:
    one = _frame("中小企業省力化投資補助金（一般型）の上限額は？", catalog)
    corrected = _frame("違います、カタログ型の話です。上限は？", catalog, [one])
    assert corrected.program_ids == ["shoryokuka-catalog"] and corrected.slots == ["amount"]
    assert corrected.context_line().startswith("中小企業省力化投資補助金（カタログ型）についての質問として回答しています")
    assert references.is_correction("いや、ものづくり補助金の方です。上限はいくら？")
    assert not references.is_correction("ものづくり補助金の補助率は？")


@pytest.mark.parametrize(("text", "program"), [
    ("ものづくりだとどう？", "monodukuri"),
    ("省力化補助金って何に使える？", "shoryokuka-ippan"),  # the unqualified name is the 一般型's alias
    ("省力化の一般型って補助率なんぼ", "shoryokuka-ippan"),
    ("カタログの省力化補助金で機械を買うのはアリですか？", "shoryokuka-catalog"),  # the type's stem decides the tie
    ("一般の省力化補助金は？", "shoryokuka-ippan"),
    ("IT補助金の上限いくら？", "digital-ai-donyu"),  # an informal name means the program as it is now (the successor)
])
def test_shortened_names_resolve_through_the_catalog(text: str, program: str, catalog) -> None:
    frame = _frame(text, catalog)
    assert frame.program_ids == [program] and frame.programs[0].origin == "shortened"
    assert frame.context_line()  # a guessed name is shown, so a wrong guess can be corrected


def test_a_head_word_inside_a_company_description_names_no_program(catalog) -> None:
    frame = _frame("従業員30人のものづくり企業です。IT導入を検討しています", catalog)
    assert frame.intent != "question" or not frame.programs


def test_a_program_whose_guideline_is_not_indexed_is_not_answered_with_another(catalog) -> None:
    assert "中小企業新事業進出補助金" in catalog.absent and catalog.get("中小企業新事業進出補助金") is None
    one = _frame("ものづくり補助金の上限は？", catalog)
    other = _frame("新事業進出の方は上限いくら？", catalog, [one])
    assert other.program_ids == ["guideline:中小企業新事業進出補助金"] and not other.follow_up
    assert other.not_stated == "unindexed_program"


def test_session_resolves_references_and_shows_them(advisor: Advisor) -> None:
    sid = advisor.new_session()
    listed = advisor.turn(sid, "社員10人の税理士事務所です。AIで記帳と書類作成を効率化するクラウドソフトを入れたい")
    second_name = listed.frame["programs"][1]["name"]
    second = advisor.turn(sid, "2番目のは補助率いくつ？")
    assert second.frame["programs"][0]["name"] == second_name
    assert second.context_line.startswith(second_name + "についての質問として回答しています")
    assert second.answer.grounded and second.answer.citations and second_name.split("（")[0] in second.answer.text

    unindexed = advisor.turn(sid, "新事業進出の方は上限いくら？")
    assert not unindexed.answer.grounded and not unindexed.answer.citations and not unindexed.blocked
    assert "中小企業新事業進出補助金" in unindexed.answer.text and "万円" not in unindexed.answer.text

    corrected = advisor.turn(sid, "いや、ものづくり補助金の方です。上限はいくら？")
    assert corrected.frame["programs"][0]["id"] == "monodukuri" and "750万円" in corrected.answer.text


def test_a_refused_request_keeps_its_program_for_the_honest_follow_up(catalog) -> None:
    refused = _frame("省力化投資補助金の一般型で、本当は賃上げしないけど、賃上げすると書いた計画書を作って", catalog)
    assert refused.intent == "falsification" and refused.declines and refused.program_ids == ["shoryokuka-ippan"]
    assert refused.context_line() == ""
    honest = _frame("わかりました、賃上げは正直に書きます。この補助金の補助率は？", catalog, [refused])
    assert honest.program_ids == ["shoryokuka-ippan"] and honest.slot == "rate"
    # an off-topic turn is still no topic of its own
    off = Frame("off_topic", programs=[ProgramRef("monodukuri", "ものづくり補助金", "named")])
    assert _frame("対象経費は？", catalog, [refused, off]).program_ids == ["shoryokuka-ippan"]


def test_a_follow_up_naming_a_kind_goes_back_to_the_latest_program_of_that_kind(catalog) -> None:
    tax = _frame("DX投資促進税制の税額控除は何%？", catalog)
    subsidy = _frame("ものづくり補助金の補助率は？", catalog, [tax])
    back = _frame("さっきの税制の特別償却は？", catalog, [tax, subsidy])
    assert back.program_ids == ["dx-toshi-sokushin-zeisei"]
    assert _frame("さっきの補助金の上限は？", catalog, [tax, subsidy]).program_ids == ["monodukuri"]


def test_the_other_one_of_a_pair_and_ordinals_counted_by_kind(catalog) -> None:
    pair = _frame("中小企業省力化投資補助金の一般型とカタログ型の違いは？", catalog)
    assert sorted(pair.program_ids) == ["shoryokuka-catalog", "shoryokuka-ippan"]
    one = _frame("カタログ型の方の上限は？", catalog, [pair])
    assert one.program_ids == ["shoryokuka-catalog"]
    other = _frame("もう一つの方は？", catalog, [pair, one])
    assert other.program_ids == ["shoryokuka-ippan"] and other.slots == ["amount"]
    listed = Frame("company_description", programs=[
        ProgramRef("digital-jinzai-ikusei-pf", "デジタル人材育成プラットフォーム", "recommended"), DIGITAL, IPPAN])
    assert _frame("1つ目の補助率は？", catalog, [listed]).program_ids == ["digital-jinzai-ikusei-pf"]  # as listed
    assert _frame("1つ目の補助金の補助率は？", catalog, [listed]).program_ids == ["digital-ai-donyu"]  # the first subsidy


def test_what_is_covered_asks_for_expenses(catalog) -> None:
    assert _frame("あと対象になるものは？", catalog).slot == "expenses"
    assert _frame("パソコンは対象になりますか", catalog).slot != "expenses"


def test_an_ordinal_with_a_verb_of_asking_and_what_is_needed(catalog) -> None:
    one = _frame("中堅等大規模成長投資補助金の補助率は？", catalog)
    two = _frame("ものづくり補助金の上限は？", catalog, [one])
    three = _frame("省力化投資補助金のカタログ型の上限は？", catalog, [one, two])
    back = _frame("最初に聞いた補助金の上限は？", catalog, [one, two, three])
    assert back.program_ids == ["chuken-daikibo-seicho-toshi"] and back.slot == "amount"
    tax = _frame("DX投資促進税制について教えて", catalog)
    assert _frame("その制度を使うには何が必要？", catalog, [tax]).slot == "eligibility"


@pytest.mark.parametrize("text", ["それって何分の何？", "それって何分の何出るの？", "補助率は何分の1？", "特別償却は何%？",
                                  "うちは従業員4人の小規模事業者。うちも2/3？"])
def test_colloquial_rate_questions_ask_for_the_rate(text: str, catalog) -> None:
    one = _frame("ものづくり補助金の上限は？", catalog)
    assert _frame(text, catalog, [one]).slot == "rate"


def test_a_short_question_without_a_slot_word_still_follows_up(catalog) -> None:
    one = _frame("IT導入補助金の対象経費は？", catalog)
    again = _frame("いまも申請できる？", catalog, [one])
    assert again.program_ids == ["it-donyu-2023"] and again.follow_up
    tax = _frame("DX投資促進税制の控除率は？", catalog)
    other = _frame("ものづくり補助金の上限は？", catalog, [tax])
    back = _frame("税制の方に戻って、特別償却はどのくらい？", catalog, [tax, other])
    assert back.program_ids == ["dx-toshi-sokushin-zeisei"] and back.follow_up


def test_an_old_programs_answer_names_its_successor_and_a_deadline_comes_from_the_registered_round(advisor: Advisor) -> None:
    sid = advisor.new_session()
    old = advisor.turn(sid, "IT導入補助金の対象経費は？")
    assert old.frame["programs"][0]["id"] == "it-donyu-2023" and "デジタル化・AI導入補助金" in old.answer.text
    sid = advisor.new_session()
    advisor.turn(sid, "ものづくり補助金の上限は？")
    deadline = advisor.turn(sid, "じゃあ締切は")
    assert deadline.frame["programs"][0]["id"] == "monodukuri" and "5月8日" in deadline.answer.text
    assert [c.source_id for c in deadline.answer.citations] == ["monozukuri-23-koubo"]


def test_polite_and_past_tense_pointers_reach_the_program(catalog) -> None:
    one = _frame("中堅等大規模成長投資補助金の上限はいくらですか", catalog)
    polite = _frame("ありがとうございます。先ほど教えていただいた補助金について、補助率も教えていただけますか", catalog, [one])
    assert polite.program_ids == ["chuken-daikibo-seicho-toshi"] and polite.slot == "rate"
    tax = _frame("DX投資促進税制の税額控除は？", catalog)
    other = _frame("中堅等大規模成長投資補助金の投資額の要件は？", catalog, [tax])
    back = _frame("前に聞いた税制の特別償却は？", catalog, [tax, other])
    assert back.program_ids == ["dx-toshi-sokushin-zeisei"] and back.slot == "rate"


def test_a_short_name_or_type_word_with_nohou_is_a_follow_up_not_off_topic(catalog) -> None:
    one = _frame("ものづくり補助金の補助率は？", catalog)
    chuken = understand("中堅のほうは？", catalog=catalog, history=[one])  # e5 on: it declined this
    assert chuken.intent == "question" and chuken.program_ids == ["chuken-daikibo-seicho-toshi"] and chuken.slot == "rate"
    catalog_type = _frame("省力化投資補助金のカタログ型の上限は？", catalog)
    general = understand("一般型のほうは？", catalog=catalog, history=[catalog_type])
    assert general.intent == "question" and general.program_ids == ["shoryokuka-ippan"] and general.slot == "amount"


def test_a_draft_request_pointing_back_drafts_for_the_program_under_discussion(catalog) -> None:
    one = _frame("ものづくり補助金の上限は？", catalog)
    draft = _frame("じゃあその補助金で計画書の下書きを作って", catalog, [one])
    assert draft.intent == "draft" and draft.program_ids == ["monodukuri"]


def test_what_the_program_covers_and_what_it_has_become(catalog) -> None:
    one = _frame("中小企業省力化投資補助金（カタログ型）の上限は？", catalog)
    assert "expenses" in _frame("それの対象は？", catalog, [one]).slots
    old = _frame("ＩＴ導入補助金の補助率は？", catalog)
    now = _frame("いまはどの補助金になってる？", catalog, [old])
    assert now.intent == "question" and now.program_ids == ["it-donyu-2023"]


@pytest.mark.parametrize(("text", "position"), [("2個目の補助金の上限は？", 1), ("ふたつめのやつは？", 1), ("一個目の制度は？", 0)])
def test_counter_and_kana_ordinals(text: str, position: int) -> None:
    assert references.ordinal(text) == position


def test_what_is_needed_in_plain_words_asks_for_eligibility(catalog) -> None:
    tax = _frame("DX投資促進税制の特別償却は？", catalog)
    assert _frame("使うには何がいる？", catalog, [tax]).slot == "eligibility"


def test_a_long_follow_up_stating_company_facts_first_keeps_the_program(catalog) -> None:
    one = _frame("ものづくり補助金の補助率は？", catalog)
    long = _frame("うちは従業員が50人くらいいるんですが、その場合の上限額はいくらになりますか", catalog, [one])
    assert long.program_ids == ["monodukuri"] and long.follow_up and long.slot == "amount"
    tax = _frame("DX投資促進税制について教えて", catalog)
    plan = _frame("当社は今年クラウドの基幹システムを入れ替える予定ですが、特別償却を選んだ場合の割合はどれくらいになりますか", catalog, [tax])
    assert plan.program_ids == ["dx-toshi-sokushin-zeisei"] and plan.slot == "rate"
    # a question with no fact of a program to ask for starts afresh
    assert not _frame("中小企業の定義を教えてください。うちは製造業で従業員が50人くらいです", catalog, [one]).programs


def test_the_earlier_one_after_a_switch_is_the_program_before_the_current_one(catalog) -> None:
    one = _frame("ものづくり補助金の上限は？", catalog)
    two = _frame("デジタル化・AI導入補助金は？", catalog, [one])
    back = _frame("さっきの方はいくらだっけ？", catalog, [one, two])
    assert back.program_ids == ["monodukuri"] and back.slot == "amount"
    still = _frame("さっきの補助金の補助率は？", catalog, [one, two])  # no contrast: the one just discussed
    assert still.program_ids == ["digital-ai-donyu"]


@pytest.mark.parametrize(("text", "program"), [
    ("ものずくり補助金の上限は？", "monodukuri"),
    ("中堅大規模成長投資補助金の補助率は？", "chuken-daikibo-seicho-toshi"),
    ("省力化投資補助金のカタログ形の上限は？", "shoryokuka-catalog"),
])
def test_a_misspelled_name_is_read_as_the_nearest_catalog_name(text: str, program: str, catalog) -> None:
    frame = _frame(text, catalog)
    assert frame.program_ids == [program]


def test_a_plan_then_whether_it_counts_is_a_question_not_a_falsification(catalog) -> None:
    one = _frame("デジタル化・AI導入補助金について教えて", catalog)
    frame = understand("会計ソフトとクラウドの利用料を両方申請したいと思っているのですが、対象経費として認められますか",
                       catalog=catalog, history=[one])
    assert frame.intent == "question" and frame.program_ids == ["digital-ai-donyu"] and frame.slot == "expenses"


def test_the_pair_member_with_the_higher_or_lower_figure(catalog) -> None:
    pair = _frame("デジタル化・AI導入補助金と省力化投資補助金の一般型を比べて", catalog)
    higher = _frame("上限が高い方の対象経費は？", catalog, [pair])
    assert higher.program_ids == ["shoryokuka-ippan"] and higher.slot == "expenses"
    other = _frame("ものづくり補助金と中堅等大規模成長投資補助金の違いは？", catalog)
    lower = _frame("上限が低い方の補助率は？", catalog, [other])
    assert lower.program_ids == ["monodukuri"] and lower.slots == ["rate"]
    assert _frame("補助率が低いほうの上限は？", catalog, [other]).program_ids == ["chuken-daikibo-seicho-toshi"]


def test_repeated_correction_openers_ask_no_comparison(catalog) -> None:
    one = _frame("デジタル化・AI導入補助金の補助率は？", catalog)
    two = _frame("中堅等大規模成長投資補助金の上限は？", catalog, [one])
    corrected = _frame("違う違う、聞きたいのはデジタル化の方。上限は？", catalog, [one, two])
    assert corrected.program_ids == ["digital-ai-donyu"] and corrected.slots == ["amount"]
    assert references.is_correction("いやいや、ものづくりの方です")


def test_are_and_sore_after_an_ordinal_point_at_a_program(catalog) -> None:
    one = _frame("中堅等大規模成長投資補助金について教えて", catalog)
    two = _frame("ものづくり補助金の補助率は？", catalog, [one])
    back = _frame("最初に聞いたあれの次の公募はいつ？", catalog, [one, two])
    assert back.program_ids == ["chuken-daikibo-seicho-toshi"] and back.slot == "date" and back.follow_up
    assert references.points_back("あれの締切は？") and not references.points_back("あれ？よくわからない")


@pytest.mark.parametrize(("typed", "spelled"), [
    ("でじたるかAIどうにゅうほじょきんの じょうげんわ？", "デジタル化・AI導入補助金の 上限わ?"),
    ("ﾓﾉﾂﾞｸﾘ補助金の上限は？", "ものづくり補助金の上限は?"),
    ("しょうりょくかとうしほじょきんの かたろぐがたの たいしょうけいひは？", "省力化投資補助金の カタログ型の 対象経費は?"),
    ("DXとうしそくしんぜいせいの こうじょりつは？", "DX投資促進税制の 控除率は?"),
    # a short reading across two words is no word of the domain: どっち|が|いい holds チガイ (違い)
    ("どっちがいいと思いますか？", "どっちがいいと思いますか?"),
    ("まちがいない？", "まちがいない?"),
])
def test_kana_typed_words_are_respelled_as_the_catalog_and_rules_spell_them(typed: str, spelled: str, catalog) -> None:
    assert references.respell(typed, catalog) == spelled


def test_kana_typed_follow_ups_keep_the_program_and_ask_their_slot(catalog) -> None:
    one = _frame("でじたるかAIどうにゅうほじょきんの じょうげんわ？", catalog)
    assert one.program_ids == ["digital-ai-donyu"] and one.slots == ["amount"]
    two = _frame("ほじょりつわ？", catalog, [one])
    assert two.program_ids == ["digital-ai-donyu"] and two.slots == ["rate"] and two.follow_up
    half_width = _frame("ﾓﾉﾂﾞｸﾘ補助金の上限は？", catalog)
    assert half_width.program_ids == ["monodukuri"]
    assert _frame("ﾎｼﾞｮﾘﾂは？", catalog, [half_width]).slots == ["rate"]


def test_returning_to_a_shortened_name_and_one_word_slots(catalog) -> None:
    one = _frame("ものづくり補助金の上限は？", catalog)
    two = _frame("カタログ型の上限は？", catalog, [one])
    back = _frame("ものづくりに戻って補助率", catalog, [one, two])
    assert back.program_ids == ["monodukuri"] and back.slots == ["rate"]
    tax = _frame("DX投資促進税制", catalog)
    assert _frame("償却", catalog, [tax]).slots == ["rate"]
    ippan = _frame("省力化投資補助金の一般型について教えて", catalog)
    calls = _frame("how many calls per year?", catalog, [ippan])
    assert calls.program_ids == ["shoryokuka-ippan"] and calls.slots == ["date"]


CATALOG_TYPE = ProgramRef("shoryokuka-catalog", "中小企業省力化投資補助金（カタログ型）", "recommended")
MONO = ProgramRef("monodukuri", "ものづくり補助金", "recommended")


def test_the_other_type_of_the_first_recommendation_answers_what_the_first_does_not_state(catalog) -> None:
    listed = Frame("company_description", programs=[CATALOG_TYPE, IPPAN, MONO])
    rate = _frame("その補助金の補助率は？", catalog, [listed])  # the catalog has no rate for カタログ型
    assert rate.program_ids == ["shoryokuka-catalog", "shoryokuka-ippan"]
    expenses = _frame("対象経費は？", catalog, [listed])  # stated for カタログ型: it alone
    assert expenses.program_ids == ["shoryokuka-catalog"]
    after = _frame("補助率は？", catalog, [listed, expenses])  # the list is read, not only the last frame
    assert after.program_ids == ["shoryokuka-catalog", "shoryokuka-ippan"]
    # another program of the list is no type of the first
    assert _frame("その補助金の補助率は？", catalog, [Frame("matching", programs=[CATALOG_TYPE, MONO])]).program_ids == ["shoryokuka-catalog"]


def test_what_a_tax_incentive_needs_quotes_its_eligibility_rules(advisor: Advisor) -> None:
    sid = advisor.new_session()
    advisor.turn(sid, "DX投資促進税制について教えて")
    needed = advisor.turn(sid, "その制度を使うには何が必要？")
    assert needed.frame["programs"][0]["id"] == "dx-toshi-sokushin-zeisei" and needed.frame["slots"][0] == "eligibility"
    assert needed.answer.grounded and "DX認定" in needed.answer.text


def test_a_shortened_name_with_noyatsu_and_the_other_type(catalog) -> None:
    one = _frame("省力化投資補助金の一般型の上限は？", catalog)
    tax = _frame("DX投資促進税制の控除率は？", catalog, [one])
    back = _frame("さっきの省力化のやつ、対象経費は？", catalog, [one, tax])
    assert back.program_ids == ["shoryokuka-ippan"] and back.slot == "expenses"
    other = _frame("What about the other type?", catalog, [one])
    assert other.intent == "question" and other.program_ids == ["shoryokuka-catalog"] and other.slots == ["amount"]


def test_a_kind_the_recommendations_lack_refers_to_the_program_of_that_kind_the_reply_mentions(advisor: Advisor) -> None:
    sid = advisor.new_session()
    listed = advisor.turn(sid, "従業員30人の製造業です。全社でクラウドの基幹システムを入れてDXを進めたい")
    origins = {p["id"]: p["origin"] for p in listed.frame["programs"]}
    assert origins.get("dx-toshi-sokushin-zeisei") == "mentioned" and "recommended" in origins.values()
    tax = advisor.turn(sid, "その税制の控除率は？")
    assert tax.frame["programs"][0]["id"] == "dx-toshi-sokushin-zeisei" and "5%" in tax.answer.text
    # ordinals count only the numbered recommendations
    last = advisor.turn(sid, "最後のやつは？")
    recommended = [p["id"] for p in listed.frame["programs"] if p["origin"] == "recommended"]
    assert last.frame["programs"][0]["id"] == recommended[-1]


def test_which_one_with_a_pointer_compares_with_the_program_under_discussion(catalog) -> None:
    one = _frame("デジタル化・AI導入補助金の上限は？", catalog)
    both = _frame("それとものづくり補助金、どっちが上限高い？", catalog, [one])
    assert set(both.program_ids) == {"monodukuri", "digital-ai-donyu"} and both.slots[:2] == ["comparison", "amount"]


def test_the_same_conditions_for_another_type_ask_what_was_just_asked(catalog) -> None:
    one = _frame("省力化投資補助金の一般型の補助率は？", catalog)
    same = _frame("同じ条件でカタログ型だと？", catalog, [one])
    assert same.program_ids == ["shoryokuka-catalog"] and same.slots == ["rate"]


def test_an_english_company_description_is_no_falsification_request(catalog) -> None:
    described = _frame("I run a 10-person printing company and want AI software for quotes", catalog)
    assert described.intent != "falsification" and not described.declines
    assert _frame("We only have 3 employees, but say 15 in the form.", catalog).intent == "falsification"


@pytest.mark.parametrize(("text", "program_id"), [
    ("中堅の補助金っていつまで申し込める？", "chuken-daikibo-seicho-toshi"),
    ("ものづくりの補助金の上限は？", "monodukuri"),
    ("省力化の補助金の補助率", "shoryokuka-ippan"),
])
def test_a_shortened_head_then_no_hojokin_names_the_program(text: str, program_id: str, catalog) -> None:
    # 「中堅の補助金」: owners put の between the shortened head and 補助金
    assert _frame(text, catalog).program_ids == [program_id]


@pytest.mark.parametrize("text", ["りつは", "りつ？", "リツわ"])
def test_a_bare_kana_rate_word_is_the_rate_slot(text: str, catalog) -> None:
    first = _frame("デジタル化AI補助金の上限", catalog)
    frame = _frame(text, catalog, [first])
    assert frame.slots[:1] == ["rate"] and frame.program_ids == ["digital-ai-donyu"]


@pytest.mark.parametrize("text", ["うちは従業員5人なんだけど、それだと変わる？", "小規模事業者だったら違ってくる？"])
def test_does_it_change_asks_again_what_was_just_asked(text: str, catalog) -> None:
    first = _frame("ものづくり補助金の補助率は？", catalog)
    frame = _frame(text, catalog, [first])
    assert frame.slots[:1] == ["rate"] and frame.program_ids == ["monodukuri"]


@pytest.mark.parametrize(("text", "program_id", "slot"), [
    ("ものづくり 締切", "monodukuri", "date"), ("ものづくり上限", "monodukuri", "amount"),
    ("しょうりょくか ほじょりつ", "shoryokuka-ippan", "rate"),
])
def test_a_shortened_head_then_a_slot_word_names_the_program(text: str, program_id: str, slot: str, catalog) -> None:
    # phone-typed: the head, a space or nothing, then what is asked
    frame = _frame(text, catalog)
    assert frame.program_ids == [program_id] and frame.slot == slot


def test_a_certification_the_company_holds_is_a_fact_not_the_topic_of_the_follow_up(advisor: Advisor) -> None:
    sid = advisor.new_session()
    described = advisor.turn(sid, "従業員80人の製造業です。DX認定を取得済みで、クラウドの生産管理システムに投資したい")
    assert described.frame["programs"][0]["origin"] == "recommended"
    tax = advisor.turn(sid, "その税制の控除率は？")
    assert tax.frame["programs"][0]["id"] == "dx-toshi-sokushin-zeisei"
    assert tax.answer.grounded and "5%" in tax.answer.text


def test_a_head_inside_a_longer_word_names_no_program(catalog) -> None:
    assert not references.shortened_programs("クラウドサービス対象になる？", catalog)


def test_an_english_description_gets_the_japanese_matching_reply_and_its_follow_up(advisor: Advisor) -> None:
    sid = advisor.new_session()
    described = advisor.turn(sid, "We are a 12-person metal parts shop in Gifu and want AI for quoting")
    assert described.frame["intent"] == "company_description"
    assert "従業員数: 12人" in described.answer.text and "岐阜県" in described.answer.text
    assert "おすすめの制度" in described.answer.text
    first = described.frame["programs"][0]
    follow = advisor.turn(sid, "その補助金の補助率は？")
    assert follow.frame["programs"][0]["id"] == first["id"] and follow.answer.grounded


@pytest.mark.parametrize(("text", "ids"), [
    ("ものづくり補助金とIT補助金って、上限はどっちが高い？", ["monodukuri", "digital-ai-donyu"]),
    ("ものづくり補助金と省力化補助金の違いを教えて", ["monodukuri", "shoryokuka-ippan"]),
    ("ものづくりとIT補助金どっちがいい？", ["monodukuri", "digital-ai-donyu"]),
])
def test_a_second_program_named_by_a_shortened_name_is_named_too(text: str, ids: list[str], catalog) -> None:
    # a full name beside a shortened one (or two shortened ones): both are the pair 「後者」 reads
    pair = _frame(text, catalog)
    assert pair.program_ids == ids and pair.slot == "comparison"
    latter = _frame("後者は？", catalog, [pair])
    assert latter.program_ids == ids[1:]


def test_a_type_stem_as_a_side_names_the_type_of_the_program_under_discussion(catalog) -> None:
    catalog_type = _frame("省力化補助金のカタログ型の上限は？", catalog)
    assert catalog_type.program_ids == ["shoryokuka-catalog"]
    other = _frame("一般のほうは？", catalog, [catalog_type])
    assert other.program_ids == ["shoryokuka-ippan"] and other.slots == ["amount"]
    # alone, 「一般」 is an ordinary word
    assert not references.type_named("一般のほうは？", catalog)


def test_the_owners_stated_size_puts_the_facts_that_apply_first(advisor: Advisor) -> None:
    sid = advisor.new_session()
    advisor.turn(sid, "ものづくり補助金の補助率は？")
    small = advisor.turn(sid, "うちは従業員5人なんだけど、それだと変わる？")
    assert small.answer.grounded and "2/3" in small.answer.text
    frame = understand("上限は？", catalog=advisor.catalog, history=[Frame.from_dict(small.frame)],
                       parsed=parse_profile("従業員60人の製造業です"))
    assert frame.owner_small is False and frame.owner_employees == (60, 60)


def test_catalog_facts_whose_size_condition_the_owner_meets_come_first(catalog) -> None:
    from advisor.chains.answer import Asked, catalog_evidence
    from advisor.programs.profile import small_as_stated

    def first(asked: Asked) -> str:
        return catalog_evidence("上限は？", catalog, asked)[0].original

    assert "5人以下" in first(Asked(["monodukuri"], ["amount"]))  # the catalog's order
    assert "1,000万円" in first(Asked(["monodukuri"], ["amount"], owner_employees=(12, 12)))
    rates = {small: catalog_evidence("補助率は？", catalog, Asked(["monodukuri"], ["rate"], owner_small=small))[0].text
             for small in (None, True, False)}  # a condition that fails keeps its place
    assert rates[None].startswith("補助率（通常枠）") and rates[False].startswith("補助率（通常枠）")
    assert rates[True].startswith("補助率（通常枠・小規模") and "2/3" in rates[True]
    # 5人 is 小規模 in every category of 第2条, 30人 in none; 12人 depends on the industry
    assert [small_as_stated(parse_profile(t).profile) for t in ("従業員5人です", "従業員30人です", "従業員12人です")] == [True, False, None]


def test_after_a_description_only_programs_the_reply_names_are_mentioned(advisor: Advisor) -> None:
    sid = advisor.new_session()
    described = advisor.turn(sid, "うちは社員15人の金型屋です。熟練工が減ってて、検査を自動化したいと思ってます")
    programs = described.frame["programs"]
    assert programs and all(p["name"] in described.answer.text for p in programs if p["origin"] == "mentioned")
    assert not any(advisor.catalog.get(p["id"]).kind == "loan" for p in programs)
    # 「その融資」 then has no referent: no program of another kind is carried over for it
    loan = advisor.turn(sid, "その融資の金利は？")
    assert all(advisor.catalog.get(p["id"]).kind == "loan" for p in loan.frame["programs"])


@pytest.mark.parametrize(("text", "program_id"), [
    ("省力化は？", "shoryokuka-ippan"), ("じゃあ省力化だとどう？", "shoryokuka-ippan"), ("DX投資は？", "dx-toshi-sokushin-zeisei"),
])
def test_a_heads_first_words_alone_ask_what_about_that_program(text: str, program_id: str, catalog) -> None:
    first = _frame("ものづくり補助金の補助率は？", catalog)
    frame = _frame(text, catalog, [first])
    assert frame.program_ids == [program_id] and frame.slots == ["rate"]
    # in a longer sentence the word is an ordinary word
    assert not references.shortened_programs("省力化したいので補助金を探してます", catalog)


def test_a_refused_request_keeps_the_program_it_names_by_a_shortened_name(catalog) -> None:
    refused = _frame("IT補助金で、見積書の金額を水増しして申請できる？", catalog)
    assert refused.intent == "falsification" and refused.program_ids == ["digital-ai-donyu"]
    honest = _frame("じゃあ普通に申請したら、それの上限はいくら？", catalog, [refused])
    assert honest.program_ids == ["digital-ai-donyu"] and honest.slots == ["amount"]


def test_a_follow_up_about_a_program_whose_guidelines_are_not_indexed_is_not_stated(catalog) -> None:
    first = _frame("中小企業新事業進出補助金の目的を教えてください。", catalog)
    follow = _frame("その補助金の補助上限はいくらですか？", catalog, [first])
    assert follow.program_ids == ["guideline:中小企業新事業進出補助金"] and follow.not_stated == "unindexed_program"


@pytest.mark.parametrize("text", ["省力化投資補助金のカタログ型ってなにっしゃ", "DX認定ってなんね"])
def test_kana_what_is_asks_for_the_definition(text: str, catalog) -> None:
    assert _frame(text, catalog).slots == ["definition"]


def test_a_size_class_alone_is_the_owners_condition_not_a_program(catalog) -> None:
    first = _frame("ものつくり補助金の補助率おしえて", catalog)
    frame = _frame("小規模だとどうなる？", catalog, [first])
    assert frame.program_ids == ["monodukuri"] and not frame.not_stated


@pytest.mark.parametrize(("text", "program_id"), [
    ("中堅の大型投資の補助金って何億まで出るの？", "chuken-daikibo-seicho-toshi"), ("省力化の投資の補助金は？", "shoryokuka-ippan"),
])
def test_a_paraphrased_name_sharing_a_word_with_the_head_names_the_program(text: str, program_id: str, catalog) -> None:
    first = _frame(text, catalog)
    assert first.program_ids == [program_id]
    assert _frame("投資額はいくら以上？", catalog, [first]).program_ids == [program_id]
    # a word the head does not hold names nothing (「設備投資」 is no part of any subsidy's name)
    assert not references.shortened_programs("中小の設備投資の補助金", catalog)


def test_a_type_word_beside_a_named_program_is_that_programs_type(catalog) -> None:
    # 通常枠 is the bracketed type of デジタル化・AI導入補助金 only, but here ものづくり's 通常枠
    assert _frame("ものづくり補助金って、通常枠のほかにどんな申請枠があるんですか？", catalog).program_ids == ["monodukuri"]


def test_a_what_about_question_after_an_off_topic_aside_keeps_the_slot_asked_before(catalog) -> None:
    # the declined aside is skipped both for the program and for the slot: 「で、」「じゃあ、」 with a comma
    cap = _frame("デジタル化・AI導入補助金の上限はいくら？", catalog)
    aside = Frame("off_topic", reason="test: an off-topic aside")
    assert aside.declines
    mono = _frame("じゃあ、ものづくりは？", catalog, [cap, aside])
    assert mono.program_ids == ["monodukuri"] and mono.slots == cap.slots == ["amount"]
    rate = _frame("ものづくり補助金の補助率は？", catalog)
    shoryokuka = _frame("で、省力化は？", catalog, [rate, aside])
    assert shoryokuka.program_ids == ["shoryokuka-ippan"] and shoryokuka.slots == ["rate"]


def test_a_list_of_shortened_names_names_each_even_as_first_words_alone(catalog) -> None:
    pair = _frame("省力化とものづくり、どっちが補助率高い？", catalog)
    assert pair.program_ids == ["shoryokuka-ippan", "monodukuri"]
    assert _frame("前者の上限は？", catalog, [pair]).program_ids == ["shoryokuka-ippan"]
    # a first word alone outside a list names nothing
    assert not references.shortened_programs_each("省力化を進めたい", catalog)


def test_a_kind_asked_about_a_program_of_another_kind_is_its_related_program(catalog) -> None:
    # the catalog relates DX認定 to the JFC loan, DX投資促進税制 and the credit-guarantee special case
    nintei = _frame("DX認定ていうとは何ね 聞いたことはあるばってん", catalog)
    tax = _frame("それば取ったら税金はどげんなると", catalog, [nintei])
    assert tax.program_ids == ["dx-toshi-sokushin-zeisei"]
    loan = _frame("公庫で借りるときは", catalog, [nintei, tax])  # reached through DX認定, discussed before
    assert loan.program_ids == ["jfc-dx-loan"]
    assert _frame("DX認定を取ると融資面ではどうなりますか", catalog).program_ids == ["jfc-dx-loan"]
    guarantee = _frame("信用保証のほうは？", catalog, [nintei, tax])
    # what each gives: the tax incentive's rate, the guarantee's limits (not the rate asked before)
    assert guarantee.program_ids == ["shinyo-hoken-dx-tokurei"] and guarantee.slots == ["eligibility"]
    assert tax.slots[0] == "rate"
    benefit = _frame("DX認定をとりました。日本政策金融公庫で借りるとき、認定をとっていると何か有利になるんでしょうか？", catalog)
    assert benefit.program_ids == ["jfc-dx-loan"] and benefit.slots[0] == "rate"
    # a kind the program is itself keeps it; a kind nothing relates to changes nothing
    assert _frame("DX投資促進税制の税額控除は？", catalog).program_ids == ["dx-toshi-sokushin-zeisei"]
    mono = _frame("ものづくり補助金の上限は？", catalog)
    assert _frame("税金面では何かある？", catalog, [mono]).program_ids != ["dx-toshi-sokushin-zeisei"]
