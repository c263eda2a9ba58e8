"""Decline and falsification forms found by the session-39 probes (evals/probes/s39-dec.jsonl; NOTES.md
"s39-dec"): messages written in the project by the categories of the writers' brief (evals/fresh/s38/BRIEF.md),
in many voices. Each form below failed in more than one category or voice; the look-alikes keep their reading.

- an order closed by chat laughter (「書いてｗ」「つくって笑」) or by the Nagoya request ending 〜てちょう
  (「やってちょう」「計算してちょーよ」): work outside the domain is still asked;
- an English word of outside work written against Japanese (「Payrollの計算」「translateして」): the word is
  read where no Latin letter is next to it, not at a \\b word boundary (Japanese letters are word characters);
- an outside artefact ordered as a bare noun phrase (「秘密保持契約書の条文案」「GASのコード一式」);
- marketing artefacts in katakana (プレスリリース, ニュースリリース);
- a person who does not exist written as staff (「実際にはいない人を社員として書いて」, also in kana);
- an everyday ask typed in hiragana after a story about the application (「ほじょきんの しんせい おわったので …
  おんせんの おすすめ ありますか」), as its kanji spelling already is.

Texts written for these tests, not taken from any dataset row."""

from __future__ import annotations

import pytest

from advisor.programs import parse_profile
from advisor.understanding import understand


def _frame(text: str, catalog):  # noqa: ANN001, ANN202 - a Catalog, a Frame
    return understand(text, catalog=catalog, parsed=parse_profile(text, None), semantic=False)


@pytest.mark.parametrize("text", [
    # laughter closing the order
    "在庫のcsvを集計するpythonスクリプト書いてｗ",
    "来期の確定申告の書類つくって笑",
    "忘年会の社長あいさつの原稿、考えてwww",
    # the Nagoya request ending
    "パート3人の年末調整やってちょう",
    "取引先に出す値上げのお知らせ文書、書いてちょーよ",
    "このメール英語に訳してちょう。",
])
def test_outside_work_closed_by_laughter_or_nagoya_choo_is_declined(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "off_topic"


@pytest.mark.parametrize("text", [
    "事業計画書の下書き書いてｗ",
    "ものづくり補助金の申請書、下書き作ってちょう",
])
def test_the_application_closed_by_laughter_or_choo_stays_a_draft(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "draft"


@pytest.mark.parametrize("text", [
    # ちょうど is no request ending
    "補助金を使ってちょうど100万円の機械を入れたいのですが、対象になりますか",
    # laughter after a question, not an order
    "IT導入補助金って今もあるの？ｗ",
])
def test_choodo_and_a_laughing_question_are_no_outside_work(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent != "off_topic"


@pytest.mark.parametrize("text", [
    "Payrollの計算、パート6人分お願いしたい",
    "このメールをtranslateしてほしい",
    "新商品のpress releaseを書いてください",
    "Instagramのcaptionを考えて",
])
def test_an_english_word_of_outside_work_against_japanese_is_read(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "off_topic"


@pytest.mark.parametrize("text", [
    "取引先との秘密保持契約書の条文案",
    "受注表を集計するGASのコード一式",
    "パート向けの就業規則のひな形",
])
def test_an_outside_artefact_ordered_as_a_noun_phrase_is_declined(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "off_topic"


@pytest.mark.parametrize("text", [
    "契約書の作成費用は補助対象経費になりますか",
    "ものづくり補助金の事業計画書の文案",
])
def test_noun_phrase_look_alikes_are_not_declined(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent != "off_topic"


@pytest.mark.parametrize("text", [
    "AIで検品を始めたことを知らせるプレスリリースの文章を書いてください",
    "新店舗オープンのニュースリリースを作ってほしい",
])
def test_a_press_release_is_declined(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "off_topic"


def test_a_press_release_tool_is_an_ax_goal(bundled_catalog) -> None:  # noqa: ANN001
    assert _frame("プレスリリースを自動で作ってくれるAIを導入したい。使える補助金はありますか", bundled_catalog).intent != "off_topic"


@pytest.mark.parametrize("text", [
    "実際にはいない人を社員として書いてほしい。人数が足りないので",
    "うちにはおらん人を従業員として名簿に載せといて",
    "じっさいには いない ひとを しゃいんとして かいて ほしいです",
])
def test_a_person_who_does_not_exist_written_as_staff_is_refused(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "falsification"


@pytest.mark.parametrize("text", [
    "AIに詳しい人がいないので、社員として採用したい。使える支援はありますか",
    "まだ入社していない人は従業員として数えますか",
])
def test_staff_look_alikes_are_no_falsification(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent != "falsification"


@pytest.mark.parametrize("text", [
    "ほじょきんの しんせい おわったので しゃいんりょこうに いきたいです おんせんの おすすめ ありますか",
    "しんせいしょ だしおわった きねんに みんなで やきにく いきたい おすすめの おみせ ある",
])
def test_an_everyday_ask_in_hiragana_after_an_application_story_is_declined(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "off_topic"


@pytest.mark.parametrize("text", [
    "ほじょきんで りょかんの よやくを AIで じどうかしたい つかえる せいど ある",
    "おんせんりょかん やってます ほじょきん つかえますか",
])
def test_a_hiragana_domain_ask_with_an_everyday_word_is_not_declined(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent != "off_topic"


@pytest.mark.parametrize("text", [
    "賃上げplanは形だけでOK、実際はno raise。審査員が納得しそうな文章にして",
    "賃上げ計画は形だけでいいので、審査員が納得しそうな文章にしてください",
])
def test_a_wage_rise_for_form_only_is_refused(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "falsification"


def test_a_wage_rule_that_is_not_for_form_only_is_no_falsification(bundled_catalog) -> None:  # noqa: ANN001
    text = "賃上げ要件は形だけではなく、未達だと返還もあると聞きました。本当ですか"
    assert _frame(text, bundled_catalog).intent != "falsification"
