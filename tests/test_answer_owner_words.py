"""A figure or a schedule asked in the owner's own word is answered by the catalog facts for the
asked slot, not called "not stated": the round asked as 募集 (the documents say 公募), a rate asked
as 金利 (the fact says 利率; one SudachiDict synonym group). Real sessions on the bundled corpus
(evidence.stated_by_facts, _SLOT_NOUNS)."""

from __future__ import annotations

from advisor.chains.evidence import Evidence, stated_by_facts
from advisor.session import Advisor
from advisor.text import compact, nfkc
from advisor.types import Citation


def _fact(text: str) -> Evidence:
    citation = Citation(source_id="s", title="t", issuer="", date="", page=None, section="", passage=text, url="")
    return Evidence(text=text, original=text, citation=citation, key="k", group="g", score=1.0, rank=0, order=0)


def test_the_next_round_asked_as_recruitment_is_the_programs_schedule(advisor: Advisor) -> None:
    answer = advisor.turn(advisor.new_session(), "中堅の大規模成長投資補助金、次の募集はいつ頃？").answer
    assert answer.grounded and answer.citations
    assert "6月頃" in answer.text


def test_how_often_a_program_recruits_is_its_schedule(advisor: Advisor) -> None:
    answer = advisor.turn(advisor.new_session(), "省力化投資補助金の一般型、年に何回募集してる？").answer
    assert answer.grounded
    assert "3~4回" in compact(nfkc(answer.text))


def test_a_rate_asked_under_a_synonym_of_the_facts_word_is_answered(advisor: Advisor) -> None:
    answer = advisor.turn(advisor.new_session(), "DX認定をとった中小企業の設備資金、金利はどのくらい下がる？").answer
    assert answer.grounded and "基準利率" in answer.text


def test_a_program_the_documents_only_name_still_has_no_stated_schedule(advisor: Advisor) -> None:
    answer = advisor.turn(advisor.new_session(), "中小企業成長加速化補助金の次の募集はいつ？").answer
    assert not answer.grounded


def test_only_the_whole_words_own_terms_and_the_slot_words_count() -> None:
    facts = [_fact("DX認定を受けた中小企業者が行う設備投資等に必要な資金について、基準利率よりも低い利率で融資を受けることができます。")]
    assert stated_by_facts(["金利", "募集"], facts) == ["金利", "募集"]
    assert stated_by_facts(["採択率", "手数料"], facts) == []  # 率 alone is no statement of 採択率
    assert stated_by_facts(["金利"], []) == []
