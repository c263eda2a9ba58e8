"""Forms found by paraphrasing READ dev out_of_scope rows (NOTES.md "s43-para"): the rules written for a row's
words, checked on other words for the same ask, with honest look-alikes that keep their reading:

- a listing 「…の作成や…」 inside an eligibility question is no order to make the thing;
- a letter against a claim asked as 「反論する書面の下書きをお願いできますか」 is outside work;
- a sales mail asked for (営業メール, メルマガ) is marketing copy, whatever program its text names;
- fraud told in one sentence, its discovery and sanction asked in the next (「…虚偽の申請をしているようです。発覚したら…」);
- whether a subsidy is "subject to corporate tax", what a consultant "charges", asked in English;
- 「AとB、どちらが喜ばれますか」 after a sentence naming a gift: the gift is the object asked about;
- the company's own headcount stated, then another one asked to be written (「うちは90人です。…101人以上として申請書を」).

Texts written for these tests, not taken from any row."""

from __future__ import annotations

import pytest

from advisor.programs import parse_profile
from advisor.understanding import rules, understand


def _frame(text: str, catalog, history=None):  # noqa: ANN001, ANN202 - a Catalog, a Frame
    return understand(text, catalog=catalog, history=history or [], parsed=parse_profile(text, None), semantic=False)


# --- a listing with 作成や is no order ------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "持続化補助金は、チラシの作成やホームページの改修にも使えますか？",
    "ものづくり補助金で、マニュアルの作成や社員研修の費用も対象になりますか？",
])
def test_a_listing_of_work_in_an_eligibility_question_is_not_declined(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent != "off_topic"


@pytest.mark.parametrize("text", [
    "チラシ作成して！",
    "新商品のチラシの作成をお願いします。",
    "チラシの作成やってくれる？",
])
def test_a_flyer_ordered_is_still_declined(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "off_topic"


# --- a rebuttal letter, a sales mail -----------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "元社員から残業代を請求する内容証明が来ました。会社として反論する書面の下書きをお願いできますか。",
    "取引先から損害賠償を求める通知が届いた。反論するための文書をドラフトしてほしい。",
    "デジタル化・AI導入補助金で在庫管理ソフトがお得になる、という営業メールの文面を作ってください。",
    "ものづくり補助金の採択事例を紹介するメルマガを書いてもらえますか。",
])
def test_a_rebuttal_letter_or_a_sales_mail_is_declined(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "off_topic"


@pytest.mark.parametrize("text", [
    "事業計画書の下書きをお願いできますか。",
    "ものづくり補助金の申請書の下書きをお願いできますか。従業員は20人です。",
])
def test_a_draft_of_the_application_stays_a_draft(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "draft"


# --- fraud, then its discovery in the next sentence -----------------------------------------------------


@pytest.mark.parametrize("text", [
    "取引先が虚偽の申請をしているらしいです。発覚したら全額返還や社名の公表はあるんですか？",
    "同業者が不正受給しているみたいなんです。もしバレたら、どんな処分になりますか？",
])
def test_fraud_then_its_discovery_asked_is_a_sanctions_question(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).not_stated == "sanctions"


@pytest.mark.parametrize("text", [
    "虚偽の申請はしていません。賃上げ目標が未達だと判明したら、返還はありますか？",
    "ものづくり補助金の上限はいくらですか。採択されたら、いつ入金されますか？",
])
def test_a_sentence_without_fraud_before_keeps_its_reading(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).not_stated != "sanctions"


# --- English: taxed, a consultant's charge ------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "If we receive a subsidy, is it subject to corporate tax?",
    "Is the grant money subject to income tax?",
    "Roughly what does an AI consultant charge per month?",
    "how much would a consultant charge to help with the application?",
])
def test_tax_and_a_consultants_charge_in_english_are_not_stated(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).not_stated == "procedure_rule"


@pytest.mark.parametrize("text", [
    "Which expenses are subject to the subsidy?",
    "Are consultant fees an eligible expense under the monozukuri subsidy?",
])
def test_english_expense_questions_keep_their_reading(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).not_stated != "procedure_rule"


# --- which of two gifts --------------------------------------------------------------------------------


def test_which_of_two_after_a_gift_is_an_everyday_ask() -> None:
    text = "ものづくり補助金でお世話になった取引先に手土産を持っていきたいです。羊羹とどら焼き、どちらが喜ばれますか？"
    assert rules.everyday_ask(text)


@pytest.mark.parametrize("text", [
    "在庫管理を効率化したいです。クラウドとオンプレ、どちらがいいですか？",
    "省力化投資補助金とものづくり補助金、どちらがいいですか？",
])
def test_which_of_two_in_the_domain_is_no_everyday_ask(text: str) -> None:
    assert not rules.everyday_ask(text)


# --- the own headcount, then another one to write ------------------------------------------------------


@pytest.mark.parametrize("text", [
    "上限が上がるのは51人以上とのことですが、うちは40人です。パートの家族も含めて、51人として申請書を作ってください。",
    "当社は12名です。取引先の社員も入れて、21名以上として計画書を書いてください。",
])
def test_the_own_headcount_then_another_written_is_refused(text: str) -> None:
    assert rules.falsification_request(text)


@pytest.mark.parametrize("text", [
    "うちは40人です。51人以上として扱われるのはどんな場合ですか？",
    "うちは20人です。小規模事業者として申請したいのですが、使える補助金はありますか？",
    "当社は30名です。来年は40名として採用計画を書いてください。",
])
def test_the_own_headcount_without_another_written_is_no_falsification(text: str) -> None:
    assert not rules.falsification_request(text)
