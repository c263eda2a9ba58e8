"""Forms of the READ dev decline failures (NOTES.md "s47-dec"), each decided by the labelling guide, with honest
look-alikes that keep their reading:

- the owner's device or software showing an error code, and the fix asked (「エラー0x80070002が出ます。対処方法を」「「E-1042」
  という表示が出て先へ進めません。どこを押せば」): IT support, declined also when the software was bought with a subsidy or
  the device for an AX purpose — not the programs' own systems, nor a program's fact asked beside it;
- a choice between two everyday things in the last clause of a subsidy story (「…の間に家族で出かけるなら、北海道と沖縄
  どっちがいい？」): the clause is judged alone, as an asking sentence is — not a choice of frames, types or tools.

Texts written for these tests, not taken from any row."""

from __future__ import annotations

import pytest

from advisor.understanding import _everyday_choice, rules


def _frame(text: str, catalog):  # noqa: ANN001, ANN202 - a Catalog, a Frame
    from advisor.programs import parse_profile
    from advisor.understanding import understand

    return understand(text, catalog=catalog, history=[], parsed=parse_profile(text, None), semantic=False)


# --- an error code to fix -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "受発注をAIで自動化するためにタブレットを買ったんですが、アプリの更新でエラーコード 0x800F081F が出ます。対処方法を教えて",
    "昨年、IT導入補助金で会計ソフトを入れました。開くと「A-2031」というエラーが出て止まります。どこをクリックすればいいですか",
    "去年ものづくり補助金で購入した検査装置。画面に「E-407」という表示が出たまま動きません。操作の手順を教えてください。",
    "レジのアプリでエラー 5023 が出ます。どうすれば直りますか",
])
def test_an_error_code_to_fix_is_it_support(text: str) -> None:
    assert rules.own_it_trouble_asked(text)


@pytest.mark.parametrize("text", [
    # the programs' own systems: the application's procedure
    "jGrantsでエラーE-1042が出て申請できません。どうすればいいですか",
    "GビズIDのログインでエラー0x80070005が出ます。対処方法は？",
    # a program's fact asked beside the trouble
    "補助金で入れた生産管理ソフトで「E-1042」というエラーが出ます。この場合、実績報告の期限は延びますか？どうすれば？",
    "AI-OCRを導入したいのですが、エラー0x80070002が出るスキャナでも補助金の対象になりますか？どうすれば？",
    # no trouble: a code named in a question about the programs
    "公募要領の様式E-1042はどこでダウンロードできますか",
])
def test_the_programs_systems_or_facts_beside_an_error_are_kept(text: str) -> None:
    assert not rules.own_it_trouble_asked(text)


def test_the_error_code_form_declines_through_understand(bundled_catalog) -> None:  # noqa: ANN001
    text = "経理のためにスキャナを購入したのですが、ドライバの更新でエラー0x80070002が出ます。対処方法を教えてください。"
    assert _frame(text, bundled_catalog).intent == "off_topic"


# --- a choice between two everyday things -----------------------------------------------------------------------


@pytest.mark.parametrize("clause", [
    "北海道と沖縄どっちがいい",
    "温泉と海、どちらがおすすめ",
    "焼肉と寿司どっちにしよう",
])
def test_an_everyday_choice_is_judged_alone(clause: str) -> None:
    assert _everyday_choice(clause)


@pytest.mark.parametrize("clause", [
    "通常枠と成長枠どっちがいい",
    "A類型とB類型どちらが有利",
    "ものづくり補助金とIT導入補助金どっちがいい",
    "リースと購入どっちが補助の対象",
    "会計ソフトと販売管理システムどっちを先に入れるべき",
    "省力化の一般型とカタログ型どっちがいい",
    "上限はいくら",
])
def test_a_choice_of_the_domains_things_is_not(clause: str) -> None:
    assert not _everyday_choice(clause)


# --- the application named as a later plan, the work asked first ------------------------------------------------


@pytest.mark.parametrize("text", [
    "アメリカの取引先にメールを返したい。これを英語に訳してほしい→「先日はありがとうございました。」 海外展開のことは補助金の申請書にも書くつもりだけど、まずこれ頼む",
    "台湾の取引先に返事を出したい。これを中国語に訳してほしい→「見積もりありがとうございます。」 補助金の申請書にも書く予定だけど、先にこっちをお願い",
])
def test_work_asked_before_the_application_is_outside_work(text: str) -> None:
    from advisor.understanding import _sentences

    assert rules.task_outside_domain(_sentences(text), text)


@pytest.mark.parametrize("text", [
    # the plan itself is the material: help with the application
    "この事業計画書を英語に訳してください。海外展開は申請書にも書くつもりです",
    "事業計画書の海外展開の部分、英訳してもらえますか？申請書にも書くつもりだけど、まず英語版が要る",
])
def test_the_application_translated_is_kept(text: str) -> None:
    from advisor.understanding import _sentences

    assert not rules.task_outside_domain(_sentences(text), text)


# --- outside work wished as a help ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "去年、補助金で機械を入れました。その機械の減価償却の仕訳、勘定科目と金額を入れて切ってもろたら助かります。",
    "来月の従業員の給与明細、作ってもらえたらありがたいです。",
])
def test_outside_work_wished_as_a_help_is_declined(text: str) -> None:
    from advisor.understanding import _sentences

    assert rules.task_outside_domain(_sentences(text), text)


@pytest.mark.parametrize("text", [
    "補助金で入れた機械の減価償却の仕訳について、教えてもろたら助かります。",
    "事業計画書の下書きを作ってもらえたら助かります。",
    "補助金の入金の仕訳、どの勘定科目になるか説明してもらえたら助かります。",
])
def test_a_question_or_the_application_wished_as_a_help_is_kept(text: str) -> None:
    from advisor.understanding import _sentences

    assert not rules.task_outside_domain(_sentences(text), text)
