"""Where a search's time goes: seconds per stage, collected only while a caller asks for them
(evals/bench_retrieval.py prints the breakdown). Costs two perf_counter calls per stage otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from time import perf_counter

# embedding: the question's e5 vector; lexical: query expansion, Sudachi analysis and BM25 scores;
# dense: cosines against every chunk vector; fusion: candidate lists, fused scores, MMR, results.
STAGES = ("embedding", "lexical", "dense", "fusion")

_times: ContextVar[dict[str, float] | None] = ContextVar("advisor_search_stage_times", default=None)


@contextmanager
def collect_stage_times() -> Iterator[dict[str, float]]:
    """Seconds spent in each of STAGES by the searches run inside the block (summed when one
    search runs several passes, e.g. a comparison's sub-questions)."""
    times = dict.fromkeys(STAGES, 0.0)
    token = _times.set(times)
    try:
        yield times
    finally:
        _times.reset(token)


class StageClock:
    """Laps of one search pass: ``lap(stage)`` charges the time since the previous lap to ``stage``."""

    __slots__ = ("_times", "_last")

    def __init__(self) -> None:
        self._times = _times.get()
        self._last = perf_counter()

    def lap(self, stage: str) -> None:
        now = perf_counter()
        if self._times is not None:
            self._times[stage] += now - self._last
        self._last = now
