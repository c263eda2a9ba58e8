"""Matching results → a short cited Japanese answer ("what fits my company, and why (not)?").

Deterministic on purpose: the verdicts and their reasons come from advisor.programs.matching, the
recommendations (at most three, ranked by fit to the owner's goal and stage) from
advisor.programs.ranking, each with the catalog evidence as citation; this module only chooses what
to show and numbers the citations. An LLM would add nothing trustworthy here.

The reply leads with the recommendations, each with its one line of why; the other programs the
company is eligible for are named in one line (their cards sit behind a fold in the UI), then the
programs that need information and those that do not fit, each with its deciding reason.
"""

from __future__ import annotations

from advisor.chains.grounding import CitationNumbers
from advisor.programs import MatchResult, Profile, follow_up_questions
from advisor.programs.models import Reason
from advisor.types import Answer, Citation

MAX_OTHER_FITS_NAMED = 6
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
    return f"・{result.program_name}{_round(result)}：{text}{cites.marker(reason.citation if reason else None)}。"


def _round(result: MatchResult) -> str:
    """「［公募締切済み（第23次・締切 …）］」 when the registry knows the round's period, else ""."""
    return f"［公募{result.round_label}］" if result.round_status not in ("", "不明") else ""


def _recommendation_line(result: MatchResult, cites: _Citations) -> str:
    """「1. 制度名：why[n]。 上限…[m]。」 — the why-line, then the program's first applicable figure."""
    why = _strip_period(result.why) or "要件を満たす見込みです"
    line = f"{result.recommended}. {result.program_name}{_round(result)}：{why}{cites.marker(result.why_citation)}。"
    for h in result.highlights[:1]:
        line += f" {h.rule}は{_strip_period(h.explanation)}{cites.marker(h.citation)}。"
    if result.pending:  # recommended before the size is known: say what decides eligibility
        line += f"（対象となるかの判定には{'・'.join(result.pending)}が必要です）"
    if result.notice:
        line += f"（{_strip_period(result.notice)}）"
    return line


def advise_programs(profile: Profile, results: list[MatchResult]) -> Answer:
    """Recommendations first (``results`` from ``match_and_rank``), the other fits named, then
    programs needing information and non-fits, each with its cited reason."""
    if not profile.summary_lines():
        return Answer(
            "御社に合う制度を判定するには、会社の情報が必要です。業種、従業員数（パート含む）、所在地（都道府県）、"
            "予定している投資の内容と金額、AIで実現したいことを教えてください。",
            [],
            grounded=True,
        )
    cites = _Citations()
    lines: list[str] = ["いただいた情報と資料に記載された要件から判定しました（採択や対象を保証するものではありません）。"]
    recommended = sorted((r for r in results if r.recommended), key=lambda r: r.recommended)
    other_fits = [r for r in results if r.status == "fit" and not r.recommended]
    needs = [r for r in results if r.status == "needs_info" and not r.recommended]
    no_fits = [r for r in results if r.status == "no_fit"]
    if recommended:
        lines.append("")
        lines.append("■ おすすめの制度（御社の目標・規模に合う順）")
        lines.extend(_recommendation_line(r, cites) for r in recommended)
    if other_fits:
        names = "、".join(r.program_name for r in other_fits[:MAX_OTHER_FITS_NAMED])
        more = f"ほか{len(other_fits) - MAX_OTHER_FITS_NAMED}件" if len(other_fits) > MAX_OTHER_FITS_NAMED else ""
        lines.append("")
        lines.append(f"■ ほかに対象となる可能性が高い制度（{len(other_fits)}件）：{names}{'、' + more if more else ''}"
                     "（理由は制度カードの「ほかに対象となりうる制度」で確認できます）")
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
