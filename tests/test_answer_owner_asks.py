"""Ways outside writers ask that the answer chain misread (a real session on the bundled corpus and
the real catalog): a question ending 「…でしたっけ。」 before a sentence about the owner's own plan
(the plan's nouns are no topic of the question), a category's boundary asked as its 線引き, a
shortened name followed by another program's type word (「ものづくり通常枠」), a sum asked as
「1000万いける？」, and a catalog fact that quotes more of a table cell than another (both rates)."""

from __future__ import annotations

from advisor.index.analysis import asking_sentences
from advisor.programs import load_catalog, parse_profile
from advisor.session import Advisor
from advisor.understanding import understand


def test_a_recall_question_asks_and_the_owners_plan_after_it_is_context() -> None:
    text = "補助率って何割でしたっけ。うちの新工場は10億円の計画です。"
    assert asking_sentences(text) == ["補助率って何割でしたっけ。"]


def test_the_owners_plan_after_a_recall_question_is_not_what_is_asked(advisor: Advisor) -> None:
    answer = advisor.turn(advisor.new_session(),
                          "中堅等大規模成長投資補助金って、補助率は何割でしたっけ。うちの新工場の計画は10億円です。").answer
    assert answer.grounded and "1/3" in answer.text.split("\n")[0]


def test_a_categorys_boundary_in_owners_words_is_answered(advisor: Advisor) -> None:
    answer = advisor.turn(advisor.new_session(), "小売業だと中小企業の線引きって従業員何人まで？").answer
    assert answer.grounded and "50人" in answer.text


def test_a_shortened_name_before_another_programs_type_word_and_a_sum_asked(built_settings) -> None:
    catalog = load_catalog(built_settings)
    text = "従業員3人の工場です。ものづくり通常枠で500万いける？"
    frame = understand(text, catalog=catalog, parsed=parse_profile(text))
    assert frame.program_ids == ["monodukuri"] and frame.slots[0] == "amount"


def test_a_fact_quoting_more_of_a_cell_keeps_its_figure(advisor: Advisor) -> None:
    answer = advisor.turn(advisor.new_session(), "ものづくり補助金の補助率は？").answer
    first = answer.text.split("\n")[0]
    assert "1/2" in first and "2/3" in first
