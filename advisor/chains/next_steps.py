"""Next-steps chain: company profile + question → an ordered, cited plan.

The plan is built from the catalog and the matcher, not from free text: (1) whom to consult first
(support bodies in the catalog), (2) which fitting programs suit which step, with their caps and
schedule in the documents' words, (3) what to prepare (the facts the matcher still needs, each
tied to the rule that needs it), (4) the document sentences that answer the owner's own question.
Every sentence quotes a document passage and carries its marker. With an LLM configured, the same
numbered passages and the profile go to the model, and its reply is post-checked like an answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from advisor.chains.answer import build_messages, generate_checked
from advisor.chains.evidence import select_evidence
from advisor.chains.grounding import CitationNumbers, clean_sentence, final_answer, resolve_relative_dates
from advisor.understanding.guard import screen
from advisor.chains.llm import load_prompt, make_llm
from advisor.config import Settings
from advisor.text import compact
from advisor.types import Answer, Citation

if TYPE_CHECKING:
    from advisor.chains.llm import ChatBackend
    from advisor.programs import Catalog, Profile
    from advisor.retrieval.hybrid import Retriever

CONSULT_FIRST = ("yorozu-shien-kyoten", "chiiki-dx-suishin-lab", "ax-chiiki-network")
ACTION_KINDS = ("subsidy", "tax", "loan", "guarantee", "certification", "training")
MAX_PROGRAMS = 3


class _Plan(CitationNumbers):
    """Numbered steps whose sentences cite passages; one citation number per distinct passage."""

    def __init__(self) -> None:
        super().__init__()
        self.steps: list[tuple[str, list[str]]] = []

    def add(self, title: str, sentences: list[str]) -> None:
        if sentences:
            self.steps.append((title, sentences))

    def render(self, lead: str) -> str:
        lines = [lead, ""]
        for i, (title, sentences) in enumerate(self.steps, start=1):
            lines.append(f"{i}. **{title}**：")
            lines.extend(f"   - {s}" for s in sentences)
        lines += ["", "※ 採択や適用を約束するものではありません。申請前に最新の公募要領を確認し、支援機関にご相談ください。"]
        return "\n".join(lines)


_STAGES: list[tuple[int, str, tuple[str, ...]]] = [
    (1, "AIツールを小さく試す", ("ITツール導入",)),
    (2, "設備・システムで省力化する", ("省力化・自動化", "新製品・新サービス開発")),
    (3, "大きな投資で事業を伸ばす", ("工場新設・拠点整備", "事業拡大")),
    (4, "社内の人材を育てる", ("人材育成",)),
    (5, "税・資金の支援を組み合わせる", ("税負担軽減", "資金調達")),
]


def _stage(program) -> tuple[int, str]:
    topics = list(getattr(program, "topics", []) or [])
    kind = getattr(program, "kind", "")
    if kind in ("tax", "loan", "guarantee", "certification"):
        return 5, _STAGES[4][1]
    if kind == "training":
        return 4, _STAGES[3][1]
    for order, label, keys in _STAGES:
        if any(k in topics for k in keys):
            return order, label
    return 6, "制度を活用する"


def _quote(citation: Citation) -> str:
    """The document's words of a citation as one readable sentence (relative dates resolved)."""
    text = clean_sentence(citation.passage.replace("\n", " "))
    return resolve_relative_dates(text, None, date=citation.date)


def _fact_sentence(plan: _Plan, lead: str, citation: Citation | None) -> str | None:
    if citation is None:
        return None
    n = plan.cite(citation)
    return f"{lead}資料には「{_quote(citation)}」とあります [{n}]。"


def build_plan(profile: Profile, question: str, *, settings: Settings, retriever, catalog: Catalog) -> tuple[str, list[Citation]]:
    from advisor.programs import follow_up_questions, match_and_rank

    plan = _Plan()
    results = match_and_rank(profile, catalog)
    by_id = {r.program_id: r for r in results}

    # 1. Consult: support bodies and networks (planned ones said to be planned).
    consult: list[str] = []
    for pid in CONSULT_FIRST:
        if len(consult) >= 2:
            break
        program = catalog.get(pid)
        result = by_id.get(pid)
        if program is None or program.purpose is None or (result is not None and result.status == "no_fit"):
            continue
        status = "（予定・検討中の取組です）" if program.status.value == "planned" else ""
        sentence = _fact_sentence(plan, f"{program.name.value}{status}：", program.purpose.citation)
        if sentence:
            consult.append(sentence)
    plan.add("まず相談する（AI導入の進め方や制度選びを一緒に整理できる窓口）", consult)

    # 2. Programs that fit, the recommended ones (ranking.py) first; named ones before all.
    named = {p.id for p in catalog.named_in(question)} if catalog is not None else set()
    fits = [r for r in results if r.status == "fit" and r.kind in ACTION_KINDS and r.program_status != "superseded"]
    fits.sort(key=lambda r: (r.program_id not in named, r.recommended == 0, r.recommended, -r.relevance))
    chosen = fits[:MAX_PROGRAMS]
    # Small steps before big ones: try AI tools, then equipment, then large investment; people
    # and tax/finance measures alongside (the stage is the project's reading of the topics).
    chosen.sort(key=lambda r: _stage(catalog.get(r.program_id))[0])
    for result in chosen:
        program = catalog.get(result.program_id)
        sentences: list[str] = []
        used: set[str] = set()

        def add(lead: str, citation: Citation | None) -> None:
            if citation is None or compact(citation.passage) in used or len(sentences) >= 3:
                return
            used.add(compact(citation.passage))
            s = _fact_sentence(plan, lead, citation)
            if s:
                sentences.append(s)

        passed = next((r for r in result.reasons if r.outcome == "pass" and r.citation), None)
        if passed is not None:
            add(f"対象の条件（{passed.rule}）について、", passed.citation)
        for h in result.highlights[:3]:
            add(f"{h.rule}について、", h.citation)
        if program is not None and program.schedule:
            add("時期について、", program.schedule[0].citation)
        title = f"{_stage(program)[1]}：{result.program_name}を検討する"
        if result.program_status == "planned":
            title += "（予定・検討中）"
        if result.relevance_note and "見つかりませんでした" not in result.relevance_note:
            title += f"（{result.relevance_note}）"
        plan.add(title, sentences)

    # 3. Prepare: the facts the matcher still needs, each with the rule that needs it.
    prepare: list[str] = []
    questions = follow_up_questions(results)
    for q in questions[:3]:
        for r in results:
            reason = next((x for x in r.reasons if x.outcome == "unknown" and x.citation and q in r.questions), None)
            if reason is not None:
                n = plan.cite(reason.citation)
                asked = re.sub(r"[。？?！!](?=.)", "／", q)  # one sentence, so the marker covers it
                prepare.append(f"「{asked}」— {r.program_name}の「{reason.rule}」の確認に必要です [{n}]。")
                break
    plan.add("準備する情報（分かる範囲で整理してください）", prepare)

    # 4. The owner's own question, answered from the documents.
    own: list[str] = []
    if question.strip():
        try:
            hits = retriever.search(question, k=settings.answer_passages)
        except Exception:  # noqa: BLE001 - EmptyQuery: nothing to add
            hits = []
        selection = select_evidence(question, hits, retriever, max_sentences=3)
        if selection.relevant:
            for ev in selection.evidence[:3]:
                n = plan.cite(Citation(**{**ev.citation.to_dict(), "passage": ev.original}))
                own.append(f"{ev.text} [{n}]")
    plan.add("ご質問に関係する資料の記載", own)

    known = profile.summary_lines()
    if known:
        lead = f"会社の情報（{'、'.join(known[:3])}）とご質問から、次の順で進めることをおすすめします："
    else:
        lead = "ご質問から、次の順で進めることをおすすめします（業種・従業員数・所在地を教えていただくと、合う制度を絞り込めます）："
    return plan.render(lead), plan.citations


def plan_next_steps(profile: Profile, question: str, *, settings: Settings, retriever: Retriever, catalog: Catalog,
                    llm: ChatBackend | None = None) -> Answer:
    return final_answer(_run(profile, question, settings, retriever, catalog, llm, streaming=False))


def stream_next_steps(profile: Profile, question: str, *, settings: Settings, retriever: Retriever, catalog: Catalog,
                      llm: ChatBackend | None = None) -> Iterator[str | Answer]:
    """Text deltas then exactly one post-checked Answer."""
    yield from _run(profile, question, settings, retriever, catalog, llm, streaming=True)


def _run(profile, question, settings, retriever, catalog, llm, *, streaming: bool) -> Iterator[str | Answer]:
    verdict = screen(question) if question.strip() else None
    if verdict is not None and not verdict.allowed:
        yield verdict.message
        yield Answer(text=verdict.message, citations=[], grounded=False, warnings=[])
        return
    text, citations = build_plan(profile, question, settings=settings, retriever=retriever, catalog=catalog)

    def extractive() -> Answer:
        return Answer(text=text, citations=list(citations), grounded=bool(citations), warnings=[])

    backend = llm if llm is not None else make_llm(settings)
    if backend is None or not citations:
        answer = extractive()
        yield answer.text
        yield answer
        return
    profile_lines = "\n".join(f"- {line}" for line in profile.summary_lines()) or "- （まだ情報がありません）"
    messages = build_messages(
        question or "AXを進めるための次の一歩を教えてください。", None, citations, settings,
        load_prompt("next_steps_system"), extra=f"会社のプロフィール：\n{profile_lines}",
    )
    yield from generate_checked(backend, messages, citations, extractive, streaming=streaming)
