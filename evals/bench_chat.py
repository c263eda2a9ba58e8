"""Chat-turn latency of the advisor session with the configured backend (extractive by default).

Runs whole turns (guard → profile → intent → chain → SQLite) the way the app does, over a mix of
owner questions from evals/datasets/retrieval.jsonl, company descriptions, matching, next-steps and
draft requests, in several sessions. Prints cold first turn, p50/p95/max overall and per intent,
and peak RSS. Target (issue 4): p95 < 1 s with the extractive backend on a 2-core machine.

    python evals/bench_chat.py [--turns 120] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from advisor.config import Settings, get_settings  # noqa: E402

PROFILE_MESSAGES = [
    "熊本県菊陽町で自動車部品を製造しています。従業員は45人です。",
    "福岡市の食品スーパーで、パート含め12人の会社です。",
    "年商3.2億円、従業員30名の建設業です。AIで見積作業を効率化したい。",
    "宮崎県で介護事業をしています。社員は三十人で、人手不足に悩んでいます。",
]
MATCHING_MESSAGES = ["うちの会社で使える補助金はありますか？", "どの制度が合いますか？"]
NEXT_STEP_MESSAGES = ["AXは何から始めればよいですか？", "補助金申請までの進め方を教えてください。"]
DRAFT_MESSAGES = ["ものづくり補助金の申請書のAXの部分の下書きを作ってください。"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def prepare_settings(args: argparse.Namespace) -> tuple[Settings, Path | None]:
    """A private copy of the index so the benchmark's sessions do not pollute the real database."""
    from advisor.ingest.indexer import ingest

    base = get_settings()
    if not (base.index_dir / "CURRENT").exists():
        print(f"index missing in {base.data_dir}; ingesting the bundled corpus first", file=sys.stderr)
        ingest(base, progress=False)
    tmp = Path(tempfile.mkdtemp(prefix="bench-chat-"))
    shutil.copytree(base.index_dir, tmp / base.index_dir.name)
    return base.model_copy(update={"data_dir": tmp}), tmp


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=120)
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    settings, tmp = prepare_settings(args)
    questions = [json.loads(line)["question"] for line in (REPO / "evals/datasets/retrieval.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(args.seed)
    pool = (
        [(q, "question") for q in questions]
        + [(m, "profile") for m in PROFILE_MESSAGES] * 6
        + [(m, "matching") for m in MATCHING_MESSAGES] * 6
        + [(m, "next_steps") for m in NEXT_STEP_MESSAGES] * 6
        + [(m, "draft") for m in DRAFT_MESSAGES] * 6
    )

    from advisor.session import Advisor

    t0 = time.perf_counter()
    advisor = Advisor(settings)
    sessions = [advisor.new_session() for _ in range(args.sessions)]
    advisor.turn(sessions[0], "中小企業省力化投資補助金の補助率は？")
    cold_s = time.perf_counter() - t0

    timings: list[float] = []
    by_intent: dict[str, list[float]] = {}
    slowest: list[tuple[float, int, str, str]] = []  # (seconds, turn, intent, message): what to look at
    for i in range(args.turns):
        message, _ = rng.choice(pool)
        sid = sessions[i % len(sessions)]
        start = time.perf_counter()
        result = advisor.turn(sid, message)
        elapsed = time.perf_counter() - start
        timings.append(elapsed)
        by_intent.setdefault(result.intent, []).append(elapsed)
        slowest = sorted([*slowest, (elapsed, i, result.intent, message)], reverse=True)[:3]

    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = {
        "backend": settings.llm_backend,
        "turns": len(timings),
        "cold_first_turn_s": round(cold_s, 3),
        "p50_ms": round(statistics.median(timings) * 1000, 1),
        "p95_ms": round(percentile(timings, 0.95) * 1000, 1),
        "max_ms": round(max(timings) * 1000, 1),
        "by_intent": {
            k: {"n": len(v), "p50_ms": round(statistics.median(v) * 1000, 1), "p95_ms": round(percentile(v, 0.95) * 1000, 1)}
            for k, v in sorted(by_intent.items())
        },
        "peak_rss_mb": round(peak_rss_mb, 1),
        "slowest": [{"ms": round(t * 1000, 1), "turn": i, "intent": intent, "message": m[:40]} for t, i, intent, m in slowest],
    }
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(f"backend: {report['backend']}  turns: {report['turns']}  sessions: {args.sessions}")
        print(f"cold start to first answered turn: {report['cold_first_turn_s']:.2f} s")
        print(f"turn latency: p50 {report['p50_ms']:.0f} ms, p95 {report['p95_ms']:.0f} ms, max {report['max_ms']:.0f} ms")
        for intent, row in report["by_intent"].items():
            print(f"  {intent:>11}: n={row['n']:3d}  p50 {row['p50_ms']:.0f} ms  p95 {row['p95_ms']:.0f} ms")
        print(f"peak RSS: {report['peak_rss_mb']:.0f} MiB")
        for row in report["slowest"]:
            print(f"  slow: turn {row['turn']} {row['intent']} {row['ms']:.0f} ms  {row['message']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
