"""Forms of the session-40 writers' failures and of the training writers' recurring ones (NOTES.md "s41-oos"),
each decided by the labelling guide, with honest look-alikes that keep their reading:

- a program-type word heard one sound off by voice input (「保持金」「保守金」 for 補助金): read as the word, also by
  the rules that decline (a 診断 machine bought with it is no doctor's matter);
- a person's name found by the tokenizer inside 補助金 (「…補助金ゆうのも」 → 補 + 助金 ゆう): no name to mask;
- the program matter put off to a named day (「補助金の話はまた明日する」) after an everyday ask;
- which of two tastes better (「芋と麦どっちがうまいか」): an everyday ask;
- a change of topic announced (「ところで…」) to an ask with nothing of the domain, after a program was discussed;
- a falsification asked in letter keigo (「…とお書きいただけませんでしょうか」「お作りいただけますでしょうか」).

Texts written for these tests, not taken from any row."""

from __future__ import annotations

import pytest

from advisor.inbound import mask_pii
from advisor.programs import parse_profile
from advisor.understanding import references, rules, understand


def _frame(text: str, catalog, history=None):  # noqa: ANN001, ANN202 - a Catalog, a Frame
    return understand(text, catalog=catalog, history=history or [], parsed=parse_profile(text, None), semantic=False)


# --- a program-type word heard one sound off ----------------------------------------------------------


@pytest.mark.parametrize(("typed", "read"), [
    ("えーと保持金の締切っていつだっけ", "えーと補助金の締切っていつだっけ"),
    ("市の保守金ってあるの", "市の補助金ってあるの"),
])
def test_a_program_word_one_sound_off_is_read_as_the_word(typed: str, read: str) -> None:
    assert references.program_word_slips_read(typed) == read
    assert references.by_sound(typed) == read


@pytest.mark.parametrize("text", [
    "敷金と保証金の違いを教えて", "事故の補償金は課税されますか", "扶助金の申請窓口", "保険金が下りた", "補助金の上限", "寄付金控除",
])
def test_real_words_of_that_shape_are_kept(text: str) -> None:
    assert references.program_word_slips_read(text) == text
    assert references.by_sound(text) == text


def test_a_diagnostic_machine_bought_with_the_slipped_word_is_no_medical_matter(bundled_catalog) -> None:  # noqa: ANN001
    frame = _frame("あのー保持金でエンジンの診断機入れたいんだけど どれが使える", bundled_catalog)
    assert frame.intent != "off_topic"


def test_a_local_bodys_own_program_asked_with_the_slipped_word_is_not_stated(bundled_catalog) -> None:  # noqa: ANN001
    frame = _frame("あのー宮城県とか仙台市で独自にやってる保持金ってあるべか 国のと別に", bundled_catalog)
    assert frame.not_stated == "local_program"


def test_a_medical_question_stays_declined(bundled_catalog) -> None:  # noqa: ANN001
    assert _frame("健康診断で血圧が高いと言われた。どの薬がいい？", bundled_catalog).intent == "off_topic"


# --- a name found inside 補助金 ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "持続化補助金ゆうのもあるんじゃろ？",
    "ものづくり補助金ゆうのは何を支援するんじゃ",
])
def test_a_program_word_is_no_persons_name(text: str) -> None:
    assert mask_pii(text) == text


@pytest.mark.parametrize("text", ["担当は鈴木一郎です", "田中さんに聞いた補助金の話"])
def test_names_are_still_masked(text: str) -> None:
    assert "【氏名】" in mask_pii(text)


# --- the program matter put off to a named day ----------------------------------------------------------


@pytest.mark.parametrize("text", [
    "仕事上がりに飲みに行くんだが、博多でうまいもつ鍋の店教えてくれ。補助金の話はまた明日する",
    "ビールと日本酒どっちがうまいか教えて。補助金の件はまた来週やる",
])
def test_an_everyday_ask_with_the_program_put_off_is_declined(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "off_topic"


@pytest.mark.parametrize("text", [
    "ものづくり補助金の上限を教えてくれ。細かい話はまた明日する",
    "補助金の話はまた明日する",
    "補助金の申請で使う機械、A社とB社どっちがいいか教えて",
])
def test_a_program_ask_put_off_or_compared_is_not_declined(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent != "off_topic"


# --- a change of topic announced ---------------------------------------------------------------------


def _after_a_program(text: str, catalog):  # noqa: ANN001, ANN202
    first = _frame("ものづくり補助金の上限はいくら？", catalog)
    return _frame(text, catalog, [first])


@pytest.mark.parametrize("text", [
    "あのーところでさくらんぼって冷蔵庫で何日もつんだっけ",
    "話変わるけど、週末の運動会って雨だと何日に延びるの",
])
def test_a_change_of_topic_to_an_everyday_ask_is_declined(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _after_a_program(text, bundled_catalog).intent == "off_topic"


@pytest.mark.parametrize("text", [
    "ところで締切はいつ？",
    "ところで補助率は？",
    "ところでそれって何日までに出せばいい？",
    "話変わるけど、IT導入補助金の上限は？",
    "ところで、うちみたいな従業員10人の会社が使えるのはどれ？",
])
def test_a_change_of_topic_within_the_domain_is_not_declined(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _after_a_program(text, bundled_catalog).intent != "off_topic"


# --- a falsification asked in letter keigo -------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "導入いたしました機械は、実はまだほとんど動かしておりません。報告書には毎日稼働して生産性が二割上がったとお書きいただけませんでしょうか。",
    "売上の見込みでございますが、実績からはとても届かない数字になりますが、見栄えよく調整した計画表をお作りいただけますでしょうか。",
])
def test_a_falsification_asked_in_letter_keigo_is_refused(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "falsification"


@pytest.mark.parametrize("text", [
    "ものづくり補助金の補助率についてお調べいただけますでしょうか。",
    "実績報告書の書き方をお書きいただけますでしょうか。",
])
def test_an_honest_request_in_letter_keigo_is_not_refused(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent != "falsification"
    assert rules.asks_for_action(text)


# --- which program, asked with 何の; what a program brings, asked as its effect --------------------------


@pytest.mark.parametrize("text", [
    "うちは板金屋で8人 見積もりと顧客管理をクラウドにしたいんだわ 何の補助金がいい",
    "配送の順番をAIで決めたい。なんの補助金が合う？",
])
def test_which_program_asked_with_nani_no_is_a_matching_request(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "matching"


@pytest.mark.parametrize("text", ["補助金は何のためにあるの？", "何の補助金でも上限は決まってる？"])
def test_nani_no_without_which_program_is_no_matching_request(text: str) -> None:
    assert not rules.MATCHING.search(text)


def test_an_effect_asked_of_a_program_is_what_it_brings() -> None:
    assert rules.ASKS_GAIN.search("認定を受けた場合、日本政策金融公庫の融資についてはどのような効果があるか。")
    assert not rules.ASKS_GAIN.search("省力化の効果を計画書にどう書けばいい？")
