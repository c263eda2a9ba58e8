"""Load benchmark of the web service: N simulated owners asking questions through POST /api/ask.

Each simulated user keeps its own advisor session (the session id from its first answer), asks
realistic Japanese questions one after another with a short think time, and is seen by the server
as its own client (X-Forwarded-For from a trusted proxy, so the per-client rate limit applies per
user, as it would behind a reverse proxy). Prints p50/p95/max latency, throughput, errors and the
server's resident memory.

    .venv/bin/python evals/bench_load.py                       # starts `advisor serve` itself
    .venv/bin/python evals/bench_load.py --url http://127.0.0.1:7860 --pid 1234
    .venv/bin/python evals/bench_load.py --users 20 --duration 60 --json
    .venv/bin/python evals/bench_load.py --replicas 2 --database postgresql --users 40 --duration 60
        # nginx → 2 replicas on PostgreSQL + Chroma server (tests/cluster/topology.py), compared
        # with one replica on SQLite in the same run

Not a test: speed depends on the machine. Target on a 2-core CPU with the extractive backend:
0 errors and p95 < 3 s for 20 users.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests.live_server import die_with_parent, free_port, stop_process, wait_healthy  # noqa: E402 - after the path is set

# What owners ask, in the order a conversation tends to go: who we are, what fits, details.
OPENERS = [
    "熊本県の食品製造業で従業員30人です。受発注の手作業をAIで減らしたいです。",
    "福岡県で小売業を営んでいます。従業員は8人です。AIで在庫管理を効率化したい。",
    "金属加工の町工場で社員45人、年商6億円。検品を画像認識AIで自動化したいです。",
    "旅館を経営しています（従業員20人）。予約対応とシフト作成にAIを使いたい。",
    "建設業、従業員60人です。図面の管理と見積をデジタル化したいと考えています。",
    "運送業で従業員120人、配車計画をAIで最適化したいです。",
]
QUESTIONS = [
    "AXとは何ですか？何から始めればいいですか？",
    "中小企業省力化投資補助金の補助上限額と補助率を教えてください。",
    "デジタル化・AI導入補助金の対象経費は？",
    "ものづくり補助金とデジタル化・AI導入補助金の違いは？",
    "うちが使えそうな補助金はどれですか？",
    "申請の前に準備しておくことは？",
    "DX認定を取るとどんなメリットがありますか？",
    "地域で相談できる窓口はどこですか？",
    "賃上げの要件はありますか？",
    "AIを導入したいが社内に詳しい人がいません。どうすればいいですか？",
    "しょうりょくかのほじょきんについて教えて",
    "What subsidies can a small manufacturer use for AI tools?",
]


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cited: int = 0
    rss_samples: list[int] = field(default_factory=list)


def rss_bytes(pid: int) -> int:
    """Resident memory of a process and its children (uvicorn runs in the one process here)."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


async def user(n: int, url: str, deadline: float, think: tuple[float, float], stats: Stats, client: httpx.AsyncClient) -> None:
    rng = random.Random(n)
    headers = {"X-Forwarded-For": f"10.77.{n // 250}.{n % 250 + 1}"}
    session_id: str | None = None
    questions = [rng.choice(OPENERS)] + rng.sample(QUESTIONS, len(QUESTIONS))
    i = 0
    await asyncio.sleep(rng.uniform(0, think[1]))  # users do not all arrive in the same millisecond
    while time.monotonic() < deadline:
        body: dict[str, str] = {"question": questions[i % len(questions)]}
        if session_id:
            body["session_id"] = session_id
        i += 1
        start = time.perf_counter()
        try:
            r = await client.post(f"{url}/api/ask", json=body, headers=headers)
            elapsed = time.perf_counter() - start
            if r.status_code != 200:
                stats.errors.append(f"HTTP {r.status_code}: {r.text[:120]}")
            else:
                data = r.json()
                session_id = data["session_id"]
                stats.latencies.append(elapsed)
                stats.cited += bool(data.get("citations"))
        except httpx.HTTPError as exc:
            stats.errors.append(f"{type(exc).__name__}: {exc}")
        await asyncio.sleep(rng.uniform(*think))


async def sample_rss(pid: int | None, deadline: float, stats: Stats) -> None:
    while pid and time.monotonic() < deadline:
        stats.rss_samples.append(rss_bytes(pid))
        await asyncio.sleep(1.0)


async def run(url: str, users: int, duration: float, think: tuple[float, float], pid: int | None) -> Stats:
    stats = Stats()
    deadline = time.monotonic() + duration
    limits = httpx.Limits(max_connections=users + 5, max_keepalive_connections=users + 5)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        await asyncio.gather(
            sample_rss(pid, deadline, stats),
            *(user(n, url, deadline, think, stats, client) for n in range(users)),
        )
    return stats


def start_server(port: int) -> tuple[subprocess.Popen, Path]:
    """`advisor serve` on a copy of the current index (the benchmark's sessions stay out of it)."""
    from advisor.config import get_settings

    settings = get_settings()
    if not settings.index_dir.is_dir() or not any(settings.index_dir.iterdir()):
        sys.exit(f"no index in {settings.index_dir}: run `advisor ingest` first")
    data = Path(tempfile.mkdtemp(prefix="bench-load-")) / "data"
    shutil.copytree(settings.index_dir, data / "index")
    env = dict(os.environ, ADVISOR_DATA_DIR=str(data), ADVISOR_TRUSTED_PROXIES='["127.0.0.1/32"]',
               GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    # stderr to a file, not a pipe: nobody reads a pipe during the run, and a full one (64 KiB of
    # warnings) would block the server mid-benchmark.
    log = data.parent / "serve.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "advisor.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
                                env=env, stdout=subprocess.DEVNULL, stderr=fh, preexec_fn=die_with_parent)
    problem = wait_healthy(proc, f"http://127.0.0.1:{port}")
    if problem is None:
        return proc, data
    stop_process(proc)
    sys.exit(f"server {problem}: {log.read_text(errors='replace')[-2000:]}")


def start_cluster(replicas: int, database: str):
    """The deploy/compose.yaml topology on 127.0.0.1 (tests/cluster/topology.py): PostgreSQL,
    a Chroma server, the ingest job over the configured corpus, N replicas and nginx."""
    from advisor.config import get_settings
    from tests.cluster.topology import Cluster, tools_available

    missing = tools_available()
    if missing:
        sys.exit(f"--replicas needs {missing}")
    root = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    # The benchmark's users are distinct clients behind nginx; keep the normal per-client limit.
    cluster = Cluster(root, get_settings().corpus_dir, replicas_n=replicas, database=database,
                      extra_env={"ADVISOR_RATE_LIMIT_PER_MINUTE": str(get_settings().rate_limit_per_minute)})
    t0 = time.monotonic()
    cluster.start()
    print(f"cluster up in {time.monotonic() - t0:.0f}s: nginx {cluster.url}, replicas "
          + ", ".join(r.url for r in cluster.replicas), file=sys.stderr)
    return cluster, root


def wait_warm(url: str, timeout: float = 300.0) -> float:
    """Seconds until /healthz says ``"warm": true``: the server answers at once but loads the
    understanding exemplars' and the programs' vectors in the background first (tens of seconds
    on a new data directory, which is what the benchmark copies). Measuring during that load
    would time the start, not the service; the start is reported on its own line."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        try:
            if httpx.get(f"{url}/healthz", timeout=5).json().get("warm", True):
                return time.monotonic() - t0
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.5)
    sys.exit(f"{url} did not finish its warm-up in {timeout:.0f} s")


def measure(url: str, warm_urls: list[str], pids: list[int], args: argparse.Namespace) -> dict:
    warm_s = max(wait_warm(warm) for warm in warm_urls)
    for warm in warm_urls:
        # One warm-up question per process so that first-use loading (models, catalog) is not latency.
        httpx.post(f"{warm}/api/ask", json={"question": "AXとは？"}, timeout=180, headers={"X-Forwarded-For": "10.99.0.1"})
    pid = pids[0] if len(pids) == 1 else None
    rss_idle = sum(rss_bytes(p) for p in pids)
    t0 = time.monotonic()
    stats = asyncio.run(run(url, args.users, args.duration, tuple(args.think), pid))
    wall = time.monotonic() - t0
    rss_after = sum(rss_bytes(p) for p in pids)
    lat = sorted(stats.latencies)

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(round(p / 100 * (len(lat) - 1))))] if lat else float("nan")

    return {
        "users": args.users,
        "warm_up_s": round(warm_s, 1),
        "duration_s": round(wall, 1),
        "requests_ok": len(lat),
        "errors": len(stats.errors),
        "throughput_rps": round(len(lat) / wall, 2) if wall else 0.0,
        "p50_s": round(pct(50), 3),
        "p95_s": round(pct(95), 3),
        "max_s": round(lat[-1], 3) if lat else None,
        "mean_s": round(statistics.fmean(lat), 3) if lat else None,
        "answers_with_citations": stats.cited,
        "server_rss_mb_start": round(rss_idle / 2**20, 1) if pids else None,
        "server_rss_mb_end": round(rss_after / 2**20, 1) if pids else None,
        "server_rss_mb_peak": round(max(stats.rss_samples) / 2**20, 1) if stats.rss_samples else None,
        "first_errors": stats.errors[:5],
    }


def print_result(label: str, result: dict) -> None:
    print(f"[{label}] warm-up after start: {result['warm_up_s']} s (not measured)")
    print(f"[{label}] users={result['users']} duration={result['duration_s']}s ok={result['requests_ok']} "
          f"errors={result['errors']} throughput={result['throughput_rps']} req/s")
    print(f"[{label}] latency p50={result['p50_s']}s p95={result['p95_s']}s max={result['max_s']}s mean={result['mean_s']}s")
    print(f"[{label}] answers with citations: {result['answers_with_citations']}/{result['requests_ok']}")
    if result.get("server_rss_mb_end"):
        print(f"[{label}] server RSS (all replicas): {result['server_rss_mb_start']} MB after warm-up, "
              f"{result['server_rss_mb_end']} MB at the end")
    for e in result["first_errors"]:
        print(f"[{label}]   error:", e)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", help="target a running server instead of starting one")
    ap.add_argument("--pid", type=int, help="server process id for the memory figure (with --url)")
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--duration", type=float, default=60.0, help="seconds")
    ap.add_argument("--think", type=float, nargs=2, default=(2.0, 4.0), metavar=("MIN", "MAX"),
                    help="seconds a user waits between an answer and the next question")
    ap.add_argument("--replicas", type=int, default=1,
                    help="N > 1: start the deploy/compose.yaml topology (nginx, N replicas, Chroma server, database) "
                         "and compare it with one replica on SQLite in the same run")
    ap.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite",
                    help="with --replicas: the shared database (postgresql = a throwaway Debian PostgreSQL)")
    ap.add_argument("--no-baseline", action="store_true", help="with --replicas: skip the one-replica SQLite run")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    results: dict[str, dict] = {}
    if args.replicas > 1 or args.database == "postgresql":
        if args.replicas > 1 and args.database == "sqlite":
            sys.exit("--replicas > 1 needs --database postgresql (a SQLite file is not shared between machines)")
        if not args.no_baseline:
            port = free_port()
            proc, data_dir = start_server(port)
            try:
                results["one_replica_sqlite"] = measure(f"http://127.0.0.1:{port}", [f"http://127.0.0.1:{port}"], [proc.pid], args)
            finally:
                stop_process(proc, timeout=30)
                shutil.rmtree(data_dir.parent, ignore_errors=True)
        cluster, root = start_cluster(args.replicas, args.database)
        try:
            label = f"{args.replicas}_replicas_{args.database}_nginx"
            results[label] = measure(cluster.url, [r.url for r in cluster.replicas],
                                     [r.proc.pid for r in cluster.replicas if r.proc], args)
        finally:
            cluster.stop()
            shutil.rmtree(root, ignore_errors=True)
    else:
        proc = None
        data_dir = None
        url = (args.url or "").rstrip("/")
        pids = [args.pid] if args.pid else []
        if not url:
            port = free_port()
            proc, data_dir = start_server(port)
            url, pids = f"http://127.0.0.1:{port}", [proc.pid]
        try:
            results["server"] = measure(url, [url], pids, args)
        finally:
            if proc is not None:
                stop_process(proc)
            if data_dir is not None:
                shutil.rmtree(data_dir.parent, ignore_errors=True)

    if args.json:
        print(json.dumps(results if len(results) > 1 else next(iter(results.values())), ensure_ascii=False))
    else:
        for label, result in results.items():
            print_result(label, result)
        if len(results) == 2:
            base, multi = results.values()
            if base["throughput_rps"]:
                print(f"throughput ratio (cluster / one replica): {multi['throughput_rps'] / base['throughput_rps']:.2f}")
    return 0 if not any(r["errors"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
