"""What a quoted sentence brings with it (advisor/chains/evidence.py): the exception or rider that
follows a rule (ただし…, なお…, これには…), the lines under a heading-like line, and a list's lead when
its item repeats a sentence already quoted. End to end on a tiny guideline of its own (real ingest,
real retriever); each case fails when its mechanism is switched off (see the last test)."""

from __future__ import annotations

import pytest

from advisor.chains import evidence
from advisor.chains.answer import Asked, answer_question
from advisor.chains.evidence import chunk_units
from advisor.chains.grounding import check_sentence, statement_sentences
from advisor.config import Settings
from advisor.retrieval.hybrid import Retriever
from advisor.text import compact
from tests.conftest import one_guide_retriever

GUIDE = (
    "テスト省力化補助金 公募要領\n"
    "\n"
    "本補助金で導入した設備は、補助事業以外の目的に使用することはできません。\n"
    "ただし、事務局の承認を受けた場合は、この限りではありません。\n"
    "\n"
    "(中小企業AX促進ネットワーク構想の概要 ※詳細検討中)\n"
    "説明会と研修会を各地で開き、優れた取組を表彰する。\n"
    "\n"
    "効果報告の結果、収益が得られたと認められる場合には、受領額を上限として収益納付しなければならない。\n"
    "以下のいずれかに該当すると認められた場合は、補助金の返還又は収益納付が発生することに留意すること。\n"
    "・収益が得られたと認められる場合\n"
    "・虚偽の申請をした事業者\n"
)


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Retriever]:
    return one_guide_retriever(tmp_path_factory.mktemp("context"), GUIDE, "test-shoryoku", "テスト省力化補助金 公募要領（テスト用）")


def _ask(guide: tuple[Settings, Retriever], question: str, asked: Asked | None = None) -> str:
    settings, retriever = guide
    answer = answer_question(question, settings=settings, retriever=retriever, asked=asked)
    assert answer.grounded, answer.text
    for sentence in statement_sentences(answer.text):
        check = check_sentence(sentence, answer.citations)
        assert check.cited and check.ok, sentence
    return compact(answer.text)


CASES = [
    # The exception shares no word with the question; it comes with the rule it qualifies.
    ("CONTINUATIONS", "導入した設備を補助事業以外の目的に使用できますか？", "事務局の承認を受けた場合は、この限りではありません"),
    # A heading-like line longer than a table label brings what it announces.
    ("HEADING_LINE", "中小企業AX促進ネットワーク構想の概要は？", "説明会と研修会を各地で開き"),
    # The item repeats the quoted sentence, but its lead (the decisive rule) is not shown yet.
    ("LEAD_TERMS", "効果報告で収益が得られたと認められる場合、補助金を返還しなければならないの？", "補助金の返還又は収益納付が発生する"),
]


@pytest.mark.parametrize(("switch", "question", "expected"), CASES)
def test_a_quote_brings_what_decides_it(guide, switch, question, expected):
    assert compact(expected) in _ask(guide, question), switch


@pytest.mark.parametrize(("switch", "question", "expected"), CASES)
def test_each_case_needs_its_mechanism(guide, monkeypatch, switch, question, expected):
    monkeypatch.setattr(evidence, switch, False)
    assert compact(expected) not in _ask(guide, question)


def test_continuations_and_heading_lines_are_told_apart():
    units = {u.raw: u for u in chunk_units(GUIDE)}
    assert evidence._CONTINUATION.match("ただし、事務局の承認を受けた場合は、この限りではありません。")
    assert evidence._CONTINUATION.match("これには日雇労働者は含まれません。")
    assert not evidence._CONTINUATION.match("本補助金で導入した設備は、補助事業以外の目的に使用することはできません。")
    heading = units["(中小企業AX促進ネットワーク構想の概要 ※詳細検討中)"]
    assert evidence._is_label(heading, heading.raw)
    sentence = units["説明会と研修会を各地で開き、優れた取組を表彰する。"]
    assert not evidence._is_label(sentence, sentence.raw)
    assert not evidence._is_heading_line("AI導入の支援体制を各地域で順次整備している")  # a statement, not a heading
    assert not evidence._is_heading_line("補助上限額:最大1億円")  # a value after a colon


def _candidate(text: str, score: float, rank: int, order: int) -> evidence.Evidence:
    from advisor.types import Citation

    citation = Citation(source_id="s", title="t", issuer="i", date="2026-02-01", page=1, section="", passage=text)
    return evidence.Evidence(text=text, original=text, citation=citation, key=f"c{rank}", group="g", score=score,
                             rank=rank, order=order)


def test_quotes_are_not_spent_on_rewordings_of_one_sentence(monkeypatch):
    # Three wordings of one target sentence outscore the definition an owner needs (rank 4: no leader).
    candidates = [
        _candidate("1人あたり給与支給総額目標値を設定し、従業員に表明してください。", 1.00, 1, 0),
        _candidate("1人あたり給与支給総額目標値を設定し、従業員代表者に表明してください。", 0.97, 1, 1),
        _candidate("特例1人あたり給与支給総額目標値を設定し、従業員に表明してください。", 0.96, 1, 2),
        _candidate("給与支給総額には役員報酬、福利厚生費や法定福利費、退職金を含みません。", 0.90, 4, 0),
    ]
    texts = [e.text for e in evidence.pick(candidates, max_sentences=2)]
    assert any("福利厚生費" in t for t in texts), texts
    monkeypatch.setattr(evidence, "MMR_LAMBDA", 0.0)
    without = [e.text for e in evidence.pick(candidates, max_sentences=2)]
    assert not any("福利厚生費" in t for t in without), without
