"""Sentence selection for extractive answers (advisor/chains/evidence.py): PDF line wraps, list items
under their lead line, labels with their content, notes after a rule, the asked slot; end to end on a
tiny guideline corpus of its own (real ingest, real retriever)."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.chains.answer import Asked, answer_question
from advisor.chains.evidence import chunk_units, unwrapped_lines
from advisor.chains.grounding import check_sentence, figure_in, statement_sentences
from advisor.config import Settings
from advisor.retrieval.hybrid import Retriever
from advisor.text import compact
from tests.conftest import one_guide_retriever

# One guideline as a PDF gives it to the chunker: lines wrapped mid-sentence, a table whose row
# label stands on a line of its own, eligible and ineligible expense lists.
GUIDE = (
    "テスト補助金 公募要領\n"
    "補助対象経費\n"
    "以下の経費が補助対象となります。\n"
    "(ア) 機械装置の購入費\n"
    "(イ) ソフトウェアの購入費\n"
    "以下の経費は補助対象外です。\n"
    "(ア) パソコン、タブレット等の汎用機器の購入費\n"
    "(イ) 交通費、宿泊費\n"
    "※ 汎用機器であっても、専用ソフトウェアと一体で導入するものは事務局が個別に判断します。\n"
    "\n"
    "申請枠と補助上限額\n"
    "海外展開枠\n"
    "海外市場の開拓に資する設備投資を支援 3,000万円\n"
    "従業員5人以下 750万円、6〜20人 1,000万円\n"
    "\n"
    "税制措置\n"
    "地方に本社機能を移す事業者のうち、計画の認定を受けた事業者に対しては、建物の取得価額に応じた税額控\n"
    "除の特例措置を講じています。\n"
)


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Retriever]:
    return one_guide_retriever(tmp_path_factory.mktemp("evidence"), GUIDE, "test-guide", "テスト補助金 公募要領（テスト用）")


def _ask(guide: tuple[Settings, Retriever], question: str, asked: Asked | None = None):
    settings, retriever = guide
    answer = answer_question(question, settings=settings, retriever=retriever, asked=asked)
    assert answer.grounded, answer.text
    for sentence in statement_sentences(answer.text):
        check = check_sentence(sentence, answer.citations)
        assert check.cited and check.ok, sentence
    return answer


# --- units of a chunk ---------------------------------------------------------------------------------


def test_wrapped_lines_are_joined_but_items_and_closed_lines_are_not():
    lines = unwrapped_lines(
        "地方に本社機能を移す事業者のうち、計画の認定を受けた事業者に対しては、建物の取得価額に応じた税額控\n"
        "除の特例措置を講じています。\n"
        "短い見出し\n"
        "(ア) 項目の一つ目で、ここは長い行になっていますがこの行は項目として読まれるべき行です\n"
        "(イ) 次の項目\n"
    )
    assert lines[0].endswith("税額控除の特例措置を講じています。")
    assert lines[1:] == ["短い見出し", "(ア) 項目の一つ目で、ここは長い行になっていますがこの行は項目として読まれるべき行です", "(イ) 次の項目"]


def test_open_bracket_keeps_the_sentence_together():
    units = chunk_units("支払いは銀行振込で確認します(現金払いは認めません。また、振込代行サービスは一切認めません)。次の文です。")
    assert [u.raw for u in units] == [
        "支払いは銀行振込で確認します(現金払いは認めません。また、振込代行サービスは一切認めません)。", "次の文です。",
    ]


def test_list_items_know_the_line_that_introduces_their_list():
    units = {u.raw: u for u in chunk_units(GUIDE)}
    assert units["(ア) パソコン、タブレット等の汎用機器の購入費"].lead == "以下の経費は補助対象外です。"
    assert units["(ア) 機械装置の購入費"].lead == "以下の経費が補助対象となります。"
    assert units["海外展開枠"].lead == ""


def test_digits_apart_are_two_numbers():
    assert figure_in("1人", "1 1 人あたり給与支給総額")  # a list number before 「1 人あたり」
    assert not figure_in("1人", "11人")


# --- answers ------------------------------------------------------------------------------------------


def test_an_ineligible_item_is_quoted_under_its_list(guide):
    answer = _ask(guide, "パソコンの購入費は補助対象になりますか？", Asked(slots=["eligibility"], yes_no_target="パソコン"))
    lines = [line for line in answer.text.splitlines() if "パソコン" in line]
    assert lines, answer.text
    # Wherever the item appears, the line saying it is 補助対象外 comes with it; never the eligible lead.
    for line in lines:
        assert "補助対象外です" in line, answer.text
        assert "補助対象となります" not in line
    # Answer first: the deciding rule, quoted with its list's lead, before anything else.
    first = " ".join(statement_sentences(answer.text)[:2])
    assert "パソコン" in first and "補助対象外" in first, answer.text


def test_a_table_label_brings_its_content(guide):
    answer = _ask(guide, "海外展開枠の上限はいくら？", Asked(slots=["amount"]))
    assert "3,000万円" in answer.text


def test_a_wrapped_sentence_is_quoted_whole(guide):
    answer = _ask(guide, "地方に本社機能を移す事業者の税制措置は？")
    assert "税額控除の特例措置" in compact(answer.text)


def test_the_row_with_the_owners_figure_is_preferred(guide):
    answer = _ask(guide, "従業員5人の会社です。補助はいくらまで？", Asked(slots=["amount"]))
    body = [s for s in statement_sentences(answer.text)]
    assert any("750万円" in s for s in body[:2]), answer.text


def test_answer_first_from_a_document_sentence(guide):
    # No catalog fact for this program: the best quoted sentence answers first when it shows the amount.
    answer = _ask(guide, "海外展開枠の補助上限額はいくら？", Asked(slots=["amount"]))
    first = answer.text.splitlines()[0]
    assert first.startswith("資料では、") and "3,000万円" in first and "[1]" in first, answer.text


def test_a_list_is_quoted_with_its_items_not_its_lead_alone(guide):
    answer = _ask(guide, "補助対象経費となる購入費は何ですか？", Asked(slots=["expenses"]))
    assert "機械装置の購入費" in answer.text and "ソフトウェアの購入費" in answer.text, answer.text
    lead_alone = [line for line in answer.text.splitlines() if "以下の経費が補助対象となります" in line and "(ア)" not in line and "(イ)" not in line]
    assert not lead_alone, answer.text
    # The next list's lead, glued onto the last item by the loader, is not read as part of that item.
    assert not any("ソフトウェアの購入費以下" in compact(line) for line in answer.text.splitlines()), answer.text


def test_a_limit_is_not_a_list_lead():
    units = chunk_units("対象者\n(ア) 従業員20人以下の会社。\n(イ) 資本金3億円以下の会社。")
    assert [u.lead for u in units] == ["", "", ""]
    assert [u.raw for u in units][1:] == ["(ア) 従業員20人以下の会社。", "(イ) 資本金3億円以下の会社。"]


# --- a yes-no question about a thing: the sentence that names it, under the heading that decides ----

# The ineligible list names the item only in an example line (「例：事務用のパソコン…」), whose
# heading alone says 対象外; the eligible section is longer and scores higher on the question's words.
EXAMPLES_GUIDE = (
    "テスト補助金 公募要領\n"
    "2.7.1 補助対象経費\n"
    "補助対象経費は、機械装置・システム構築費、技術導入費、専門家経費、運搬費、クラウドサービス利用費です。\n"
    "補助対象経費は、補助事業の実施に必要なものに限ります。\n"
    "\n"
    "2.7.2 補助対象外となる経費\n"
    "汎用性があり、目的外使用になり得るものの購入費。\n"
    "例：事務用のパソコン、プリンタ、文書作成ソフトウェア、タブレット端末、スマートフォン\n"
)


@pytest.fixture(scope="module")
def examples_guide(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Retriever]:
    return one_guide_retriever(tmp_path_factory.mktemp("examples"), EXAMPLES_GUIDE, "examples-guide", "テスト補助金 公募要領（例示）")


def test_a_thing_named_only_in_an_example_line_is_led_by_its_deciding_heading(examples_guide):
    answer = _ask(examples_guide, "パソコンの購入費は補助対象になりますか？", Asked(slots=["eligibility"], yes_no_target="パソコン"))
    first = statement_sentences(answer.text)[0]
    assert "パソコン" in first and "補助対象外となる経費" in first, answer.text


def test_the_sentence_naming_the_thing_survives_the_focus_on_one_programs_facts():
    from advisor.chains.answer import _merge
    from advisor.chains.evidence import Evidence
    from advisor.types import Citation

    def ev(text: str, rank: int, key: str) -> Evidence:
        citation = Citation(source_id="g", title="公募要領", issuer="事務局", date="2026-02-06", page=31,
                            section="2.7.2 補助対象外となる経費", passage=text)
        return Evidence(text=text, original=text, citation=citation, key=key, group="公募要領", score=1.0 / (rank + 1),
                        rank=rank, order=0, has_figure=False)

    fact = ev("テスト補助金の補助対象者は中小企業者です。", 0, "fact:test:eligibility:0")
    retrieved = [ev(f"テスト補助金の要件その{i}です。", i, f"c{i}") for i in range(1, 6)]
    naming = ev("例：事務用のパソコン、プリンタ", 7, "c7")
    kept = _merge([fact], [*retrieved, naming], 6, ["テスト補助金"], focus=True, target="パソコン")
    assert naming in kept
    assert naming not in _merge([fact], [*retrieved, naming], 6, ["テスト補助金"], focus=True)


# --- a yes-no question whose thing the frame did not find: the deciding quote leads ----------------

USED_GUIDE = (
    "テスト補助金 公募要領\n"
    "2.7.1 補助対象経費\n"
    "機械装置・システム構築費は、補助事業の実施に必要な機械装置の購入に要する経費です。\n"
    "機械装置の購入にあたっては、2者以上の相見積もりを取得してください。\n"
    "\n"
    "2.7.2 補助対象外となる経費\n"
    "価格設定の適正性が明確でない中古品の購入費。\n"
    "事務所等にかかる家賃、保証金、敷金。\n"
)


@pytest.fixture(scope="module")
def used_guide(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Retriever]:
    return one_guide_retriever(tmp_path_factory.mktemp("used"), USED_GUIDE, "used-guide", "テスト補助金 公募要領（中古）")


def test_a_yes_no_question_without_a_found_thing_is_led_by_the_quote_under_the_deciding_heading(used_guide):
    # The frame read no thing (long wording around it); the quote naming one of the question's own
    # words under 「補助対象外となる経費」 answers it, not the longer 対象経費 sentences.
    question = "中古の機械なら安く済むので中古で買いたいんだけど、中古品も対象になる？"
    first = statement_sentences(_ask(used_guide, question, Asked(slots=["eligibility"])).text)[0]
    assert "中古品" in first and "補助対象外となる経費" in first, first


def test_a_question_asking_what_is_not_led_by_a_deciding_quote(used_guide):
    # 「どんな経費が…」 is no yes/no question: nothing is put first as deciding it.
    answer = _ask(used_guide, "中古品の購入では、どんな書類が必要ですか？", Asked(slots=["procedure"]))
    assert "に次の記載があります" not in statement_sentences(answer.text)[0]


def test_a_labels_content_chosen_on_its_own_follows_the_label_and_survives_the_focus():
    # 「c.事務費・専門家」 and its content 「⇒ 補助上限200万円」 both name what was asked and are both
    # chosen; apart, the focus on one program's facts kept the label and dropped the value.
    from advisor.chains.answer import _merge
    from advisor.chains.evidence import Evidence, with_caveats
    from advisor.types import Citation

    def ev(text: str, order: int, score: float, key: str = "c1", rank: int = 1) -> Evidence:
        citation = Citation(source_id="g", title="資料", issuer="経済産業省", date="2023-07-01", page=None,
                            section="IT導入補助金", passage=text)
        return Evidence(text=text, original=text, citation=citation, key=key, group="IT導入補助金", score=score,
                        rank=rank, order=order, has_figure=False, about="asked")

    label, content = ev("c.事務費・専門家", 8, 0.37), ev("⇒ 補助上限200万円", 9, 0.33)
    other = ev("補助上限(a+b)で3千万円", 7, 0.33)
    portal = ev("IT導入補助金事務局 ポータルサイト", 40, 0.32)
    notes = {("c1", 9): ev("⇒ 補助上限200万円", 9, 0.0)}
    chosen = with_caveats([label, other, portal, content], notes)
    assert [e.text for e in chosen] == ["c.事務費・専門家", "⇒ 補助上限200万円", "補助上限(a+b)で3千万円", "IT導入補助金事務局 ポータルサイト"]
    assert chosen[1].note
    fact = ev("補助額：5万円〜150万円未満", 0, 2.0, key="fact:it:caps:0", rank=0)
    kept = _merge([fact], chosen, 8, ["IT導入補助金"], focus=True)
    assert "⇒ 補助上限200万円" in [e.text for e in kept]
