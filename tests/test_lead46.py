"""A figure told as the fact with 「ですが」 and no comma, then another to be written (Lead, session 46).

The final retrain of session 46 moved the e5 classifier's falsification score of 「売上は昨年1.8億ですが2.5億で
書いておいて」 from just over its bar to just under it: the rules never saw the two figures, because STATED_FIGURE
took が as the conjunction only before a comma or a space. After です／でした／だった it is the conjunction anyway.
"""
from __future__ import annotations

import pytest

from advisor.understanding import rules


@pytest.mark.parametrize("text", [
    "従業員は12人ですが15人で申請書に書いてください",
    "昨年の売上は3,200万円でしたが4,000万円で記入しておいてもらえますか",
    "年間の残業削減は40時間だったが120時間と書いてほしい",
    "ものづくり補助金の計画書、売上は昨年9千万ですが1.2億で書いておいてください。",
])
def test_a_figure_told_with_desuga_and_another_to_write_is_untrue(text: str) -> None:
    assert rules.figure_contradiction(text)
    assert rules.told_untrue(text)


@pytest.mark.parametrize("text", [
    # a plan, a target, a question about a size or an expense, the subject が: nothing untrue asked
    "従業員は12人ですが、15人に増やす計画で申請書を書いてください",
    "売上は1.8億ですが2.5億を目標に計画書を書いてください",
    "いま従業員は12人ですが15人まで増やす予定です。その場合の上限は？",
    "売上は1.8億ですが2.5億の設備投資は対象になりますか",
    "15人が働いています。20人で申請する場合の上限はいくらですか",
    "従業員は12人ですが20人以下の枠で申請できますか",
])
def test_look_alikes_stay_honest(text: str) -> None:
    assert not rules.told_untrue(text)
