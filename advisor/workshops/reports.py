"""The round report, the recognition sheet (表彰候補) and case write-ups, as Markdown.

The screens turn this Markdown into a printable HTML page and a .docx, so both always say the
same thing. Privacy rules live here, in one place:

* the round report is for everyone (participants, the organiser, publication): aggregates only
  (counts over fixed vocabularies: readiness topics, profile topics, action categories,
  programs), never a company name, plus quotes from companies that agreed to be quoted and case
  write-ups from companies that agreed to publish them;
* the recognition sheet is for the organiser: it names the candidates (that is its purpose) with
  the figures behind their points; a company's own words appear only with its consent to be quoted.

All text was masked for personal data when it was stored; ``mask_pii`` runs again here so that a
report can never be the place where a missed number leaks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from advisor.inbound import mask_pii

from .ranking import CRITERIA_TEXT, RankedCompany
from .series import AI_STAGES, CompanyProgress, Round, Series

NO_CONSENT = "（本人の言葉は、引用の同意がないため掲載していません）"


def _line(text: str) -> str:
    """Stored text as one Markdown line: masked again, no line breaks, no Markdown control marks."""
    flat = " ".join(mask_pii(text or "").split())
    return flat.lstrip("#>-* ").strip()


def _counted(counter: Counter[str], unit: str = "社") -> list[str]:
    return [f"- {name}（{n}{unit}）" for name, n in counter.most_common()] or ["- （該当なし）"]


def _planned_date(series: Series, number: int) -> str:
    return series.planned_dates[number - 1] if 0 < number <= len(series.planned_dates) else ""


@dataclass
class RoundSummary:
    """The anonymised aggregate of one round: what the report and the projector may show."""

    present: list[CompanyProgress]
    first_timers: int
    average_readiness: int | None
    scored: int
    average_gain: int | None  # returning companies: this round's score minus their first
    gaps: Counter[str] = field(default_factory=Counter)
    topics: Counter[str] = field(default_factory=Counter)
    programs: Counter[str] = field(default_factory=Counter)
    worked: Counter[str] = field(default_factory=Counter)  # completed actions by category
    worked_companies: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    stages: Counter[str] = field(default_factory=Counter)  # confirmed stages this round
    quotes: list[str] = field(default_factory=list)  # consented words of this round, masked, one line each


def summarise_round(round_: Round, progresses: Sequence[CompanyProgress]) -> RoundSummary:
    n = round_.number
    present = [p for p in progresses if n in p.rounds_attended]
    scores = [int(p.readiness[n].score) for p in present if n in p.readiness and p.readiness[n].score is not None]
    gains = []
    for p in present:
        earlier = [r for r in p.scored_rounds() if r < n]
        if earlier and n in p.readiness and p.readiness[n].score is not None:
            gains.append(int(p.readiness[n].score or 0) - int(p.readiness[earlier[0]].score or 0))
    summary = RoundSummary(present, sum(1 for p in present if min(p.rounds_attended) == n),
                           round(sum(scores) / len(scores)) if scores else None, len(scores),
                           round(sum(gains) / len(gains)) if gains else None)
    for p in present:
        if n in p.readiness:
            summary.gaps.update(set(p.readiness[n].gaps))
        summary.topics.update(set(p.topics))
        summary.programs.update(set(p.programs))
        summary.statuses.update(a.status for a in p.actions)
        done = [a.category for a in p.actions if a.status == "完了"]
        summary.worked.update(done)
        summary.worked_companies.update(set(done))
        stage = p.stages.get(n)
        if stage and stage.confirmed:
            summary.stages[stage.chosen] += 1
        if p.company.consent_quote:
            checkin = p.checkins.get(n)
            if checkin and checkin.learned:
                summary.quotes.append(f"「{_line(checkin.learned)}」")
            summary.quotes += [f"「{_line(ev.words)}」（{ev.label}: {ev.figure_text()}）" for ev in p.evidence
                               if ev.round_number == n]
    return summary


def round_report_markdown(series: Series, round_: Round, progresses: Sequence[CompanyProgress]) -> str:
    """The report of one round: anonymised aggregates, consented quotes and consented cases."""
    n = round_.number
    summary = summarise_round(round_, progresses)
    present = summary.present
    date = _planned_date(series, n)
    lines = [f"# {series.name} {round_.label} 報告", ""]
    if series.region:
        lines.append(f"- 地域: {series.region}")
    if series.organiser:
        lines.append(f"- 主催: {series.organiser}")
    if date:
        lines.append(f"- 開催日: {date}")
    lines.append(f"- 参加企業数: {len(present)}社（初参加 {summary.first_timers}社、継続 {len(present) - summary.first_timers}社）")
    if summary.average_readiness is not None:
        lines.append(f"- AX準備度の平均: {summary.average_readiness}点（100点満点、{summary.scored}社が回答）")
    if summary.average_gain is not None:
        lines.append(f"- 継続参加企業の準備度の変化（初回比の平均）: {summary.average_gain:+d}点")
    stages, statuses, worked = summary.stages, summary.statuses, summary.worked
    if stages:
        lines.append("- AI活用の段階（確認済み）: " + "、".join(f"{s} {stages[s]}社" for s in AI_STAGES if stages[s]))
    if statuses:
        lines.append("- 行動計画の状況: " + "、".join(f"{s} {statuses[s]}件" for s in ("完了", "着手", "未着手", "断念") if statuses[s]))
    lines += ["", "## 参加企業に多かった課題（AX準備度チェックより）", "", *_counted(summary.gaps)]
    lines += ["", "## 関心の多かったテーマ", "", *_counted(summary.topics)]
    lines += ["", "## 成果につながった行動（完了した行動の分類）", ""]
    lines += [f"- {c}（{worked[c]}件、{summary.worked_companies[c]}社）" for c, _ in worked.most_common()] or [
        "- （まだ完了した行動はありません）"]
    lines += ["", "## 関連の深い制度（対象となりうる企業の数）", "", *_counted(summary.programs)]
    lines += ["", "※ 制度の要件と締切は、最新の公募要領で確認してください。"]
    quotes = [f"- {q}" for q in summary.quotes]
    lines += ["", "## 参加企業の声（引用に同意した企業のみ・企業名は伏せています）", ""]
    lines += quotes or ["- （引用に同意した声はまだありません）"]

    cases = [p for p in present if p.company.consent_case and p.case and p.case.complete]
    lines += ["", "## 事例（公表に同意した企業のみ）", ""]
    if not cases:
        lines.append("- （公表に同意した事例はまだありません）")
    for p in cases:
        lines += case_markdown(p, level=3)
    lines += ["", "※ この報告には、個社名や個別の回答は載せていません。引用と事例は、掲載に同意した企業のものだけです。"]
    return "\n".join(lines) + "\n"


def case_markdown(progress: CompanyProgress, level: int = 2) -> list[str]:
    """A case write-up in the documents' format: 課題 → 取組 → 成果 (caller checks consent)."""
    case = progress.case
    if case is None:
        return []
    mark = "#" * level
    return [f"{mark} {_line(progress.company.name)}", "", f"- 課題: {_line(case.challenge)}",
            f"- 取組: {_line(case.approach)}", f"- 成果: {_line(case.result)}", ""]


def recognition_sheet_markdown(series: Series, rounds: Sequence[Round], ranked: Sequence[RankedCompany],
                               today: str) -> str:
    """表彰候補: each candidate with the points of each criterion and the evidence behind them."""
    lines = [f"# 表彰候補 {series.name}", "", f"- 作成日: {today}", f"- 対象: 第1回〜第{len(rounds)}回"]
    if series.organiser:
        lines.append(f"- 提出先: {series.organiser}")
    lines += ["", "## 選考基準（この基準だけで順位を決めています）", "", *[f"- {c}" for c in CRITERIA_TEXT]]
    lines += ["", "## 候補", ""]
    if not ranked:
        lines.append("- （2回以上参加した企業がまだありません）")
    for r in ranked:
        p = r.progress
        lines += [f"### 第{r.rank}位 {_line(p.company.name)}（合計 {r.score.total}点）", ""]
        lines += [f"- {e}" for e in r.score.explanation()]
        trend = " → ".join(f"第{n}回 {p.readiness[n].score}点" for n in p.scored_rounds())
        lines.append(f"- 準備度の推移: {trend or '記録なし'}")
        stage_trend = " → ".join(
            f"第{n}回 {p.stages[n].chosen}{'（確認済み）' if p.stages[n].confirmed else '（未確認）'}" for n in sorted(p.stages))
        lines.append(f"- AI活用の段階: {stage_trend or '記録なし'}")
        done = [a for a in p.actions if a.status == "完了"]
        if done:
            if p.company.consent_quote:
                lines.append("- 完了した行動: " + " ／ ".join(f"{_line(a.text)}（{a.category}）" for a in done))
            else:
                lines.append("- 完了した行動（分類）: " + " ／ ".join(a.category for a in done))
        for ev in p.evidence:
            words = f" 「{_line(ev.words)}」" if p.company.consent_quote else NO_CONSENT
            lines.append(f"- 成果（第{ev.round_number}回）: {ev.label} {ev.figure_text()}{words}")
        if p.company.consent_case and p.case and p.case.complete:
            lines += [line.replace("- ", "- 事例（公表に同意済み）の", 1) for line in case_markdown(p)[2:5]]
        lines.append("")
    lines += ["※ 企業自身の言葉は、引用に同意した企業のものだけを載せています。数字は企業が記録した値です。"]
    return "\n".join(lines) + "\n"
