"""The first sentence quotes the fact that names what the question asks about (「投資額の条件」 → the
投資額 fact, 「賃上げ要件」 → the 賃上げ要件 fact) rather than the first fact of the slot the question's
wording reads (なんぼ → 補助上限額); the owner's own figures (「従業員10人だと」) name no such thing
(a real session on the bundled corpus)."""

from __future__ import annotations

from advisor.session import Advisor


def _first_line(advisor: Advisor, text: str) -> str:
    answer = advisor.turn(advisor.new_session(), text).answer
    assert answer.grounded
    return answer.text.split("\n")[0]


def test_the_fact_naming_the_asked_thing_leads(advisor: Advisor) -> None:
    first = _first_line(advisor, "中堅等大規模成長投資補助金の投資額の条件はいくらから？")
    assert "投資額20億円以上" in first and "[1]" in first
    first = _first_line(advisor, "中堅等大規模成長投資補助金の賃上げ要件は？")
    assert "賃上げ要件" in first and "5.0%" in first


def test_the_owners_own_figure_and_the_slot_word_keep_the_slots_fact(advisor: Advisor) -> None:
    assert "補助上限額" in _first_line(advisor, "中堅等大規模成長投資補助金、従業員10人だと上限いくら？")
    assert "補助上限額" in _first_line(advisor, "中堅等大規模成長投資補助金の上限額は？")
