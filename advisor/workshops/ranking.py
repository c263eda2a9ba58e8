"""The "most changed" ranking: stated, explainable criteria and nothing else.

Every point a company gets is traceable to one of four criteria, printed with the ranking and on
the recognition sheet, so the organiser can check each candidate by hand:

* readiness gain: latest readiness score minus the first one, 1 point per score point (a drop
  subtracts);
* actions completed: 10 points per action of the plan marked 完了;
* stage moved: 20 points per AI use stage (検討 → 試行 → 本格導入) moved, counting only stages the
  facilitator confirmed;
* recorded evidence: 10 points per evidence entry (a figure with the company's own words), at most 3.

Ties are broken by stage moved, then actions completed, then readiness gain, then evidence; what
is still tied shares a rank (no hidden order by name or join time). Only companies that took part
in at least two rounds are ranked: change needs a before and an after.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .series import CompanyProgress

POINTS_PER_READINESS_POINT = 1
POINTS_PER_COMPLETED_ACTION = 10
POINTS_PER_STAGE_STEP = 20
POINTS_PER_EVIDENCE = 10
MAX_EVIDENCE_COUNTED = 3
MIN_ROUNDS_FOR_RANKING = 2

CRITERIA_TEXT: tuple[str, ...] = (
    f"準備度の伸び（最新回のAX準備度スコア − 初回のスコア）: 1ポイントにつき{POINTS_PER_READINESS_POINT}点（下がった場合は減点）",
    f"完了した行動（行動計画で「完了」の件数）: 1件につき{POINTS_PER_COMPLETED_ACTION}点",
    f"AI活用段階の前進（検討 → 試行 → 本格導入、ファシリテーターが確認したもののみ）: 1段階につき{POINTS_PER_STAGE_STEP}点",
    f"記録された成果（数字と自社の言葉で記録したもの）: 1件につき{POINTS_PER_EVIDENCE}点（最大{MAX_EVIDENCE_COUNTED}件）",
    "同点の場合は、段階の前進 → 完了した行動 → 準備度の伸び → 成果の記録の順に比べ、それでも同じなら同順位",
    f"対象: {MIN_ROUNDS_FOR_RANKING}回以上参加した企業",
)


@dataclass(frozen=True)
class ChangeScore:
    readiness_gain: int
    actions_completed: int
    stage_steps: int
    evidence_count: int

    @property
    def evidence_counted(self) -> int:
        return min(self.evidence_count, MAX_EVIDENCE_COUNTED)

    @property
    def total(self) -> int:
        return (self.readiness_gain * POINTS_PER_READINESS_POINT
                + self.actions_completed * POINTS_PER_COMPLETED_ACTION
                + self.stage_steps * POINTS_PER_STAGE_STEP
                + self.evidence_counted * POINTS_PER_EVIDENCE)

    def order_key(self) -> tuple[int, int, int, int, int]:
        """Larger is better; equal keys share a rank."""
        return (self.total, self.stage_steps, self.actions_completed, self.readiness_gain, self.evidence_counted)

    def explanation(self) -> list[str]:
        return [
            f"準備度の伸び {self.readiness_gain:+d}ポイント → {self.readiness_gain * POINTS_PER_READINESS_POINT:+d}点",
            f"完了した行動 {self.actions_completed}件 → {self.actions_completed * POINTS_PER_COMPLETED_ACTION}点",
            f"AI活用段階の前進 {self.stage_steps}段階 → {self.stage_steps * POINTS_PER_STAGE_STEP}点",
            f"記録された成果 {self.evidence_count}件（算入{self.evidence_counted}件） → {self.evidence_counted * POINTS_PER_EVIDENCE}点",
        ]


@dataclass(frozen=True)
class RankedCompany:
    rank: int
    progress: CompanyProgress
    score: ChangeScore


def change_score(progress: CompanyProgress) -> ChangeScore:
    return ChangeScore(progress.readiness_gain, progress.actions_completed, progress.stage_steps, len(progress.evidence))


def rank_most_changed(progresses: Sequence[CompanyProgress]) -> list[RankedCompany]:
    """Eligible companies, best first, with standard competition ranks (1, 1, 3)."""
    eligible = [p for p in progresses if len(set(p.rounds_attended)) >= MIN_ROUNDS_FOR_RANKING]
    scored = sorted(((change_score(p), p) for p in eligible), key=lambda sp: sp[0].order_key(), reverse=True)
    ranked: list[RankedCompany] = []
    for position, (score, progress) in enumerate(scored, start=1):
        if ranked and ranked[-1].score.order_key() == score.order_key():
            rank = ranked[-1].rank
        else:
            rank = position
        ranked.append(RankedCompany(rank, progress, score))
    return ranked
