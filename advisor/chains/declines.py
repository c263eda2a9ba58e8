"""Replies to turns the advisor does not answer: off-topic requests and falsification requests.

Off-topic (also when worded with domain words): a short decline and examples of what the advisor
can do — never document sentences. Falsification (inflated sales, fake headcount, wage promises
not meant to be kept, backdated or split orders…): a refusal that explains the risk, quoting the
documents where they say so, an offer to help write the honest version, and no draft.
Injection attempts keep the input guard's message (advisor/understanding/guard.py).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from advisor.chains.evidence import Evidence, group_citations
from advisor.chains.grounding import clean_sentence
from advisor.text import split_sentences
from advisor.types import Answer, Citation

if TYPE_CHECKING:
    from advisor.retrieval.hybrid import Retriever

OFF_TOPIC = (
    "申し訳ありません。このアドバイザーは、中小企業のAI活用（AX）・DXと、そのための補助金・税制・融資などの支援制度について、"
    "国の資料に基づいてお答えするものです。このご質問にはお答えできません。"
)
FALSIFICATION = (
    "申し訳ありません。実際と異なる内容（売上・利益・従業員数・賃上げの予定・発注日や契約日・見積金額など）で"
    "申請書や計画書を作るお手伝いはできません。"
)
FALSIFICATION_RISK = (
    "事実と異なる申請は虚偽申請・不正受給にあたります。一般に、補助金等に係る予算の執行の適正化に関する法律や各補助金の公募要領により、"
    "交付決定の取消し、補助金の返還（加算金が付くことがあります）、事業者名の公表などの対象となり得ます。"
)
# The answer to 「…って書いても大丈夫？」「…って書いたら審査でばれる？」: the question asked, answered first.
LEAVE_ANSWER = (
    "いいえ、そのように書くことはできません。それは事実と異なる記載になり、虚偽申請にあたるおそれがあります。"
    "審査や確認で見つかるかどうかにかかわらず、実際と異なる内容で申請書・計画書・報告書を作るお手伝いはできません。"
)
HONEST_OFFER = (
    "代わりに、実際の数字で説得力のある計画を書くお手伝いならできます。いまの売上・従業員数・困っている業務と、"
    "AIで実現したいことを教えてください。分からない数値は空欄のまま残し、よろず支援拠点などの支援機関にもご相談ください。"
)
_RISK_QUERY = "不正受給 虚偽 申請 補助金 返還 加算金 公表 交付決定 取消"
_FRAUD = re.compile(r"不正|虚偽|偽り|偽造")
_CONSEQUENCE = re.compile(r"返還|加算金|公表|取消|取り消")


def off_topic_reply(examples: list[str]) -> Answer:
    lines = [OFF_TOPIC, "", "例えば、次のようなご相談にお答えできます："]
    lines.extend(f"・{q}" for q in examples[:3])
    return Answer("\n".join(lines), [], grounded=False, warnings=[])


def risk_passages(retriever: "Retriever | None", limit: int = 2) -> list[Evidence]:
    """Document sentences that say what happens to a false application (an ingested 公募要領
    usually does; the bundled policy slides do not)."""
    if retriever is None:
        return []
    from advisor.retrieval.hybrid import EmptyQuery

    try:
        hits = retriever.search(_RISK_QUERY, k=8)
    except EmptyQuery:
        return []
    out: list[Evidence] = []
    for rank, hit in enumerate(hits, 1):
        for order, sentence in enumerate(split_sentences(hit.chunk.text)):
            if _FRAUD.search(sentence) and _CONSEQUENCE.search(sentence):
                text = clean_sentence(sentence)
                out.append(Evidence(text=text, original=text, citation=Citation.from_scored(hit), key=hit.chunk.id,
                                    group=hit.source.title, score=hit.score, rank=rank, order=order))
                break
        if len(out) >= limit:
            break
    return out


def falsification_reply(retriever: "Retriever | None", asked_leave: bool = False) -> Answer:
    """Refusal + risk (cited where the documents say so) + the honest alternative; never a draft.
    ``asked_leave``: the owner asked whether it may be written so, or whether it would be noticed —
    the refusal answers that question (LEAVE_ANSWER) instead of the plain refusal."""
    lines = [LEAVE_ANSWER if asked_leave else FALSIFICATION, FALSIFICATION_RISK]
    quoted = risk_passages(retriever)
    citations: list[Citation] = []
    if quoted:
        citations, number = group_citations(quoted)
        lines.append("資料にも次の記載があります：")
        lines.extend(f"- {ev.text} [{number[i]}]" for i, ev in enumerate(quoted))
    lines.append(HONEST_OFFER)
    return Answer("\n".join(lines), citations, grounded=False, warnings=[])
