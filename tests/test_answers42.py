"""Answers: the passage chosen for what is asked (NOTES.md "s42-ans").

(1) A count asked of a thing a slide names in its block title (「北海道札幌市ラボ」) is stated by a sentence below
that never repeats the title (「約170の企業、団体が加盟する…」): the title's words count for that sentence, and
「何社」 is stated by 「170の企業」 as by 「68社」 (evidence.block_title_terms, states_counter).
(2) Asked whom a certification is for, its purpose says whom it certifies (DX認定: 「DX-Readyの状態…になっている
事業者を認定」) beside its target (「(対象:全ての事業者)」): answer.catalog_evidence.
Own wordings (not the writers'), and look-alikes that keep their answers. A real session on the bundled corpus."""

from __future__ import annotations

import pytest

from advisor.chains.evidence import chunk_units, counted_terms, counters_asked, states_counter
from advisor.session import Advisor
from advisor.text import compact, nfkc

_BLOCK = """地方版ラボにおける取組事例（札幌市）
北海道札幌市ラボ
○北海道内大学の研究開発と、IT企業群という2つの強みを融合し、イノベーションの創出を目指している。約170の企業、団体が加盟する産学官が連携し、各プロジェクトを実施。"""


def _reply(advisor: Advisor, *turns: str) -> str:
    sid = advisor.new_session()
    text = ""
    for t in turns:
        text = advisor.turn(sid, t).answer.text
    return compact(nfkc(text))


def test_nan_sha_counts_companies_in_other_words() -> None:
    counters = counters_asked("その協議会って何社くらい参加してるの？")
    assert states_counter(counters, "約170の企業、団体が加盟する産学官が連携し、各プロジェクトを実施。")
    assert states_counter(counters, "68社が熊本進出を公表")  # the counter itself still states it
    # look-alikes: the noun a few characters after another count, and 者 (kept apart: test_answer_counters)
    assert not states_counter(counters, "大企業:1,090件、中小企業:4,632件")
    assert not states_counter(counters, "売上高100億円規模の中小企業(現在、4,500者程度)")
    assert not states_counter(("人",), "約170の企業、団体が加盟")
    # look-alikes: other counters count no company noun; no count asked, nothing counted
    assert counted_terms("何人分の人材が不足していますか") == frozenset()
    assert counted_terms("何回公募がありますか") == frozenset()
    assert counted_terms("会社の規模は関係ありますか") == frozenset()


def test_the_title_lines_above_a_sentence_are_its_block_title() -> None:
    from advisor.chains.evidence import block_title_terms

    units = chunk_units(_BLOCK)
    at = next(i for i, u in enumerate(units) if u.raw.startswith("約170"))
    title = block_title_terms(units, at)
    assert "w:札幌" in title or "w:札幌市" in title
    assert "w:ラボ" in title
    assert block_title_terms(units, 0) == frozenset()  # nothing above the first line
    # a flattened table: the row above a count is its sibling, not its title
    table = chunk_units("（対象：全ての事業者）\n累計747者認定（R5.7時点）\n（対象：上場企業）累計394社選定")
    assert block_title_terms(table, len(table) - 1) == frozenset()


@pytest.mark.parametrize("question", [
    "札幌市のラボって何社くらい加盟してるの？",
    "札幌のDX推進ラボには、どのくらいの企業が参加していますか",
    "地域DX推進ラボの札幌市のとこ、どれぐらいの企業が入ってて、何をしてるところ？",
])
def test_a_count_under_a_block_title_is_answered(advisor: Advisor, question: str) -> None:
    assert "約170" in _reply(advisor, question)


def test_a_count_in_a_table_keeps_its_own_row(advisor: Advisor) -> None:
    reply = _reply(advisor, "DX認定を取った会社は今までに何社ありますか")
    assert "747者" in reply


@pytest.mark.parametrize(("question", "shown"), [
    ("熊本に半導体の工場が来るってなってから、何社ぐらい熊本に進出したと？", "68社"),  # the counter read as before
    ("札幌市のラボではどんな人材育成をしていますか", "人材育成"),  # no count asked: the block as before
])
def test_look_alikes_keep_their_answers(advisor: Advisor, question: str, shown: str) -> None:
    assert shown in _reply(advisor, question)


@pytest.mark.parametrize("question", [
    "DX認定はどんな事業者が対象ですか？",
    "DX認定って、どんな企業が受けられるの？",
])
def test_whom_a_certification_is_for_holds_whom_it_certifies(advisor: Advisor, question: str) -> None:
    reply = _reply(advisor, question)
    assert "DX-Ready" in reply  # whom it certifies (its purpose)
    assert "全ての事業者" in reply  # who may apply (its target)


def test_a_subsidys_eligibility_gets_no_purpose_line(advisor: Advisor) -> None:
    reply = _reply(advisor, "ものづくり補助金はどんな事業者が対象ですか？")
    assert "目的:" not in reply and "目的：" not in reply


def test_what_a_certification_is_keeps_its_answer(advisor: Advisor) -> None:
    assert "DX-Ready" in _reply(advisor, "DX認定ってなに？")
