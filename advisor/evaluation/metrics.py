"""Metrics shared by the evaluations: retrieval ranks and the answers' string matching.

The grounding figures (citation coverage, figure grounding) are not here: they are
advisor.chains.grounding.grounding_stats, built on the same sentence and figure rules the chains
enforce while composing an answer, so that what is measured is exactly what is enforced.
"""

from __future__ import annotations

from collections.abc import Sequence

from advisor.chains.grounding import normalize_figure
from advisor.text import compact

KS = (1, 5, 10)


def covering_rank(passages: Sequence[str], gold: Sequence[str]) -> int | None:
    """1-based rank at which every gold substring has been seen in passages[:rank], else None."""
    wanted = {compact(g) for g in gold if compact(g)}
    if not wanted:
        return None
    for rank, passage in enumerate(passages, start=1):
        text = compact(passage)
        wanted = {g for g in wanted if g not in text}
        if not wanted:
            return rank
    return None


def summarize(ranks: Sequence[int | None], ks: Sequence[int] = KS) -> dict[str, float]:
    n = len(ranks)
    out: dict[str, float] = {}
    for k in ks:
        out[f"recall@{k}"] = sum(1 for r in ranks if r is not None and r <= k) / n if n else 0.0
    out["mrr"] = sum(1.0 / r for r in ranks if r is not None) / n if n else 0.0
    out["n"] = n
    return out


def contains(text: str, needle: str) -> bool:
    """``needle`` is in ``text`` after NFKC, with whitespace and thousands commas ignored and
    fractions normalised (3分の2 = 2/3)."""
    return compact(needle) in compact(text) or normalize_figure(needle) in normalize_figure(text)
