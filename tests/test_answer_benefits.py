"""What an owner gains, asked without a slot word (「DX認定を取ると何か得しますか」「借入や保証で何か有利に
なる？」): a certification's merits are its catalog entry's own list and the gains of the programs it
relates to (the 公庫 loan's lower rate, the guarantee's separate limit, the tax incentive's rates);
both kinds named are resolved; 「3分の2」 asks for a rate (real catalog, a real session on the bundled
corpus)."""

from __future__ import annotations

from advisor.programs import load_catalog, parse_profile
from advisor.session import Advisor
from advisor.understanding import rules, understand


def test_a_certifications_gain_lists_the_related_programs_gains(advisor: Advisor) -> None:
    answer = advisor.turn(advisor.new_session(), "DX認定を取ると何か得しますか？").answer
    assert answer.grounded
    for said in ("ロゴマーク", "低い利率", "別枠", "税額控除"):
        assert said in answer.text


def test_two_kinds_named_after_a_certification_are_both_resolved(built_settings) -> None:
    catalog = load_catalog(built_settings)
    text = "DX認定を受けたら、融資とか保証で何か有利になりますか"
    frame = understand(text, catalog=catalog, parsed=parse_profile(text))
    assert set(frame.program_ids) == {"jfc-dx-loan", "shinyo-hoken-dx-tokurei"}
    assert rules.kinds_named("お金 かりる とき") == {"loan"}


def test_a_fraction_in_words_asks_for_the_rate() -> None:
    assert "rate" in rules.slots_of("うちでも補助率は3分の2になりますか")
