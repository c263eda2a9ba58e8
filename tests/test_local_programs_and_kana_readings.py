"""A local government's own program is not in the (national) documents; kana-typed names and rule
words are read as the catalog and the rules spell them; a program's make-up is answered from its
card (NOTES.md "Not in the documents, session 25")."""

from __future__ import annotations

import pytest

from advisor.chains.answer import answer_question
from advisor.programs import load_catalog
from advisor.understanding import references, rules, understand


@pytest.fixture(scope="module")
def catalog(built_settings):
    return load_catalog(built_settings)


@pytest.mark.parametrize(("text", "body"), [
    ("県の補助金でAIカメラを入れられるやつってある？", "県"),
    ("市の創業支援って何がありますか", "市"),
    ("長野県が出している農業用ドローンの補助金の補助率を教えてください", "長野県"),
    ("横浜市のIT導入の助成、上限いくら？", "横浜市"),
    ("役場でやってる設備投資の補助って何かある？", "役場"),
    ("大阪府 か 大阪市 の 補助金 で 飲食店 むけ の やつ ある？", "大阪府"),
    ("What grants does Kyoto prefecture offer for factory robots?", "prefecture"),
    # two bodies side by side: which of them runs one, whatever the owner's business
    ("別府市か大分県で、旅館のインバウンド対応に使える補助金はありますか", "別府市"),
    ("東京都や神奈川県の中小企業が使える国の補助金", ""),
    # not a body running a program: the owner's place, a place a program is used in, a national
    # program told by the body's staff, words that end like a body
    ("熊本県の工場でものづくり補助金は使えますか", ""),
    ("愛知県で使える補助金ある？", ""),
    ("町の小さな工場が使える補助金", ""),
    ("役場の人が国の支援があるゆうとった 産業用地の整備の支援 ちゅうのは どんな支援ですか", ""),
    ("都市部の中小企業向けの補助金はありますか", ""),
    ("町工場でもものづくり補助金の対象になりますか", ""),
    # a shop or a person of the town who told of a program: the town runs nothing here
    ("町の電気屋さんが言うてた省力化の補助金って、上限なんぼ？", ""),
    ("町の工務店さんが勧めてくれた補助金、カタログ型ってやつの上限はいくら？", ""),
    # ...but a body's program named after such a person still is one (each body is read in turn)
    ("市役所の担当さんに聞いたら市の補助金があるって言われた", "市"),
])
def test_a_local_body_running_its_own_program(text: str, body: str) -> None:
    assert rules.local_body_program(text) == body


@pytest.mark.parametrize(("text", "kind"), [
    ("市の創業支援って何がありますか", "local_program"),
    ("札幌市の中小企業向けDX補助金の締切はいつですか", "local_program"),  # the body's program, not a deadline
    ("県独自のIT導入補助金はありますか", "local_program"),  # its own, whatever national name is beside it
    # a national program named in full, asked about in a place
    ("宮崎県でIT導入補助金2023を使うとき、補助対象経費は何ですか", ""),
    ("大阪府のものづくり補助金の上限はいくら？", ""),
])
def test_a_local_program_is_a_not_stated_kind_unless_a_national_program_is_named(text: str, kind: str, catalog) -> None:
    frame = understand(text, catalog=catalog, semantic=False)
    assert frame.intent == "question" and frame.not_stated == kind


def test_a_local_program_is_said_to_be_absent_with_what_the_documents_name_and_where_to_check(built_settings, retriever, catalog) -> None:
    question = "長野県が出している農業用ドローンの補助金の補助率を教えてください"
    answer = answer_question(question, settings=built_settings, retriever=retriever, catalog=catalog,
                             asked=understand(question, catalog=catalog, semantic=False))
    assert not answer.grounded
    assert answer.text.startswith("資料には") and "記載がありません" in answer.text
    assert "よろず支援拠点" in answer.text and answer.citations  # what the documents do name, cited
    assert "ウェブサイト" in answer.text


@pytest.mark.parametrize(("typed", "spelled"), [
    # an acronym's letters typed as their names
    ("あいてぃーどうにゅうほじょきんって何に使えるの", "IT導入補助金って何に使えるの"),
    ("でぃーえっくすにんていって何", "DX認定って何"),
    ("アイティー導入補助金の上限", "IT導入補助金の上限"),
    # a program known only by a 公募要領 not in the index
    ("じぞくかほじょきんの じょうげんは？", "持続化補助金の 上限は?"),
    # the rules' words of what the documents do not state
    ("ものづくりほじょきんの さいたくりつって どれくらい？", "ものづくり補助金の 採択率って どれくらい?"),
    ("ほじょきんで かった きかいの げんかしょうきゃくは どうするの", "補助金で かった きかいの 減価償却は どうするの"),
    # two-kanji rule words are not respelled inside ordinary kana (指定 in 「している」), nor a rule
    # word inside a word begun in kanji (申請書 in 「申請しょるい」), nor a bracketed reading dropped
    ("申請していますか", "申請していますか"),
    ("補助金の申請しょるいめんどくさすぎ", "補助金の申請しょるいめんどくさすぎ"),
    ("IT導入支援事業者（ベンダー）でおすすめは", "IT導入支援事業者(ベンダー)でおすすめは"),
    ("相見積もりは何社ですか", "相見積もりは何社ですか"),
])
def test_kana_typed_names_and_rule_words_are_respelled(typed: str, spelled: str, catalog) -> None:
    assert references.respell(typed, catalog) == spelled


@pytest.mark.parametrize(("text", "program", "kind"), [
    ("でぃーえっくすにんていって なに？", "dx-nintei", ""),
    ("しんじぎょうしんしゅつほじょきんの ほじょりつ なんぶんのいち？", "guideline:中小企業新事業進出補助金", "unindexed_program"),
    ("ものづくりほじょきんの さいたくりつって どれくらい？", "monodukuri", "statistics"),
])
def test_kana_typed_questions_are_framed_as_typed_in_kanji(text: str, program: str, kind: str, catalog) -> None:
    frame = understand(text, catalog=catalog, semantic=False)
    assert frame.program_ids == [program] and frame.not_stated == kind and frame.reading


def test_the_answer_chain_reads_a_kana_typed_rule_word(built_settings, retriever, catalog) -> None:
    question = "ほじょきんで かった きかいの げんかしょうきゃくは どうするの"
    frame = understand(question, catalog=catalog, semantic=False)
    assert frame.not_stated == "procedure_rule"
    answer = answer_question(question, settings=built_settings, retriever=retriever, catalog=catalog, asked=frame)
    # (read as typed, passages sharing 補助金 were quoted as the answer)
    assert not answer.grounded and "減価" in answer.text and "記載が" in answer.text


def test_a_program_named_in_kana_is_not_declined(advisor) -> None:
    result = advisor.turn(advisor.new_session(kind="test"), "でぃーえっくすにんていとるとなにがいいの")
    assert not result.blocked and result.frame["programs"][0]["id"] == "dx-nintei"


@pytest.mark.parametrize("question", [
    "デジタル人材育成プラットフォームはどのような構成になっていますか。社員研修に使えるか知りたいです。",
    "デジタル人材育成プラットフォームって中身はeラーニングだけ？",
])
def test_a_programs_make_up_is_answered_from_its_card(built_settings, retriever, catalog, question: str) -> None:
    frame = understand(question, catalog=catalog, semantic=False)
    assert frame.slots[0] == "overview"
    answer = answer_question(question, settings=built_settings, retriever=retriever, catalog=catalog, asked=frame)
    assert answer.grounded
    assert "ケーススタディ教育プログラム" in answer.text and "地域企業協働プログラム" in answer.text
    assert "補助対象経費" not in answer.text.split("**デジタル人材育成プラットフォーム**")[-1].split("\n\n")[0]
