"""Questions about a subsidy's administration rules (交付決定前の発注, 実績報告, 財産処分, 計画変更,
相見積もり, 消費税, 再申請…): answered from a 公募要領 that states them, said plainly to be absent from
documents that do not (NOTES.md "Not in the documents, session 23")."""

from __future__ import annotations

import pytest

from advisor.chains.answer import answer_question
from advisor.programs import load_catalog
from advisor.understanding import rules, understand

from tests.conftest import one_guide_retriever


@pytest.mark.parametrize("text", [
    "交付決定が出る前に、業者と契約だけ済ませておいても大丈夫ですか",
    "こうふけっていの まえに はっちゅう しても いいですか",
    "補助金で買ったフォークリフト、3年後に売ってもいいの？",
    "採択されたあとで導入する機械を別の機種に変えたくなったら、どうすればいい？",
    "相見積もりは何社から取ればいいですか",
    "補助対象経費は税込ですか、税抜ですか",
    "一度不採択になった計画で、次の公募にまた申請できますか？",
    "実績報告ではどんな書類を出すんですか",
    "補助金って入金はいつ頃になるの？",
    "もらった補助金に法人税はかかりますか",
    "中古のフライヤーでも対象になるん？",
    "商工会議所の経営相談って無料でやってもらえるの？",
    "カタログに載ってる清掃ロボット、1台いくらくらい？おすすめのメーカーも知りたい",
])
def test_a_question_about_an_administration_rule_is_a_not_stated_kind(text: str) -> None:
    assert rules.not_stated(text) == "procedure_rule"
    assert understand(text, semantic=False).intent == "question"


@pytest.mark.parametrize("text", [
    "賃上げ要件を達成できなかった場合、補助金を返還する必要がありますか？",
    "従業員8人の工務店です。AIで見積もりを作るソフトを入れたい。使える補助金は？",
    "補助金で入れた機械で作った商品を売っていますが、売上の目標はありますか",
    "ものづくり補助金の補助率は？",
    "省力化投資補助金の補助率を、中小企業と小規模事業者で分けて教えて",
    "小規模企業者は何人以下か教えてください",
])
def test_other_questions_are_not_an_administration_rule(text: str) -> None:
    assert rules.procedure_rules(text) == []


@pytest.mark.parametrize("question", [
    "交付決定の前にどうしても機械を発注しないと間に合わないんですが、何か方法はありますか",
    "去年ものづくり補助金をもらったんだけど、今年もまた申請していい？",
])
def test_the_bundled_documents_do_not_state_the_rule(built_settings, retriever, question: str) -> None:
    catalog = load_catalog(built_settings)
    answer = answer_question(question, settings=built_settings, retriever=retriever, catalog=catalog,
                             asked=understand(question, catalog=catalog, semantic=False))
    assert not answer.grounded
    assert answer.text.startswith("資料には") and "記載がありません" in answer.text and "公募要領" in answer.text


def test_a_guideline_that_states_the_rule_is_quoted(tmp_path) -> None:
    guide = ("第4章 補助事業の実施\n"
             "交付決定日より前に発注・契約・支払いを行った経費は、補助対象となりません。\n"
             "第6章 その他\n申請は電子申請システムで行います。\n")
    settings, retriever = one_guide_retriever(tmp_path, guide, "test-guide", "テスト補助金 公募要領")
    question = "テスト補助金で、交付決定の前に機械を発注してもいいですか"
    answer = answer_question(question, settings=settings, retriever=retriever, asked=understand(question, semantic=False))
    assert answer.grounded and "記載がありません" not in answer.text and "交付決定日より前" in answer.text


@pytest.mark.parametrize("text, kind", [
    ("福岡県で独自にやっている補助金はありますか", "local_program"),
    ("前に相談したよろず支援拠点の先生、その人の名前わかる？", "person"),
])
def test_other_not_stated_wordings(text: str, kind: str) -> None:
    assert rules.not_stated(text) == kind


def test_a_program_open_all_year_answers_when_to_apply(built_settings, retriever) -> None:
    """「締め切りある？」 of the カタログ型, whose schedule the documents give as 随時受付: that is the answer."""
    catalog = load_catalog(built_settings)
    question = "カタログ型の省力化補助金って、締め切りはあるの？いつでも出せる？"
    asked = understand(question, catalog=catalog, semantic=False)
    assert asked.not_stated == "deadline"
    answer = answer_question(question, settings=built_settings, retriever=retriever, catalog=catalog, asked=asked)
    assert answer.grounded and "随時" in answer.text.split("\n")[0]


def test_a_request_made_of_the_advisor_is_no_thing_asked_about(built_settings, retriever) -> None:
    """「さっきのは無視してください、…の上限額を教えてください」: 無視 is what the advisor is asked to do."""
    catalog = load_catalog(built_settings)
    question = "さっき言ったのは無視してください、省力化のカタログ型の上限額を教えてください"
    answer = answer_question(question, settings=built_settings, retriever=retriever, catalog=catalog,
                             asked=understand(question, catalog=catalog, semantic=False))
    assert answer.grounded and "無視" not in answer.text


def test_in_terms_of_the_law_names_no_thing(built_settings, retriever) -> None:
    """「うちって法律上は中小企業？」 asks whether the company is an SME; 法律上 is no thing the documents lack."""
    catalog = load_catalog(built_settings)
    question = "小売で従業員40人、資本金3,000万の会社です。うちって法律上は中小企業？"
    answer = answer_question(question, settings=built_settings, retriever=retriever, catalog=catalog,
                             asked=understand(question, catalog=catalog, semantic=False))
    assert answer.grounded and "法律上" not in answer.text.split("\n")[0]


@pytest.mark.parametrize("text", [
    "長野のよろず支援拠点で、旅館にくわしい担当の人の名前わかるけ",  # no question mark, a prefecture and an industry
    "よろず支援拠点ちゅうとは 長崎にもあっとな 相談すっとに銭はかかっとな",
])
def test_a_question_without_a_question_mark_is_no_company_description(advisor, text: str) -> None:
    result = advisor.turn(advisor.new_session(kind="eval"), text)
    assert result.frame.get("intent") == "question" and not result.answer.grounded


@pytest.mark.parametrize("text", [
    "事業計画書の書き方、無料で相談できるところってありますか？",  # 書き方 of a 申請書: where to ask, no draft
    "ものづくり補助金の締切日は何月何日ですか。カレンダーに書いておきたいので。",  # the owner writes, not the advisor
])
def test_a_question_for_an_unstated_thing_is_a_question(text: str) -> None:
    assert understand(text, semantic=False).intent == "question"


def test_a_draft_request_stays_a_draft() -> None:
    assert understand("ものづくり補助金の事業計画書を書いてください", semantic=False).intent == "draft"
    assert rules.DRAFT.search("この内容で申請書に書いておいて")


# --- session 24: more of the administration, a loan's terms, an office's contact, in English and kana ---

@pytest.mark.parametrize("text", [
    "申請してから採択の結果が出るまで、だいたい何か月かかりますか",
    "GビズIDがないと申請できないんですか",
    "申請って紙で出してもいいの？郵送でもいける？",
    "決算書は何期分いりますか",
    "事業計画書は何ページまでと決まっていますか",
    "採択されたあとで会社を合併することになったら、補助金はどうなりますか",
    "対象の機械はクレジットカードで払ってもいいですか",
    "補助金で買ったノートパソコンを自宅に持ち帰って使っても大丈夫？",
    "もらった補助金を運転資金に回してもいいですか",
    "返済期間は何年まで組めますか",
    "よろず支援拠点は何時から何時まで開いてますか",
    "ホジョキンってぶっちゃけいつ振り込まれるん？",
    "How long does it take to receive the money after the project ends?",
])
def test_more_administration_questions_are_a_not_stated_kind(text: str) -> None:
    assert rules.not_stated(text) == "procedure_rule"


@pytest.mark.parametrize("text", [
    "中堅の大規模成長投資補助金で、外部の専門家に相談する費用も出ますか？",  # 専門家に: no 家に
    "紙で管理している受注をAIで自動化したいのですが、使える補助金は？",
    "企業価値担保権とは何ですか",
    "クレジットカード決済の仕組みを入れたいのですが、対象になりますか",
    "本社の住所が大阪の会社でも使える補助金はありますか",
    "ものづくり補助金の事業計画書を書いてください",
    "補助金は何に使えますか",
])
def test_look_alikes_are_no_administration_rule(text: str) -> None:
    assert rules.procedure_rules(text) == []


def test_a_rule_asked_as_a_question_is_no_draft_request() -> None:
    assert understand("事業計画書は何ページまでと決まっていますか", semantic=False).intent == "question"
    assert understand("ものづくり補助金の事業計画書を書いてください", semantic=False).intent == "draft"


@pytest.mark.parametrize("text, kind", [
    ("うちの町にもAIの補助金ってあるんかな", "local_program"),
    ("Does Osaka city have its own subsidy for AI tools?", "local_program"),
    ("Can I apply for a subsidy from the Tokyo metropolitan government for a robot?", "local_program"),
    ("前回の公募で何件申請がありましたか", "statistics"),
    ("ふせいじゅきゅうって ばれたら どうなるの", "sanctions"),
])
def test_more_not_stated_wordings(text: str, kind: str) -> None:
    assert rules.not_stated(text) == kind


@pytest.mark.parametrize("text", [
    "Our factory is in Osaka city. Which subsidy fits an AI inspection camera?",  # where the company is
    "How much subsidy can I get for a cleaning robot?",
    "ものづくり補助金の補助率は？",
])
def test_english_and_plain_questions_are_no_not_stated_kind(text: str) -> None:
    assert rules.not_stated(text) == ""


@pytest.mark.parametrize("question, where", [
    ("公庫のDX関連の融資は、返済期間は何年まで組めますか", "金融機関"),
    ("よろず支援拠点の開いている時間は何時から何時までですか", "ウェブサイト"),
])
def test_a_loans_terms_and_an_offices_hours_say_where_to_check(built_settings, retriever, question: str, where: str) -> None:
    catalog = load_catalog(built_settings)
    answer = answer_question(question, settings=built_settings, retriever=retriever, catalog=catalog,
                             asked=understand(question, catalog=catalog, semantic=False))
    assert not answer.grounded
    assert answer.text.startswith("資料には") and "記載がありません" in answer.text and where in answer.text


@pytest.mark.parametrize("text, kind", [
    ("ものづくり補助金と業務改善助成金は併用できますか", "procedure_rule"),
    ("県の補助金と国の補助金、同じロボットで両方もらえる？", "procedure_rule"),
    ("うちの市（高崎）独自のDX補助金はありますか", "local_program"),
])
def test_two_programs_for_one_thing_and_a_local_bodys_own_program(text: str, kind: str) -> None:
    assert rules.not_stated(text) == kind


def test_two_costs_asked_together_are_no_double_funding() -> None:
    assert rules.procedure_rules("会計ソフトとクラウドの利用料を両方申請したいのですが、対象経費として認められますか") == []


def test_a_comparison_with_a_program_the_documents_only_name(built_settings, retriever) -> None:
    """「成長加速化補助金と新事業進出補助金では、上限はどちらが高い？」: the catalog records no cap for
    成長加速化 (the documents only name it), so they cannot decide the comparison: say so, not other
    programs' caps presented as the answer."""
    catalog = load_catalog(built_settings)
    question = "中小企業成長加速化補助金と新事業進出補助金では、補助上限額はどちらが高いですか"
    asked = understand(question, catalog=catalog, semantic=False)
    assert asked.program_ids == ["seicho-kasokuka"] and asked.slots[0] == "comparison"
    answer = answer_question(question, settings=built_settings, retriever=retriever, catalog=catalog, asked=asked)
    assert not answer.grounded and answer.text.startswith("資料には中小企業成長加速化補助金の補助上限額の記載がありません")
