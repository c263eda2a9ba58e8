"""The AX readiness check: every item is grounded in a corpus passage; scoring."""

from __future__ import annotations

from advisor.config import Settings
from advisor.text import nfkc
from advisor.ui.readiness import ITEMS, evaluate, item_citation


def _compact(text: str) -> str:
    return "".join(nfkc(text).split())


def test_every_item_cites_its_evidence(built_settings: Settings) -> None:
    for item in ITEMS:
        c = item_citation(item, built_settings)
        assert c.source_id == item.source
        assert c.title and c.issuer  # some sources carry no date; the UI then says 日付不明
        assert _compact(item.evidence) in _compact(c.passage), item.id


def test_scoring_and_gaps(built_settings: Settings) -> None:
    none = evaluate({}, built_settings)
    assert none.answered == 0 and none.score == 0 and none.level == "未回答"
    answers = {ITEMS[0].id: "はい", ITEMS[1].id: "一部", ITEMS[2].id: "いいえ", "bogus": "はい", ITEMS[3].id: "たぶん"}
    result = evaluate(answers, built_settings)
    assert result.answered == 3
    assert result.score == round(100 * 3 / 6)
    assert [g.item.id for g in result.gaps] == [ITEMS[1].id, ITEMS[2].id]
    assert result.to_dict()["gaps"] == [ITEMS[1].topic, ITEMS[2].topic]


def test_quick_score_agrees_with_the_cited_evaluation(fresh_settings) -> None:
    from advisor.ui.readiness import ITEMS, evaluate, score_answers

    answers = {ITEMS[0].id: "はい", ITEMS[1].id: "一部", ITEMS[2].id: "いいえ", ITEMS[3].id: "?"}
    full = evaluate(answers, fresh_settings)
    assert score_answers(answers) == (full.score, tuple(r.item.topic for r in full.gaps))
    assert score_answers({}) == (None, ())
