"""The business's own operations work asked in domain words, and two single-message readings left by
s37-conv (NOTES.md "s37-dec"), each decided by the labelling guide (evals/fresh/s29/BRIEF.md):
professional or operational work outside the domain is declined even for an SME — a production
schedule or a staff roster to draw up, the owner's PC or meeting software to fix — while an AX wish
about the same work and a question about a program's support for it stay answered; 「なにするとこ」
asks what a body does (its definition); a first message typed by voice without punctuation that ends
in 「何が合う」 asks which programs fit, as its punctuated spelling does.

Texts written for these tests, not taken from any row."""

from __future__ import annotations

import pytest

from tests.test_asked_object33 import _frame


# --- the business's own operations work, in domain words ---
DECLINED = [
    # a schedule or roster drawn up
    "来週のプレス機6台の生産計画を組んでください。品番は12種類、段取り替えは1回30分です",
    "補助金で入れた射出成形機も含めて、今月の生産スケジュールを立ててほしい。受注一覧は下に貼ります",
    "従業員14人、夜勤ありで来月のシフト表を組んでもらえますか",
    "トラック4台で配達先23件を回る配送ルートを組んでくれ。省力化のためです",
    # the owner's PC or meeting software fixed
    "ものづくり補助金のオンライン説明会をTeamsで見ようとしたら音が聞こえません。パソコンのどこを設定すればいいですか",
    "補助金の公募要領を印刷しようとしたら、プリンターがオフラインと出て印刷できない。どうしたら直りますか",
    "DXセミナーのZoomに入ったらマイクが使えない。Macの設定はどこを見ればいい？",
]
KEPT = [
    # an AX wish about the same work, a question about a program's support for it
    "生産計画をAIで自動化したい。使える補助金はありますか",
    "シフト表を自動で組んでくれるソフトを入れたい。デジタル化・AI導入補助金の対象になりますか",
    "生産スケジューラーの導入費用はものづくり補助金の補助対象経費になりますか",
    "配送ルートを最適化するシステムに使える補助金を教えて",
    # the application itself, the program's own system and its briefing
    "ものづくり補助金の事業計画を一緒に組んでもらえますか",
    "GビズIDでログインできません。jGrantsの申請画面はどう開けばいいですか",
    "省力化投資補助金の説明会はZoomで視聴できますか",
    "パソコンとプリンターの買い替えはデジタル化・AI導入補助金の対象になりますか",
]


@pytest.mark.parametrize("text, declined", [(t, True) for t in DECLINED] + [(t, False) for t in KEPT])
def test_own_operations_work_is_declined_and_the_ax_wish_stays(text: str, declined: bool, bundled_catalog) -> None:  # noqa: ANN001
    frame = _frame(text, bundled_catalog)
    assert (frame.intent == "off_topic") is declined, (frame.intent, frame.reason)
    if not declined:
        assert frame.intent not in ("injection", "falsification"), (frame.intent, frame.reason)


# --- 「なにするとこ」: what a body does ---
@pytest.mark.parametrize("text", [
    "よろず支援拠点ってなにするとこ？",
    "中小企業基盤整備機構て何しとるところなん",
    "地域のDX支援ネットワークって何やってる団体ですか",
])
def test_what_a_body_does_is_its_definition(text: str, bundled_catalog) -> None:  # noqa: ANN001
    frame = _frame(text, bundled_catalog)
    assert "definition" in frame.slots, (frame.intent, frame.slots, frame.reason)


@pytest.mark.parametrize("text", [
    "補助金もらったら次なにするん",
    "採択されたあと、まず何をすればいいですか",
])
def test_what_to_do_next_is_no_definition(text: str, bundled_catalog) -> None:  # noqa: ANN001
    frame = _frame(text, bundled_catalog)
    assert "definition" not in frame.slots, (frame.intent, frame.slots, frame.reason)


# --- a first message by voice, without punctuation, asking which programs fit ---
@pytest.mark.parametrize("text", [
    "うちは福岡で居酒屋2店舗で従業員12人発注と在庫をAIで管理したいんやけど何が使える",
    "神戸で歯科医院やってて職員9人予約と問診をAIで自動化したいねん何が合う",
])
def test_a_run_on_first_message_asks_which_programs_fit(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "matching"


@pytest.mark.parametrize("text", [
    # a named program asked of, run on: its question, not the programs that fit
    "うちは従業員12人でデジタル化・AI導入補助金で会計ソフト入れたいんやけど何が対象なん",
])
def test_a_run_on_question_about_a_named_program_stays_a_question(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "question"
