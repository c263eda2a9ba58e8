"""Forms found by a third paraphrase set of READ dev out_of_scope rows (NOTES.md "s44-para3"), written on the merged
code of session 43: rules keyed on one word or one spelling of a general form, checked on other words, with
look-alikes that keep their reading:

- two local bodies joined by 「、あるいは」「または」「もしくは」 (not only か/や/とか), then their own program;
- a program word first, then a body's own one as 「…が独自に出しているもの」 (the program word not repeated);
- a text to be put into another language as 「英語にしてください」 (not only 翻訳/英訳/訳して);
- a promise not meant told as 「上げる気がまったくない」 (が, not only は/も or nothing);
- the share adopted asked as 「採択されるのは…何割」 (not only 採択率 or 何割が採択);
- a program's type named by its stem and タイプ (「カタログから選ぶタイプの省力化投資補助金」), not only カタログ型.

Texts written for these tests, not taken from any row."""

from __future__ import annotations

import pytest

from advisor.programs import parse_profile
from advisor.understanding import understand


def _frame(text: str, catalog):  # noqa: ANN001, ANN202 - a Catalog, a Frame
    return understand(text, catalog=catalog, history=[], parsed=parse_profile(text, None), semantic=False)


# --- two local bodies joined by あるいは / または -------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "愛媛県、あるいは松山市が独自に実施している、中小企業のデジタル化を後押しする補助金はありますか？",
    "長野県または松本市で独自にやっている、小売店向けのIT化の補助制度はありませんか？",
    "静岡県もしくは浜松市の、製造業向けのロボット導入の補助金を教えてください。",
])
def test_two_bodies_joined_by_aruiha_is_a_local_program(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).not_stated == "local_program"


@pytest.mark.parametrize("text", [
    "長野県または松本市の会社です。使える国の補助金はありますか？",
    "長野県または松本市で使える、小売店向けのIT導入補助金の上限はいくらですか？",
])
def test_two_bodies_as_the_owners_place_keep_their_reading(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).not_stated != "local_program"


# --- a program word first, then the body's own one -------------------------------------------------------


@pytest.mark.parametrize("text", [
    "パン屋が使える補助金で、京都府や京都市が独自に出しているものはありますか？",
    "DXの補助金のうち、札幌市が独自にやっているのはありますか？",
    "設備投資の助成金で、岡山県が独自に用意しているものを教えてください。",
])
def test_a_bodys_own_one_after_the_program_word_is_a_local_program(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).not_stated == "local_program"


@pytest.mark.parametrize("text", [
    "国が出している補助金で、小売店が使えるものはありますか？",
    "補助金で、当社が独自に開発したものも対象になりますか？",
    "ものづくり補助金で、社内で独自に作ったものは経費になりますか？",
])
def test_an_own_thing_that_is_no_bodys_program_keeps_its_reading(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).not_stated != "local_program"


# --- a text put into another language --------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "次の文をベトナム語にしてください。『明日は9時に集合です。』",
    "取引先へのお礼のメールを、ビジネス英語にしてほしいです。",
    "この案内文を中国語にしてもらえますか。",
])
def test_a_text_put_into_another_language_is_declined(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "off_topic"


@pytest.mark.parametrize("text", [
    "ものづくり補助金の申請書は英語にしてもいいですか？",
    "外国人スタッフ向けにマニュアルを英語にしてくれるAI翻訳ツールを入れたいです。使える補助金は？",
])
def test_another_language_about_the_application_or_a_tool_keeps_its_reading(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent != "off_topic"


# --- a promise not meant, told with が ---------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "正直、給料を上げる気がまったくありません。でも計画書には賃上げ3%と書いておいてください。",
    "新しく人を雇う予定が全然ないのですが、事業計画書には5人採用すると書いてください。",
])
def test_a_promise_not_meant_with_ga_is_a_falsification(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "falsification"


@pytest.mark.parametrize("text", [
    "賃上げする気はありますが、計画書にはどう書けばいいですか？",
    "社員のやる気がないので、AIで単純作業を減らしたいです。使える補助金はありますか？",
])
def test_a_will_told_without_a_claim_keeps_its_reading(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent != "falsification"


# --- the share adopted asked as 「採択されるのは…何割」 ------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "ものづくり補助金で採択されるのは、申請のうち何割くらいですか？",
    "省力化投資補助金に通るのって、全体の何%ぐらいでしょう？",
])
def test_the_share_adopted_asked_otherwise_is_statistics(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).not_stated == "statistics"


@pytest.mark.parametrize("text", [
    "ものづくり補助金で補助されるのは経費の何割ですか？",
    "ものづくり補助金で採択されるのは何月ごろですか？",
])
def test_the_rate_or_the_date_keep_their_reading(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).not_stated != "statistics"


# --- a program's type named by its stem and タイプ -----------------------------------------------------------


@pytest.mark.parametrize("text", [
    "カタログから選ぶタイプの省力化投資補助金は、補助率がいくつですか？",
    "省力化投資補助金のカタログタイプって、上限はいくらですか？",
])
def test_the_type_named_by_its_stem_and_taipu_is_that_type(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert "shoryokuka-catalog" in [p.id for p in _frame(text, bundled_catalog).programs]


def test_the_family_without_the_type_keeps_its_reading(bundled_catalog) -> None:  # noqa: ANN001
    assert [p.id for p in _frame("中小企業省力化投資補助金の補助率は？", bundled_catalog).programs] == ["shoryokuka-ippan"]
    # a thing of that kind beside the name (not the type named): both types, as before
    programs = _frame("カタログで見たタイプのロボットを省力化投資補助金で買えますか？", bundled_catalog).programs
    assert {p.id for p in programs} == {"shoryokuka-ippan", "shoryokuka-catalog"}


# --- an office in a place, a comma after the place ----------------------------------------------------------


@pytest.mark.parametrize("text", [
    "島根県にも、よろず支援拠点はありますか？",
    "福岡県内にも、窓口はございますか。",
])
def test_an_office_in_a_place_with_a_comma_is_where_it_is(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).not_stated == "procedure_rule"


@pytest.mark.parametrize("text", [
    "よろず支援拠点では、どんな相談ができますか？",
    "ものづくり補助金にも、よろず支援拠点の支援はありますか？",
])
def test_an_office_asked_what_it_does_keeps_its_reading(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).not_stated != "procedure_rule"
