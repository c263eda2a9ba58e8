"""Owners ask whether a cost is covered without the word 対象 (「…に払うお金も補助される？」「…も出ますか」)
and name a rate of change in their own words (伸び率 for the documents' 上昇率): the same questions
as 「…は補助対象になりますか」 and 「…上昇率は」 (a real session on the bundled corpus)."""

from __future__ import annotations

import pytest

from advisor.session import Advisor
from advisor.understanding import rules


@pytest.mark.parametrize(("text", "target"), [
    ("パソコンも補助される？", "パソコン"),
    ("パソコンも補助してもらえますか", "パソコン"),
    ("機械の運送代も出ますか？", "機械の運送代"),
    ("設計事務所に払うお金も補助される？", "設計事務所"),
    ("パソコンも買えますか？", "パソコン"),
])
def test_covered_is_asked_like_target(text: str, target: str) -> None:
    assert rules.yes_no_target(text) == target
    assert "eligibility" in rules.slots_of(text)


def test_paying_someone_is_an_expense_and_a_wh_word_keeps_its_own_slot() -> None:
    assert "expenses" in rules.slots_of("設計事務所に払うお金も補助される？")
    assert "expenses" in rules.slots_of("機械の運送代も出ますか？")
    assert rules.slots_of("ものづくり補助金はいくら出る？") == ["amount"]
    assert rules.slots_of("この補助金で何が買える？") == ["expenses"]
    assert rules.yes_no_target("ものづくり補助金はいくら出る？") == ""


def test_money_paid_for_a_service_leads_with_the_programs_expenses(advisor: Advisor) -> None:
    answer = advisor.turn(advisor.new_session(), "中堅等大規模成長投資補助金で、外部の専門家に払うお金も補助される？").answer
    first = answer.text.split("\n")[0]
    assert answer.grounded and first.startswith("中堅等大規模成長投資補助金の補助対象経費は")
    assert "専門家経費" in first and "[1]" in first


def test_a_growth_rate_in_owners_words_is_the_documents_rise_rate(advisor: Advisor) -> None:
    answer = advisor.turn(advisor.new_session(), "中堅等大規模成長投資補助金の給料の伸び率はどのくらい求められる？").answer
    assert answer.grounded and "5.0%" in answer.text
