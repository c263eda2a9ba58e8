"""Beside one program's catalog facts, the room the sentences about that program leave goes to chosen
sentences that name no program at all, best scored first — never to another program's (answer._merge,
UNCLAIMED_FILL; a real session on the bundled corpus for the answer)."""

from __future__ import annotations

from advisor.chains.answer import _merge
from advisor.chains.evidence import Evidence
from advisor.session import Advisor
from advisor.types import Citation


def _ev(text: str, rank: int, score: float, about: str) -> Evidence:
    citation = Citation(source_id="g", title="資料", issuer="経済産業省", date="2024-12-01", page=None, section="各論", passage=text)
    return Evidence(text=text, original=text, citation=citation, key=f"c{rank}", group="各論", score=score, rank=rank, order=0,
                    about=about)


def test_unclaimed_sentences_fill_the_room_best_first_and_other_programs_stay_out() -> None:
    fact = _ev("補助対象者：中小企業", 0, 1.0, "")
    own = _ev("既存のカタログ型補助金の運用改善", 1, 0.35, "asked")
    weak = _ev("設備導入・システム構築等の多様な省力化投資を促進。", 3, 0.17, "")
    strong = _ev("置き換え(リプレース)、レンタル、ファイナンス・リース等を新たに対象化", 7, 0.33, "")
    other = _ev("一般型の補助上限額は最大1億円", 2, 0.5, "other")
    kept = _merge([fact], [own, weak, strong, other], 8, ["カタログ型補助金"], focus=True)
    assert kept[:3] == [fact, own, strong]
    assert other not in kept


def test_a_replacement_or_lease_question_quotes_the_row_that_answers_it(advisor: Advisor) -> None:
    answer = advisor.turn(advisor.new_session(), "省力化補助金のカタログ型って、かいかえとかリースでも使えるん？").answer
    assert answer.grounded and "リプレース" in answer.text and "ファイナンス・リース" in answer.text
