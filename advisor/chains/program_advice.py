"""Matching results → a short cited Japanese answer ("what fits my company, and why (not)?").

Deterministic on purpose: the verdicts and their reasons come from advisor.programs.matching, each
with the catalog evidence as citation; this module only chooses what to show and numbers the
citations. An LLM would add nothing trustworthy here.
"""

from __future__ import annotations

from advisor.chains.grounding import CitationNumbers
from advisor.programs import MatchResult, Profile, follow_up_questions
from advisor.programs.models import Reason
from advisor.types import Answer, Citation

MAX_FITS = 5
MAX_NEEDS_INFO = 3
MAX_NO_FIT = 3
MAX_QUESTIONS = 3


class _Citations(CitationNumbers):
    def marker(self, citation: Citation | None) -> str:
        return f"[{self.cite(citation)}]" if citation is not None else ""


def _deciding_reason(result: MatchResult) -> Reason | None:
    wanted = {"fit": "pass", "no_fit": "fail", "needs_info": "unknown"}[result.status]
    for reason in result.reasons:
        if reason.outcome == wanted and reason.citation is not None:
            return reason
    return next((r for r in result.reasons if r.citation is not None), None)


def _strip_period(text: str) -> str:
    return text.rstrip("。．.")


def _verdict_line(result: MatchResult, fallback: str, cites: _Citations) -> str:
    """「・制度名：決め手となった理由[n]。」 — the reason in the matcher's words with its citation."""
    reason = _deciding_reason(result)
    text = _strip_period(reason.explanation) if reason else fallback
    # The round's status (公募中 / 締切済み / 予定) when the registry knows the round's period.
    status = f"［公募{result.round_label}］" if result.round_status not in ("", "不明") else ""
    return f"・{result.program_name}{status}：{text}{cites.marker(reason.citation if reason else None)}。"


def advise_programs(profile: Profile, results: list[MatchResult]) -> Answer:
    """Fits (by relevance), programs needing information and non-fits, each with its cited reason."""
    if not profile.summary_lines():
        return Answer(
            "御社に合う制度を判定するには、会社の情報が必要です。業種、従業員数（パート含む）、所在地（都道府県）、"
            "予定している投資の内容と金額、AIで実現したいことを教えてください。",
            [],
            grounded=True,
        )
    cites = _Citations()
    lines: list[str] = ["いただいた情報と資料に記載された要件から判定しました（採択や対象を保証するものではありません）。"]
    fits = [r for r in results if r.status == "fit"]
    needs = [r for r in results if r.status == "needs_info"]
    no_fits = [r for r in results if r.status == "no_fit"]
    if fits:
        lines.append("")
        lines.append("■ 対象となる可能性が高い制度")
        for r in fits[:MAX_FITS]:
            line = _verdict_line(r, "要件を満たす見込みです", cites)
            for h in r.highlights[:1]:
                line += f" {h.rule}は{_strip_period(h.explanation)}{cites.marker(h.citation)}。"
            if r.notice:
                line += f"（{_strip_period(r.notice)}）"
            lines.append(line)
        if len(fits) > MAX_FITS:
            lines.append(f"ほか{len(fits) - MAX_FITS}件の制度も要件を満たす見込みです（制度カードをご覧ください）。")
    if needs:
        lines.append("")
        lines.append("■ 判定に情報が必要な制度")
        lines.extend(_verdict_line(r, "判定に必要な情報が不足しています", cites) for r in needs[:MAX_NEEDS_INFO])
    if no_fits:
        lines.append("")
        lines.append("■ 対象外の制度（資料の記載による理由）")
        lines.extend(_verdict_line(r, "要件を満たしません", cites) for r in no_fits[:MAX_NO_FIT])
    questions = follow_up_questions(results)[:MAX_QUESTIONS]
    if questions:
        lines.append("")
        lines.append("より正確に判定するため、次の点を教えてください。")
        lines.extend(f"・{q}" for q in questions)
    return Answer("\n".join(lines), cites.citations, grounded=True)
