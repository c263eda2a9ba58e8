"""The answer's first sentence names what was asked in the words of the program's kind: a tax
incentive has a 控除率, not a 補助率 (a real session on the bundled corpus)."""

from __future__ import annotations

from advisor.chains.answer import slot_label
from advisor.session import Advisor


def test_slot_words_follow_the_program_kind() -> None:
    assert slot_label("rate") == slot_label("rate", "subsidy") == "補助率"
    assert slot_label("rate", "tax") == "控除率・償却率"
    assert slot_label("amount", "loan") == "融資限度額"
    assert slot_label("expenses", "tax") == "補助対象経費"  # no kind-specific words: the default


def test_a_tax_incentives_rate_is_not_called_a_subsidy_rate(advisor: Advisor) -> None:
    sid = advisor.new_session()
    tax = advisor.turn(sid, "DX投資促進税制の控除率は？").answer
    assert tax.grounded and tax.citations
    first = tax.text.split("。")[0]
    assert first.startswith("DX投資促進税制の控除率・償却率は") and "税額控除" in first
    assert "補助率" not in first

    subsidy = advisor.turn(advisor.new_session(), "デジタル化・AI導入補助金の補助率は？").answer
    subsidy_first = subsidy.text.split("。")[0]
    assert subsidy_first.startswith("デジタル化・AI導入補助金") and "の補助率は、資料に" in subsidy_first
