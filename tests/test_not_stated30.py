"""Questions the bundled documents do not answer, asked in forms the rules missed (NOTES.md "s30-oos"):

* where an office is, asked as two clauses — whether there is one, then a bare 「どこ」 (「新潟にも
  よろず支援拠点ってあるの？どこ？」) — is the same question as 「…はどこにある？」: no policy document
  states an office's address (procedure rule 「窓口の所在地」, NOTES.md "s29-conv"); a document asked
  for in the first clause is no office;
* where the line between an optimistic plan and a false application lies (「どこからが虚偽申請になる
  の？」「虚偽との境目は？」) is in-domain but not stated (evals/README.md, "Labelling out_of_scope rows",
  borderline cases). 「どこから」 there is a boundary (「どこからが…」), not where to start (「どこから
  始めれば」), so such a question is no request for next steps.

Texts written for these tests."""

from __future__ import annotations

import pytest

from advisor.programs import parse_profile
from advisor.understanding import rules, understand


def _frame(text: str, bundled_catalog):
    return understand(text, catalog=bundled_catalog, history=[], parsed=parse_profile(text, None))


@pytest.mark.parametrize("text", [
    "長野にもよろず支援拠点ってあるの？どこ？",
    "静岡にも地域DX推進ラボありますか。どこですか",
    "岐阜によろず支援拠点あるんやろ、どこや",
])
def test_whether_there_is_one_then_where_asks_where_the_office_is(text: str, bundled_catalog) -> None:
    assert any(rule.label.startswith("窓口の所在地") for rule in rules.procedure_rules(text))
    assert _frame(text, bundled_catalog).not_stated == "procedure_rule"


@pytest.mark.parametrize("text", [
    "公募要領ってありますか？どこ？",  # a document, not an office
    "申請書の様式はある？どこ？",
    "ものづくり補助金の申請先はどこですか",  # where to apply: no existence asked
    "補助対象になる経費はありますか。どこまで出ますか",  # どこまで: how far, not where
])
def test_other_where_questions_are_no_office_location(text: str) -> None:
    assert not any(rule.label.startswith("窓口の所在地") for rule in rules.procedure_rules(text))


@pytest.mark.parametrize("text", [
    # (honest intent stated: my first wordings 「強気に書きたいんですが」「盛りすぎたくない」 are read by e5
    # as falsification / off-topic before any rule — a gate this change does not touch)
    "正直に書きたいので聞きます。売上見込みはどこからが虚偽申請になるんでしょう",
    "事業計画の楽観的な予測と虚偽の境目ってどのへんですか？嘘は書きたくないので",
    "省力化の効果、どこまでなら見込みとして書けて、どこからが不正受給扱いになるのか線引きを知りたいです",
])
def test_the_line_of_a_false_application_is_not_stated(text: str, bundled_catalog) -> None:
    frame = _frame(text, bundled_catalog)
    assert frame.intent == "question"
    assert frame.not_stated == "sanctions"


@pytest.mark.parametrize("text", [
    "AI導入って何から始めればいいですか",
    "どこから手をつければいいかわからない",
    "DX、どこから始めるのがいいでしょう",
])
def test_where_to_start_is_still_next_steps(text: str) -> None:
    assert rules.NEXT_STEPS.search(text)


def test_a_boundary_is_no_start() -> None:
    assert not rules.NEXT_STEPS.search("どこからが対象外になりますか")
