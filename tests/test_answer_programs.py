"""Whose sentence it is: a question about one program is answered from that program's sentences,
not from the neighbouring program's table on the same slide (advisor.chains.answer.program_of and
evidence.select_evidence's ``program_of``), on the real bundled index and catalog."""

from __future__ import annotations

import pytest

from advisor.chains.answer import Asked, _asks_for_programs, answer_question, program_of
from advisor.programs import load_catalog
from advisor.text import compact


@pytest.fixture(scope="module")
def catalog(built_settings):
    return load_catalog(built_settings)


def test_a_sentence_naming_another_program_is_the_other_programs(catalog):
    of = program_of(catalog, [catalog.get("monodukuri")])
    assert of("IT導入補助金の拡充・運用改善", "2. 各論", "IT導入補助金の拡充・運用改善") == "other"
    assert of("ものづくり補助金事務局 https://portal.monodukuri-hojo.jp/", "4. 地域発の価値共創", "") == "asked"


def test_an_unnamed_sentence_belongs_to_its_heading_then_to_its_chunk(catalog):
    of = program_of(catalog, [catalog.get("it-donyu-2023")])
    # Under another program's heading: that program's.
    assert of("通常枠は計4回の公募実施予定。", "支援策1 > デジタル化・AI導入補助金 (通常枠)", "") == "other"
    # A table row of a slide that names the asked program elsewhere: the asked program's.
    assert of("⇒ 補助上限200万円", "4. 地域発の価値共創", "IT導入補助金2023\nc.事務費・専門家\n⇒ 補助上限200万円") == "asked"
    # A slide naming only another program does not make an unnamed row that program's: slides
    # show two programs' tables side by side.
    assert of("⇒ 補助上限200万円", "4. 地域発の価値共創", "ものづくり補助金事務局") == ""


def test_a_part_asking_for_other_programs_is_told_from_the_named_programs_own_name(catalog):
    monodukuri = [catalog.get("monodukuri")]
    assert not _asks_for_programs("ものづくり補助金って、通常枠のほかにどんな申請枠があるんですか？", monodukuri)
    assert _asks_for_programs("ものづくり補助金は何を支援し、政策パッケージではどんな名前の補助金が挙がっていますか？", monodukuri)


def test_a_question_about_one_program_lists_its_own_tracks_not_a_neighbours_schedule(built_settings, retriever, catalog):
    # The ものづくり table shares a slide with IT導入補助金's, and デジタル化・AI導入補助金 has 「通常枠」
    # too: without the program filter the answer quoted the latter's 公募 dates and missed グリーン枠.
    question = "ものづくり補助金って、通常枠のほかにどんな申請枠があるんですか？"
    answer = answer_question(question, settings=built_settings, retriever=retriever, catalog=catalog,
                             asked=Asked(program_ids=["monodukuri"], multi_part=True))
    text = compact(answer.text)
    assert "グリーン枠" in text, answer.text
    assert "公募実施予定" not in text and "IT導入補助金の拡充" not in text, answer.text


def test_a_row_of_the_asked_programs_table_survives_the_focus_on_its_catalog_facts(built_settings, retriever, catalog):
    # The catalog's cap facts lead; the 事務費・専門家 row (「⇒ 補助上限200万円」) never repeats the
    # program's name but sits in a chunk that names it.
    question = "IT導入補助金で何社か組んで申請する場合、事務費とか専門家の費用の上限っていくら？"
    answer = answer_question(question, settings=built_settings, retriever=retriever, catalog=catalog,
                             asked=Asked(program_ids=["it-donyu-2023"], slots=["amount", "expenses"]))
    assert "200万円" in compact(answer.text), answer.text


def test_a_sentence_of_a_programs_own_document_is_that_programs_whatever_it_names(catalog):
    of = program_of(catalog, [catalog.get("monodukuri")])
    # The 公募要領's 対象外 list names no program, nor does its heading: the document decides.
    assert of("その価格設定の適正性が明確でない中古品の購入費", "2.7.2 補助対象外となる経費", "", "monodukuri") == "asked"
    # A rule of the asked program's own guideline about another program is still its rule.
    assert of("IT導入補助金との重複申請はできません。", "2.4 重複申請", "", "monodukuri") == "asked"
    # Another program's guideline is that program's; a name the catalog lacks decides nothing.
    assert of("事前着手は認められません。", "2-1 注意", "", "shoryokuka-catalog") == "other"
    assert of("事前着手は認められません。", "2-1 注意", "", "小規模事業者持続化補助金") == ""


@pytest.mark.parametrize(
    ("question", "word", "named"),
    [
        # An adverb before a verb before 補助金 names no program 「結局補助金」.
        ("ITツールを入れて時給を上げる計画にしたけど、結局上げられなかったら補助金は返すことになる？", "結局", False),
        # A word directly followed by the head still names one.
        ("結局補助金の申請方法を教えて", "結局", True),
        ("雇用調整助成金はもらえますか", "雇用調整助成金", True),
    ],
)
def test_a_named_thing_is_a_word_directly_followed_by_a_programs_head(retriever, question: str, word: str, named: bool) -> None:
    from advisor.chains.evidence import unknown_named_terms

    assert (word in unknown_named_terms(question, retriever)) is named
