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
